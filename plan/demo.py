"""Demo recovery plans: agreed plans that grew over a few versions, written through the actions."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from caseload.models import Client
from plan.actions import (
    Entry,
    do_review_prevention_plan,
    do_revise_plan,
    do_save_prevention_plan,
    do_sign,
    do_start_plan,
)
from plan.models import PreventionPlan, RecoveryPlan

BREACH = "Any inner-circle behaviour, on purpose. A stray image I look away from at once is not a breach."


@dataclass(frozen=True)
class Revision:
    weeks_ago: float
    by_therapist: bool
    note: str
    circles: dict[str, list[str]]
    days: int | None = None
    signed_by: tuple[str, ...] = ("client", "therapist")


@dataclass(frozen=True)
class DemoPlan:
    email: str
    weeks_ago: float  # drafted, and the period began, this long ago
    days: int
    circles: dict[str, list[str]]
    revisions: list[Revision] = field(default_factory=list)


INNER = ["Watching pornography", "Cam sites", "Sexting strangers"]
MIDDLE = ["Scrolling social media in bed after midnight", "Being alone with my phone when stressed"]
OUTER = ["Morning run", "Calling my brother", "Cooking dinner with friends"]

PLANS = [
    DemoPlan(
        "jordan@demo.waymark.test",
        weeks_ago=8,
        days=90,
        circles={"inner": INNER, "middle": MIDDLE[:1], "outer": OUTER[:2]},
        revisions=[
            Revision(
                5,
                by_therapist=True,
                note="Added warning signs we found in session",
                circles={"middle": [*MIDDLE, "Skipping meals and sleep"], "outer": [*OUTER[:2], "Guitar practice"]},
            ),
            # The newest version is signed by Jordan and waits for the therapist.
            Revision(
                0.5,
                by_therapist=False,
                note="Dating apps belong in the inner circle",
                circles={"inner": [*INNER, "Dating apps for hook-ups"]},
                signed_by=("client",),
            ),
        ],
    ),
    DemoPlan(
        "sam@demo.waymark.test",
        weeks_ago=14,
        days=60,
        circles={
            "inner": ["Watching pornography", "Paying for sexual services"],
            "middle": ["Hotel stays alone on work trips", "Drinking more than two beers"],
            "outer": ["Swimming", "Sunday lunch with my parents"],
        },
        revisions=[
            Revision(
                7,
                by_therapist=True,
                note="Extended to 90 days, as agreed",
                days=90,
                circles={"outer": ["Swimming", "Sunday lunch with my parents", "Men's group on Thursdays"]},
            ),
        ],
    ),
    DemoPlan(
        "ravi@demo.waymark.test",
        weeks_ago=24,
        days=90,
        circles={
            "inner": ["Watching pornography", "Cam sites", "Anonymous chat rooms"],
            "middle": ["Working past 10 pm", "Keeping my phone in the bedroom", "Skipping meals and sleep"],
            "outer": ["Morning run", "Calling my brother", "Cooking dinner with friends", "Evening walk with the dog"],
        },
        revisions=[
            Revision(
                18,
                by_therapist=False,
                note="Moved late nights into the middle circle",
                circles={
                    "middle": [
                        "Working past 10 pm",
                        "Keeping my phone in the bedroom",
                        "Skipping meals and sleep",
                        "Scrolling social media in bed after midnight",
                    ]
                },
            ),
            Revision(
                9,
                by_therapist=True,
                note="Review after the first 90 days",
                circles={
                    "outer": [
                        "Morning run",
                        "Calling my brother",
                        "Cooking dinner with friends",
                        "SAA meeting on Tuesdays",
                    ]
                },
            ),
        ],
    ),
    DemoPlan(
        "lin@demo.waymark.test",
        weeks_ago=40,
        days=90,
        circles={
            "inner": ["Sexting strangers", "Hook-up apps", "Watching pornography"],
            "middle": ["Being alone with my phone when stressed", "Saying yes to every late shift"],
            "outer": ["Pottery class", "Cooking dinner with friends"],
        },
        revisions=[
            Revision(
                30,
                by_therapist=True,
                note="Added what helps on hard evenings",
                circles={"outer": ["Pottery class", "Cooking dinner with friends", "Calling my sister", "Yoga"]},
            ),
        ],
    ),
]


def add_demo_plans() -> None:
    """Give each demo client in PLANS their plan's history; clients who already have a plan are left alone."""
    now = timezone.now()
    clients = {c.user.email: c for c in Client.objects.select_related("user", "practice")}
    for spec in PLANS:
        client = clients.get(spec.email)
        if client is None or RecoveryPlan.objects.filter(client=client).exists():
            continue
        assignment = client.current_assignment()
        if assignment is None:
            continue
        people = {"client": client.user, "therapist": assignment.therapist}
        drafted = now - timedelta(weeks=spec.weeks_ago)
        version = do_start_plan(
            people["therapist"],
            client,
            timezone.localdate(drafted),
            spec.days,
            BREACH,
            spec.circles,
            "First version, drafted in session",
            at=drafted,
        )
        for who in ("client", "therapist"):
            version = do_sign(people[who], version, at=drafted + timedelta(hours=1))
        for revision in spec.revisions:
            at = now - timedelta(weeks=revision.weeks_ago)
            actor = people["therapist" if revision.by_therapist else "client"]
            version = do_revise_plan(
                actor, client, abstinence_days=revision.days, circles=revision.circles, change_note=revision.note, at=at
            )
            for offset, who in enumerate(revision.signed_by, start=1):
                version = do_sign(people[who], version, at=at + timedelta(hours=offset))


