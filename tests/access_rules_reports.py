"""Access rules for the progress report (reports/): the period form and the PDF (the default period)."""

from typing import TYPE_CHECKING, Any

from tests.access_rules import ALEX_THERAPIST_ONLY, Rule

if TYPE_CHECKING:
    from lib.testing import WaymarkTestCase


def alex_report(case: "WaymarkTestCase") -> dict[str, Any]:
    return {"client_id": case.client_record.public_id}


RULES: dict[str, Rule] = {
    "client_report": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_report),
    "client_report_pdf": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_report),
}
