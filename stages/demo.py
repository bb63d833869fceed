"""Stages for the demo practice, written through the same actions as the web."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from caseload.models import Client
from stages.actions import do_move_stage
from stages.models import StageChange


@dataclass(frozen=True)
class Move:
    weeks_ago: float
    to_stage: int
    note: str
    reason: str
    confirmed: tuple[str, ...] = ()


# email -> (the stage they started in, their moves oldest first); each ends in demo.people's stage.
DEMO_MOVES: dict[str, tuple[int, list[Move]]] = {
    "jordan@demo.waymark.test": (
        1,
        [
            Move(
                8,
                2,
                "Intake and baseline measures done; keen to start. Plan drafted today.",
                "Narrative and readiness rulers not done yet: we agreed to keep writing the story alongside "
                "the abstinence plan rather than wait.",
            )
        ],
    ),
    "sam@demo.waymark.test": (
        1,
        [
            Move(14, 2, "Assessment complete. Agreed a 60-day period to start with.", "Narrative still in progress."),
            Move(
                7,
                3,
                "Strong first period; ready to bring in a group.",
                "Period not finished yet, but Sam asked to start the Thursday men's group now.",
            ),
            Move(
                3,
                2,
                "Three lapses in two weeks after the job change. Back to the abstinence plan and the device checklist.",
                "Agreed together that the plan and the devices need more attention before group work carries on.",
            ),
        ],
    ),
    "ravi@demo.waymark.test": (
        1,
        [
            Move(24, 2, "Assessment done. 90-day plan agreed.", "Readiness rulers to be repeated in session."),
            Move(
                10,
                3,
                "Plans signed and written, devices protected. Now attending SAA on Tuesdays.",
                "The 90 days end soon and there have been no lapses since week 3: moving on now.",
            ),
        ],
    ),
    "lin@demo.waymark.test": (
        1,
        [
            Move(40, 2, "Assessment done; 90-day plan agreed.", "Story to be finished during stage 2."),
            Move(26, 3, "All stage 2 work in place; sister now a supporter.", "Long streak, one lapse in week 9."),
            Move(
                10,
                4,
                "Stable for months; time for goals beyond abstinence.",
                "Everything in place; moving on as planned.",
                ("connected",),
            ),
        ],
    ),
}


def add_demo_stages() -> None:
    """Once per client: a client with any stage history is left as they are.

    load_demo creates each client already in their stage, so the history is replayed from the
    stage they started in, through do_move_stage, with the dates above.
    """
    now = timezone.now()
    for email, (start, moves) in DEMO_MOVES.items():
        client = Client.objects.filter(user__email=email).select_related("user", "practice").first()
        if client is None or StageChange.objects.filter(client=client).exists():
            continue
        assignment = client.current_assignment()
        if assignment is None or moves[-1].to_stage != client.stage:
            continue
        Client.objects.filter(pk=client.pk).update(stage=start, stage_since=client.created_at)
        client.stage, client.stage_since = start, client.created_at
        for move in moves:
            do_move_stage(
                assignment.therapist,
                client,
                move.to_stage,
                move.note,
                move.reason,
                confirmed=move.confirmed,
                at=now - timedelta(weeks=move.weeks_ago),
            )
