"""Homework for the demo practice, written through the same actions as the web."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from caseload.models import Client
from demo import people
from homework.actions import NewTask, client_today, do_assign_task, do_complete_task
from homework.assignable import reading_modules
from homework.models import Kind, Task


@dataclass(frozen=True)
class DemoTask:
    kind: Kind
    ref: str = ""
    title: str = ""
    instructions: str = ""
    days_ago: int = 0  # set this many days ago
    due_in: int | None = None  # days after it was set
    done_after: int | None = None  # days after it was set; None: still open
    note: str = ""


# A reading is named by the modules it would like, the first one the course has; none: no reading.
READING = "reading"

TASKS: dict[str, list[DemoTask]] = {
    "alex@demo.waymark.test": [
        DemoTask(
            Kind.WORKSHEET,
            "intake",
            instructions="Take your time; one topic a day is fine.",
            days_ago=20,
            due_in=7,
            done_after=5,
            note="Harder than I expected, but I got through it.",
        ),
        DemoTask(
            Kind.READING,
            READING,
            instructions="Notice which of the HALT states show up most for you.",
            days_ago=2,
            due_in=4,
        ),
        DemoTask(
            Kind.WORKSHEET,
            "narrative",
            instructions="Just the first step for now: how it started.",
            days_ago=2,
            due_in=12,
        ),
    ],
    "jordan@demo.waymark.test": [
        DemoTask(
            Kind.WORKSHEET,
            "decisional-balance",
            days_ago=40,
            due_in=7,
            done_after=6,
            note="Seeing the costs written down made them feel real.",
        ),
        DemoTask(
            Kind.CUSTOM,
            title="Plan one evening with friends",
            days_ago=14,
            due_in=7,
            done_after=5,
            instructions="Something you would enjoy, away from screens.",
            note="Went climbing with Dan on Thursday. I'd forgotten how much I like it.",
        ),
        DemoTask(
            Kind.PLAN_REVIEW,
            "prevention-plan",
            instructions="Add the late-night warning sign we talked about.",
            days_ago=3,
            due_in=4,
        ),
        DemoTask(Kind.READING, READING, days_ago=1, due_in=9),
    ],
    "sam@demo.waymark.test": [
        DemoTask(Kind.READING, READING, days_ago=30, due_in=7, done_after=3, note="The HALT idea was useful."),
        DemoTask(
            Kind.CUSTOM,
            title="Notice the hungry-angry-lonely-tired moments",
            instructions="Jot one down each day this week, however small.",
            days_ago=9,
            due_in=7,
            done_after=8,
            note="Tired came up most. Evenings after work.",
        ),
        DemoTask(Kind.CUSTOM, title="Try the breathing exercise twice", days_ago=2, due_in=3),
    ],
    "ravi@demo.waymark.test": [
        DemoTask(
            Kind.PLAN_REVIEW,
            "recovery-plan",
            days_ago=21,
            due_in=7,
            done_after=4,
            note="Still fits. I'd like to talk about the middle circle.",
        ),
        DemoTask(Kind.READING, READING, days_ago=4, due_in=3),
    ],
    "lin@demo.waymark.test": [
        DemoTask(Kind.WORKSHEET, "values", days_ago=35, due_in=14, done_after=10, note="Family and music, again."),
        DemoTask(
            Kind.CUSTOM, title="Write to your sister", instructions="No need to send it yet.", days_ago=5, due_in=9
        ),
    ],
}

# The module each demo client's reading prefers (one they have not finished in learning's demo);
# if the course does not have it, its first module.
READINGS = {
    "alex@demo.waymark.test": ["triggers-halt"],
    "jordan@demo.waymark.test": ["abstinence-periods"],
    "sam@demo.waymark.test": ["triggers-halt"],
    "ravi@demo.waymark.test": ["mindfulness-and-emotions"],
}


def _reading_for(email: str, available: list[str]) -> str | None:
    wanted = [slug for slug in READINGS.get(email, []) if slug in available]
    return wanted[0] if wanted else (available[0] if available else None)


def add_demo_homework() -> None:
    """Idempotent: safe to run on every `make run`. A client who already has tasks is left alone."""
    modules = [module.slug for module in reading_modules()]
    now = timezone.now()
    for spec in people.CLIENTS:
        client = Client.objects.select_related("user", "practice").filter(user__email=spec.email).first()
        if client is None or client.is_discharged or Task.objects.filter(client=client).exists():
            continue
        assignment = client.current_assignment()
        if assignment is None:
            continue
        for demo in TASKS.get(spec.email, []):
            ref = demo.ref
            if demo.kind == Kind.READING:
                ref = _reading_for(spec.email, modules) or ""
                if not ref:
                    continue  # no course yet
            at = now - timedelta(days=demo.days_ago)
            due_on = client_today(client, at) + timedelta(days=demo.due_in) if demo.due_in is not None else None
            new = NewTask(demo.kind, ref, demo.title, demo.instructions, due_on)
            task = do_assign_task(assignment.therapist, client, new, at=at)
            if demo.done_after is not None:
                do_complete_task(client.user, task, demo.note, at=at + timedelta(days=demo.done_after))
