"""Access rules for the client record's timeline (caseload/record_views.py)."""

from tests.access_rules import ALEX_THERAPIST_ONLY, Rule, alex_record

RULES: dict[str, Rule] = {
    "client_timeline": Rule(ALEX_THERAPIST_ONLY, kwargs=alex_record),
}
