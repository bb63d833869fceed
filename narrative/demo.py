"""Narrative for the demo practice, written through the same actions as the web."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from caseload.models import Client
from narrative.actions import do_comment_on_step, do_mark_comments_seen, do_save_step
from narrative.models import StepVersion


@dataclass(frozen=True)
class Save:
    step: str
    days_ago: float
    text: str
    chosen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    step: str
    days_ago: float
    text: str
    seen_days_ago: float | None = None  # when the client opened the step afterwards


@dataclass(frozen=True)
class DemoStory:
    email: str
    saves: list[Save]
    notes: list[Note] = field(default_factory=list)


BEGINNING_FIRST = (
    "I was about twelve. A friend showed me something on his brother's laptop and I could not stop thinking about it."
)
BEGINNING = (
    BEGINNING_FIRST + "\n\nAfter that I looked for it on the family computer late at night, when everyone was asleep. "
    "Nobody talked about sex at home, so it felt like a secret world that was only mine."
)

STORIES = [
    DemoStory(
        "alex@demo.waymark.test",
        saves=[
            Save("beginning", 15, BEGINNING_FIRST),
            Save("growing", 15, "At university it went from a few times a month to most nights, mostly on my phone."),
            Save("beginning", 8, BEGINNING),
            Save(
                "growing",
                8,
                "At university it went from a few times a month to most nights, mostly on my phone. "
                "When I started working it moved into lunch breaks too, and I began watching things I did not "
                "even like, just because they were new.",
            ),
            Save(
                "harder-times",
                3,
                "It got worse in my final year, when my dad was ill, and again after Mia and I broke up. "
                "Last winter, with the deadlines at work, I was up until 2 am most nights.",
            ),
        ],
        notes=[
            Note(
                "harder-times",
                2,
                "Thank you for writing this, Alex. I notice each of these times was a loss or a lot of pressure. "
                "Shall we look at that together on Thursday?",
            )
        ],
    ),
    DemoStory(
        "jordan@demo.waymark.test",
        saves=[
            Save("beginning", 60, "Magazines at fourteen, then the internet once we got broadband at home."),
            Save(
                "growing",
                58,
                "Over fifteen years it moved from videos to chat and cam sites. The chat felt like someone was "
                "actually there.",
            ),
            Save("harder-times", 50, "Every time I changed jobs, and the year my partner worked abroad."),
            Save(
                "what-it-does",
                40,
                "Sunday evenings before the week starts are the worst. It switches my head off.",
                ("numbing", "avoidance", "connection"),
            ),
        ],
        notes=[
            Note(
                "what-it-does",
                38,
                "Connection stands out here. Let's think about where else you could find some of that.",
                seen_days_ago=37,
            )
        ],
    ),
    DemoStory(
        "sam@demo.waymark.test",
        saves=[
            Save(
                "beginning",
                100,
                "I would rather not go into the very start yet. It has been part of my life for twenty years.",
            ),
            Save("costs", 95, "Money, mostly, and the trust of my wife. Hours of sleep I will never get back."),
        ],
    ),
    DemoStory(
        "ravi@demo.waymark.test",
        saves=[
            Save("beginning", 170, "At sixteen, on the shared computer in my uncle's house."),
            Save("growing", 170, "Through my twenties it filled every evening I was alone."),
            Save("harder-times", 168, "Night shifts. The months after my engagement ended. My mother's illness."),
            Save(
                "what-it-does",
                165,
                "After a bad shift it was the only thing that made the noise stop.",
                ("self-soothing", "escape", "excitement"),
            ),
            Save("costs", 160, "My engagement, in part. Sleep. A lot of money on subscriptions. My self-respect."),
            Save(
                "instead",
                158,
                "To be someone my nephews can rely on, to sleep properly, and to be honest with a partner one day.",
            ),
            Save(
                "instead",
                60,
                "To be someone my nephews can rely on, to sleep properly, and to be honest with a partner one day. "
                "Now I would add: to keep going to the Tuesday meeting, and to cook for friends again.",
            ),
        ],
        notes=[
            Note("costs", 150, "This took courage to write. We will come back to it in session.", seen_days_ago=149),
        ],
    ),
    DemoStory(
        "lin@demo.waymark.test",
        saves=[
            Save("beginning", 300, "A boyfriend's DVDs when I was seventeen; later, the internet."),
            Save("growing", 300, "Slowly at first, then fast when I started working night shifts alone."),
            Save("harder-times", 298, "When my sister moved to Australia, and during the long hospital rotations."),
            Save("what-it-does", 296, "It was company at 3 am.", ("connection", "self-soothing", "escape")),
            Save("costs", 294, "Friendships I let slide, and the feeling of being a fraud at work."),
            Save("instead", 290, "Pottery, my sister's calls, and evenings that end with a book."),
        ],
        notes=[
            Note("instead", 280, "Lovely to read. Pottery belongs in your outer circle too.", seen_days_ago=279),
        ],
    ),
]


def add_demo_narrative() -> None:
    """Idempotent: safe to run on every `make run`; a client who has written anything is left alone."""
    now = timezone.now()
    clients = {c.user.email: c for c in Client.objects.select_related("user", "practice")}
    for story in STORIES:
        client = clients.get(story.email)
        if client is None or StepVersion.objects.filter(client=client).exists():
            continue
        assignment = client.current_assignment()
        with transaction.atomic():
            for save in story.saves:
                do_save_step(client.user, save.step, save.text, save.chosen, at=now - timedelta(days=save.days_ago))
            for note in story.notes:
                if assignment is None:
                    break
                at = now - timedelta(days=note.days_ago)
                do_comment_on_step(assignment.therapist, client, note.step, note.text, at=at, notify=False)
                if note.seen_days_ago is not None:
                    do_mark_comments_seen(client.user, note.step, at=now - timedelta(days=note.seen_days_ago))