@dataclass(frozen=True)
class DemoPrevention:
    email: str
    weeks_ago: float  # written this long ago
    entries: list[Entry]
    people: str
    reviewed_weeks_ago: float | None = None  # with the therapist, in session


TRIGGER, SIGN, RISK = "trigger", "warning_sign", "high_risk_situation"

PREVENTION = [
    DemoPrevention(
        "jordan@demo.waymark.test",
        weeks_ago=6,
        entries=[
            Entry(TRIGGER, "Feeling lonely after an argument", "Text my brother and go for a run", "Evenings"),
            Entry(TRIGGER, "Boredom with nothing planned", "Pick something from my outer circle and start it"),
            Entry(SIGN, "Skipping meals and sleep", "Eat something proper and be in bed by 11"),
            Entry(SIGN, "Telling myself one look won't hurt", "Say it out loud, then leave the room"),
            Entry(RISK, "Alone at home with my phone", "Charge it in the kitchen and read instead", "Friday nights"),
        ],
        people="Marcus (brother) 9123 4567\nDr Tan, in the app between sessions",
        reviewed_weeks_ago=2,
    ),
    DemoPrevention(
        "sam@demo.waymark.test",
        weeks_ago=10,
        entries=[
            Entry(TRIGGER, "Stress after a hard day at work", "Swim thirty lengths before going home"),
            Entry(SIGN, "Drinking more than two beers", "Switch to water and call it a night"),
            Entry(
                RISK,
                "Hotel stays alone on work trips",
                "Book rooms without a minibar; call home at 9 pm",
                "Weeknights away",
            ),
        ],
        people="Dad +65 8234 5678\nMen's group WhatsApp",
        reviewed_weeks_ago=4,
    ),
    DemoPrevention(
        "ravi@demo.waymark.test",
        weeks_ago=20,
        entries=[
            Entry(TRIGGER, "Feeling rejected", "Write it down and take the dog out", "After family visits"),
            Entry(TRIGGER, "Exhaustion after long shifts", "Shower, eat, and put the phone in the hall"),
            Entry(SIGN, "Working past 10 pm", "Stop at 9:30 and close the laptop"),
            Entry(SIGN, "Keeping secrets about my evenings", "Tell my sponsor the same day"),
            Entry(
                RISK, "Sunday afternoons with nothing planned", "Plan Sunday on Saturday: a walk and a call", "Sundays"
            ),
            Entry(RISK, "The first hour after a big deadline", "Go to the Tuesday meeting or phone my sponsor"),
        ],
        people="Priya (sponsor) 9876 5432\nMy brother Dev 9011 2233\nSAA helpline",
        reviewed_weeks_ago=9,
    ),
    DemoPrevention(
        "lin@demo.waymark.test",
        weeks_ago=30,
        entries=[
            Entry(TRIGGER, "Loneliness on days off", "Call my sister or go to pottery"),
            Entry(SIGN, "Saying yes to every late shift", "Say no to one shift a week"),
            Entry(RISK, "Late nights after a shift", "Yoga video, then straight to bed", "After 11 pm"),
        ],
        people="Mei (sister) 9345 6789",
    ),
]


def add_demo_prevention_plans() -> None:
    """Give each demo client in PREVENTION their relapse-prevention plan; existing plans are left alone."""
    now = timezone.now()
    clients = {c.user.email: c for c in Client.objects.select_related("user", "practice")}
    for spec in PREVENTION:
        client = clients.get(spec.email)
        if client is None or PreventionPlan.objects.filter(client=client).exists():
            continue
        assignment = client.current_assignment()
        if assignment is None:
            continue
        at = now - timedelta(weeks=spec.weeks_ago)
        do_save_prevention_plan(client.user, client, spec.entries, spec.people, at=at)
        if spec.reviewed_weeks_ago is not None:
            reviewed = now - timedelta(weeks=spec.reviewed_weeks_ago)
            do_review_prevention_plan(assignment.therapist, client, at=reviewed)
