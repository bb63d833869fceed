"""Learning for the demo practice, written through the same actions as the web.

Alex has read three modules and written two reflections (one shared); the others further along
have read more. Modules that are not in the library (yet) are skipped.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from caseload.models import Client
from learning import catalogue
from learning.actions import do_finish_module, do_open_module, do_write_reflection
from learning.models import ReadingProgress


@dataclass(frozen=True)
class Reflection:
    slug: str
    question: int
    text: str
    shared: bool


@dataclass(frozen=True)
class DemoReading:
    email: str
    finished: list[str]  # oldest first, read a few days apart
    started: list[str] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)


COURSE = [
    "five-cs",
    "why-it-hooks",
    "urge-cycle",
    "triggers-halt",
    "shame-and-guilt",
    "lapse-and-relapse",
    "abstinence-periods",
    "values-and-moral-incongruence",
    "partners-and-families",
    "digital-hygiene",
    "mindfulness-and-emotions",
    "fellowships-and-groups",
    "long-term-recovery",
]

READING = [
    DemoReading(
        "alex@demo.waymark.test",
        finished=COURSE[:3],
        started=["triggers-halt"],
        reflections=[
            Reflection(
                "five-cs",
                1,
                "Loss of control, mostly. I keep telling myself ten minutes and then it is two in the morning. "
                "The night before the quarterly review was the worst one I remember.",
                shared=True,
            ),
            Reflection(
                "why-it-hooks",
                1,
                "It is always the phone, always in bed. I did not realise how much of it is just that it is there.",
                shared=False,
            ),
        ],
    ),
    DemoReading(
        "jordan@demo.waymark.test",
        finished=COURSE[:6],
        started=["abstinence-periods"],
        reflections=[
            Reflection(
                "triggers-halt",
                1,
                "Tired and lonely, nearly every time. Sunday evenings after Casey goes to bed.",
                shared=True,
            ),
            Reflection(
                "shame-and-guilt",
                1,
                "I used to think I was the problem. Now I can say I did something I regret, and plan what to do next.",
                shared=True,
            ),
            Reflection("lapse-and-relapse", 1, "The lapse in week four did not undo everything.", shared=False),
        ],
    ),
    DemoReading("sam@demo.waymark.test", finished=COURSE[:8]),
    DemoReading(
        "ravi@demo.waymark.test",
        finished=COURSE[:10],
        reflections=[
            Reflection("values-and-moral-incongruence", 1, "Being a present father matters most.", shared=True)
        ],
    ),
    DemoReading("lin@demo.waymark.test", finished=COURSE),
]


def add_demo_learning() -> None:
    """Idempotent: a client who has opened any module already is left as they are."""
    now = timezone.now()
    clients = {c.user.email: c for c in Client.objects.select_related("user")}
    for spec in READING:
        client = clients.get(spec.email)
        if client is None or ReadingProgress.objects.filter(client=client).exists():
            continue
        finished = [slug for slug in spec.finished if catalogue.module(slug) is not None]
        started = [slug for slug in spec.started if catalogue.module(slug) is not None]
        read_on: dict[str, timedelta] = {}
        for index, slug in enumerate(finished):
            ago = timedelta(days=3 * (len(finished) - index) + 1, hours=2)
            do_open_module(client.user, slug, at=now - ago)
            do_finish_module(client.user, slug, at=now - ago + timedelta(minutes=12))
            read_on[slug] = ago
        for slug in started:
            do_open_module(client.user, slug, at=now - timedelta(hours=20))
        for reflection in spec.reflections:
            module = catalogue.module(reflection.slug)
            if module is None or reflection.question > len(module.reflections):
                continue
            ago = read_on.get(reflection.slug, timedelta(days=1)) - timedelta(minutes=20)
            do_write_reflection(
                client.user,
                reflection.slug,
                reflection.question,
                reflection.text,
                share=reflection.shared,
                at=now - ago,
            )
