"""The worksheets a therapist can set, and the plans a client can be asked to review.

They are data here: an id (the task's ``ref``), the words the client reads, the URL name of the
page where it is done, and how to tell whether the client has done it already (then the task asks
them to look at it again and mark it done themselves, rather than waiting for it to complete by
itself). A page that does not exist (yet) is not an error: the task then links to its own page,
where the client can mark it done.

The checks read other apps' models, imported when asked: those apps import homework.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from caseload.models import Client


def story_written(client: Client) -> bool:
    """Words in every step of My story (what completes the worksheet the first time)."""
    from narrative.queries import latest_versions
    from narrative.steps import all_steps

    latest = latest_versions(client)
    return all(step.id in latest and latest[step.id].has_words for step in all_steps())


def balance_written(client: Client) -> bool:
    from motivation.models import BalanceVersion

    return BalanceVersion.objects.filter(client=client).exists()


def values_chosen(client: Client) -> bool:
    from motivation.models import ValuesVersion

    return ValuesVersion.objects.filter(client=client).exists()


def safety_plan_written(client: Client) -> bool:
    from safety.models import SafetyPlan

    return SafetyPlan.objects.filter(client=client).with_something_written().exists()


def prevention_plan_written(client: Client) -> bool:
    from plan.models import PreventionPlan

    return PreventionPlan.objects.filter(client=client).exists()


def intake_sent(client: Client) -> bool:
    from intake.models import IntakeHistory

    return IntakeHistory.objects.filter(client=client, submitted_at__isnull=False).exists()


def recovery_plan_signed(client: Client) -> bool:
    """The client has signed the newest version, so there is nothing new for them to sign."""
    from plan.models import PlanVersion

    newest = PlanVersion.objects.filter(plan__client=client).order_by("-number")
    return newest.values_list("client_signed_at", flat=True).first() is not None


@dataclass(frozen=True)
class Place:
    """Somewhere in the client's pages a task can send them."""

    id: str
    label: str
    url_name: str
    done_already: Callable[[Client], bool]

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


WORKSHEETS: Mapping[str, Place] = {
    place.id: place
    for place in (
        Place("narrative", "My story", "narrative", story_written),
        Place("decisional-balance", "Decisional balance", "motivation_balance", balance_written),
        Place("values", "What matters to me", "motivation_values", values_chosen),
        Place("safety-plan", "My safety plan", "safety_plan", safety_plan_written),
        Place("prevention-plan", "My relapse-prevention plan", "plan_prevention", prevention_plan_written),
        Place("intake", "About me (intake history)", "intake", intake_sent),
    )
}

PLANS: Mapping[str, Place] = {
    place.id: place
    for place in (
        Place("recovery-plan", "My recovery plan", "plan", recovery_plan_signed),
        Place("prevention-plan", "My relapse-prevention plan", "plan_prevention", prevention_plan_written),
    )
}
