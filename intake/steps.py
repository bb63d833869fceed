"""The intake's topics, one per screen, in the order the client meets them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple[str, ...]


FIVE_CS = ("compulsive", "control", "cravings", "consequences")

STEPS: tuple[Step, ...] = (
    Step("start", "When it started", ("first_exposure_age", "first_exposure_withheld", "years_of_use")),
    Step("amount", "How often and how much", ("frequency", "hours_per_week")),
    Step("kinds", "What kinds", ("kinds", "kinds_other")),
    Step("where", "Devices and situations", ("devices", "devices_other", "situations", "situations_other")),
    Step("health", "Your health", ("conditions", "medication")),
    Step("tried", "What you have tried", ("attempts", "attempts_note")),
    Step("five-cs", "How it affects you", tuple(f for c in FIVE_CS for f in (c, f"{c}_note"))),
    Step("distress", "Distress and values", ("distress", "impairment", "moral_incongruence", "moral_note")),
)
STEP_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}
SLUGS: tuple[str, ...] = tuple(STEP_BY_SLUG)


def number_of(slug: str) -> int:
    """1 for the first topic."""
    return SLUGS.index(slug) + 1


def after(slug: str) -> str | None:
    """The slug of the next topic, or None after the last."""
    index = SLUGS.index(slug) + 1
    return SLUGS[index] if index < len(SLUGS) else None


def before(slug: str) -> str | None:
    index = SLUGS.index(slug) - 1
    return SLUGS[index] if index >= 0 else None
