"""Plans for the cast, made through the actions as a person would make them."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from caseload.models import Client
from lib.testing import WaymarkTestCase
from plan.actions import do_revise_plan, do_sign, do_start_plan
from plan.models import PlanVersion

INNER = ["Watching pornography", "Cam sites", "Sexting strangers"]
MIDDLE = ["Scrolling social media in bed after midnight", "Being alone with my phone when stressed"]
OUTER = ["Morning run", "Calling my brother", "Cooking dinner with friends"]
CIRCLES = {"inner": INNER, "middle": MIDDLE, "outer": OUTER}


def singapore_today() -> date:
    """The cast's practice (and so Alex) is in Singapore."""
    return timezone.localdate(timezone=timezone.get_fixed_timezone(8 * 60))


class PlanTestCase(WaymarkTestCase):
    def start(self, actor: User | None = None, client: Client | None = None, **changes: object) -> PlanVersion:
        fields: dict[str, object] = {
            "abstinence_starts_on": singapore_today() - timedelta(days=22),
            "abstinence_days": 90,
            "breach_definition": "Any inner-circle behaviour, on purpose.",
            "circles": CIRCLES,
        }
        fields.update(changes)
        return do_start_plan(actor or self.alex, client or self.client_record, **fields)  # type: ignore[arg-type]

    def agree(self, version: PlanVersion) -> PlanVersion:
        do_sign(self.alex, version)
        return do_sign(self.therapist, version)

    def revise(self, actor: User | None = None, **changes: object) -> PlanVersion:
        return do_revise_plan(actor or self.alex, self.client_record, **changes)  # type: ignore[arg-type]
