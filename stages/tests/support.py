"""Records that meet each stage's exit criteria, built the way the other areas write them."""

from datetime import datetime, timedelta

from django.utils import timezone

from caseload.models import Client
from connect.models import SupporterGrant
from devices.actions import do_add_device, do_set_steps
from devices.steps import STEPS
from intake.models import IntakeHistory
from measures.models import Administration, Status
from narrative.actions import do_save_step
from plan.actions import Entry, do_save_prevention_plan
from safety.plan_actions import do_save_safety_plan
from tracking.tests.support import agree_plan


def completed(client: Client, instrument: str, at: datetime | None = None) -> Administration:
    at = at or timezone.now()
    return Administration.objects.create(
        client=client,
        instrument_id=instrument,
        due_on=at.date(),
        status=Status.SUBMITTED,
        submitted_at=at,
        answers={},
        total=0,
    )


def meet_stage_1(client: Client) -> None:
    """Intake sent, PHQ-9, GAD-7, ASQ and readiness rulers done, the narrative started."""
    IntakeHistory.objects.create(client=client, submitted_at=timezone.now())
    for instrument in ("phq9", "gad7", "asq", "readiness"):
        completed(client, instrument)
    do_save_step(client.user, "beginning", "It started at university.")


def meet_stage_2(client: Client, days_sober: int = 10) -> None:
    """An agreed plan, every device protected, a relapse-prevention plan and a safety plan."""
    agree_plan(client, timezone.localdate() - timedelta(days=days_sober))
    device = do_add_device(client.user, "phone")
    do_set_steps(client.user, device, {step.id: ("done", "") for step in STEPS})
    do_save_prevention_plan(client.user, client, [Entry("trigger", "Feeling lonely", "Call my brother")], "")
    do_save_safety_plan(client.user, client, {"people": "My sister Jo"})


def meet_stage_3(client: Client) -> None:
    """A full abstinence period behind them (the stage 2 record, sober for 100 days); Sam supports Alex already."""
    meet_stage_2(client, days_sober=100)
    assert SupporterGrant.objects.filter(client=client).exists()
