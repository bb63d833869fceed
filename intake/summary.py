"""The intake in words: the therapist's narrative summary, and plain answers for the client and the export."""

from dataclasses import dataclass
from decimal import Decimal

from intake.models import Attempt, Device, Frequency, IntakeHistory, Kind, Rating, Situation

# The ICD-11 reminder appears when this much of the distress is said to come from moral or religious values.
HIGH_INCONGRUENCE = 7
ICD11_REMINDER = (
    "Distress arising mainly from moral disapproval alone is not sufficient for a CSBD diagnosis (ICD-11 6C72)."
)

FIVE_CS_NAMES = {
    "compulsive": "Compulsive or impulsive behaviour",
    "control": "Loss of control",
    "cravings": "Cravings, urges and preoccupation",
    "consequences": "Continued use despite negative consequences",
}

FREQUENCY_PHRASES: dict[str, str] = {
    Frequency.LESS_THAN_MONTHLY: "less than once a month",
    Frequency.MONTHLY: "about once a month",
    Frequency.WEEKLY: "about once a week",
    Frequency.SEVERAL_WEEKLY: "several times a week",
    Frequency.DAILY: "every day",
    Frequency.SEVERAL_DAILY: "several times a day",
}
KIND_PHRASES: dict[str, str] = {
    Kind.PORNOGRAPHY: "pornography",
    Kind.PARTNER_ONLINE: "real-time sex with a partner online",
    Kind.CHAT_CAM: "sex chat or cam/performance rooms",
    Kind.AVATAR: "avatar sex in games or VR",
    Kind.LIVE_STREAM: "live-streamed sex",
    Kind.OTHER: "something else",
}
DEVICE_PHRASES: dict[str, str] = {
    Device.PHONE: "a phone",
    Device.COMPUTER: "a laptop or computer",
    Device.TABLET: "a tablet",
    Device.CONSOLE: "a games console",
    Device.TV: "a TV",
    Device.VR: "a VR headset",
    Device.OTHER: "another device",
}
SITUATION_PHRASES: dict[str, str] = {
    Situation.ALONE_AT_NIGHT: "alone at night",
    Situation.AT_WORK: "at work",
    Situation.STRESSED: "when stressed",
    Situation.BORED: "when bored",
    Situation.LONELY: "when lonely",
    Situation.AFTER_CONFLICT: "after an argument or conflict",
    Situation.TRAVELLING: "when travelling",
    Situation.OTHER: "in other situations",
}
ATTEMPT_PHRASES: dict[str, str] = {
    Attempt.ALONE: "on their own",
    Attempt.APP: "with an app or blocker",
    Attempt.TWELVE_STEP: "through a 12-step group",
    Attempt.THERAPY: "through therapy or counselling",
    Attempt.MEDICATION: "with medication",
    Attempt.OTHER: "in another way",
}


def and_join(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def plain_number(value: Decimal | None) -> str:
    """6.00 → "6", 2.50 → "2.5": how a person would write it."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def phrases(values: list[str], wording: dict[str, str], other: str = "") -> list[str]:
    """The chosen options as phrases, in the order of the choices; "other" in the client's own words when given."""
    return [
        other.strip() if value == "other" and other.strip() else phrase
        for value, phrase in wording.items()
        if value in values
    ]


def _hours(value: Decimal) -> str:
    return f"about {plain_number(value)} {'hour' if value == 1 else 'hours'} a week"


def _years(value: Decimal) -> str:
    if value < 1:
        return "Has used it for less than a year."
    return f"Has used it for about {plain_number(value)} {'year' if value == 1 else 'years'}."


def narrative(intake: IntakeHistory) -> list[str]:
    """The story in a few sentences, e.g. "First saw pornography at 12." Sentences with no answer are left out."""
    sentences: list[str] = []
    if intake.first_exposure_withheld:
        sentences.append("Preferred not to say when they first saw pornography.")
    elif intake.first_exposure_age is not None:
        sentences.append(f"First saw pornography at {intake.first_exposure_age}.")
    if intake.years_of_use is not None:
        sentences.append(_years(intake.years_of_use))

    usage: list[str] = []
    if intake.frequency:
        usage.append(FREQUENCY_PHRASES[Frequency(intake.frequency)])
    if intake.hours_per_week is not None:
        usage.append(_hours(intake.hours_per_week))
    devices = phrases(intake.devices, DEVICE_PHRASES, intake.devices_other)
    if devices:
        usage.append(f"{'mostly ' if len(devices) == 1 else ''}on {and_join(devices)}")
    situations = phrases(intake.situations, SITUATION_PHRASES, intake.situations_other)
    if situations:
        usage.append(and_join(situations))
    if usage:
        sentences.append(f"Uses it {', '.join(usage)}.")

    kinds = phrases(intake.kinds, KIND_PHRASES, intake.kinds_other)
    if kinds:
        sentences.append(f"Kinds of cybersex: {and_join(kinds)}.")
    attempts = phrases(intake.attempts, ATTEMPT_PHRASES)
    if attempts:
        sentences.append(f"Has tried to stop {and_join(attempts)}.")
    return sentences


@dataclass(frozen=True)
class FiveCsRow:
    name: str
    rating: int | None
    meaning: str
    note: str


def five_cs(intake: IntakeHistory) -> list[FiveCsRow]:
    rows = []
    for field, name in FIVE_CS_NAMES.items():
        value = getattr(intake, field)
        meaning = Rating(value).label if value is not None else "Not answered"
        rows.append(FiveCsRow(name, value, meaning, getattr(intake, f"{field}_note")))
    return rows


def incongruence_is_high(intake: IntakeHistory) -> bool:
    return intake.moral_incongruence is not None and intake.moral_incongruence >= HIGH_INCONGRUENCE


# The longer answers in the client's own words, with what each one answers.
FREE_TEXT_LABELS = {
    "conditions": "Other mental or physical health conditions",
    "medication": "Medication",
    "attempts_note": "Earlier attempts to stop, and treatment",
    "moral_note": "About their values or beliefs",
}


def free_text(intake: IntakeHistory) -> list[tuple[str, str]]:
    return [(label, text) for field, label in FREE_TEXT_LABELS.items() if (text := getattr(intake, field).strip())]
