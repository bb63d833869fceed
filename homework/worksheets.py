"""The worksheets a therapist can set, and the plans a client can be asked to review.

They are data here: an id (the task's ``ref``), the words the client reads and the
URL name of the page where it is done. A page that does not exist (yet) is not an error: the task
then links to its own page, where the client can mark it done.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Place:
    """Somewhere in the client's pages a task can send them."""

    id: str
    label: str
    url_name: str

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


WORKSHEETS: Mapping[str, Place] = {
    place.id: place
    for place in (
        Place("narrative", "My story", "narrative"),
        Place("decisional-balance", "Decisional balance", "motivation_balance"),
        Place("values", "What matters to me", "motivation_values"),
        Place("safety-plan", "My safety plan", "safety_plan"),
        Place("prevention-plan", "My relapse-prevention plan", "plan_prevention"),
        Place("intake", "About me (intake history)", "intake"),
    )
}

PLANS: Mapping[str, Place] = {
    place.id: place
    for place in (
        Place("recovery-plan", "My recovery plan", "plan"),
        Place("prevention-plan", "My relapse-prevention plan", "plan_prevention"),
    )
}
