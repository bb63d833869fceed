"""Goals for the demo practice, written through the same actions as the web."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from caseload.models import Client
from goals.actions import do_add_goal, do_add_step, do_change_goal, do_review_goal, do_tick_step
from goals.models import Goal, GoalStatus

CLIENT, THERAPIST = "client", "therapist"


@dataclass(frozen=True)
class DemoStep:
    text: str
    done_weeks_ago: float | None = None


@dataclass(frozen=True)
class DemoReview:
    weeks_ago: float
    by: str
    progress: int
    note: str = ""


@dataclass(frozen=True)
class DemoGoal:
    weeks_ago: float
    by: str
    domain: str
    title: str
    description: str = ""
    steps: list[DemoStep] = field(default_factory=list)
    reviews: list[DemoReview] = field(default_factory=list)
    achieved_weeks_ago: float | None = None


DEMO_GOALS: dict[str, list[DemoGoal]] = {
    "lin@demo.waymark.test": [
        DemoGoal(
            9.5,
            THERAPIST,
            "relationships",
            "Rebuild trust with my sister",
            "Be someone she can rely on again, and say sorry for the years I was absent.",
            [
                DemoStep("Tell her about the programme, in my own words", 9),
                DemoStep("Have dinner together once a month", 6),
                DemoStep("Write a letter of amends, and go through it in session first"),
            ],
            [
                DemoReview(9, CLIENT, 2, "Told her. She listened, which was more than I hoped."),
                DemoReview(5, THERAPIST, 4, "Monthly dinners are happening; Lin is nervous about the letter."),
                DemoReview(1, CLIENT, 6, "Started a draft of the letter."),
            ],
        ),
        DemoGoal(
            9,
            CLIENT,
            "self_care",
            "Asleep by 11 on weeknights",
            "",
            [DemoStep("Phone charges in the kitchen", 8), DemoStep("Wind-down: tea and a book from 10:15", 7)],
            [
                DemoReview(8, CLIENT, 3),
                DemoReview(4, CLIENT, 6, "Most nights now. Friday is still hard."),
                DemoReview(1, THERAPIST, 8, "Sleep much steadier; mood scores follow."),
            ],
        ),
        DemoGoal(
            7,
            CLIENT,
            "meaning",
            "Find volunteer work I care about",
            "Something with animals or with the outdoors, a few hours a week.",
            [DemoStep("List three places nearby", 6), DemoStep("Go to the animal shelter's open day")],
            [DemoReview(6, CLIENT, 2, "Found the shelter and a beach clean-up group.")],
        ),
        DemoGoal(
            9,
            THERAPIST,
            "internet",
            "Screen-free evenings after 9",
            "",
            [DemoStep("Laptop stays at work", 8), DemoStep("Router timer from 21:00 to 07:00", 7)],
            [DemoReview(6, CLIENT, 7), DemoReview(2, THERAPIST, 10, "Holding for six weeks: achieved.")],
            achieved_weeks_ago=2,
        ),
        DemoGoal(
            3,
            THERAPIST,
            "trauma",
            "Start trauma-focused therapy",
            "Work on the childhood memories that come up around shame, with a specialist.",
            [DemoStep("Talk through a referral for EMDR in session")],
        ),
    ],
    "ravi@demo.waymark.test": [
        DemoGoal(
            5,
            CLIENT,
            "social",
            "Say yes to one social plan a week",
            "",
            [DemoStep("Join the Tuesday group for coffee after the meeting", 4), DemoStep("Call an old friend")],
            [DemoReview(2, CLIENT, 4, "Coffee after the meeting has become a habit.")],
        ),
        DemoGoal(
            2,
            THERAPIST,
            "internet",
            "YouTube on weekends only",
            "",
            [DemoStep("Remove the app from my phone", 2)],
        ),
    ],
}


def add_demo_goals() -> None:
    """Once per client: a client who already has goals is left as they are."""
    now = timezone.now()
    for email, goals in DEMO_GOALS.items():
        client = Client.objects.filter(user__email=email).select_related("user", "practice").first()
        if client is None or Goal.objects.filter(client=client).exists():
            continue
        assignment = client.current_assignment()
        if assignment is None:
            continue
        people = {CLIENT: client.user, THERAPIST: assignment.therapist}
        for spec in goals:
            added = now - timedelta(weeks=spec.weeks_ago)
            goal = do_add_goal(people[spec.by], client, spec.domain, spec.title, spec.description, at=added)
            for step_spec in spec.steps:
                step = do_add_step(people[spec.by], goal, step_spec.text, at=added)
                if step_spec.done_weeks_ago is not None:
                    do_tick_step(client.user, step, True, at=now - timedelta(weeks=step_spec.done_weeks_ago))
            for review in spec.reviews:
                at = now - timedelta(weeks=review.weeks_ago)
                do_review_goal(people[review.by], goal, review.progress, review.note, at=at)
            if spec.achieved_weeks_ago is not None:
                do_change_goal(
                    people[THERAPIST],
                    goal,
                    domain=goal.domain,
                    title=goal.title,
                    description=goal.description,
                    target_date=goal.target_date,
                    status=GoalStatus.ACHIEVED,
                    at=now - timedelta(weeks=spec.achieved_weeks_ago),
                )
