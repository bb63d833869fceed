"""What each stage is about, in the plain words a client reads on their home page."""

from dataclasses import dataclass

from caseload.models import Stage


@dataclass(frozen=True)
class StageGuide:
    name: str  # lower case, to follow "stage 2: "
    about: str  # what this stage is for
    focus: str  # what the client does in it, one short sentence


GUIDE: dict[int, StageGuide] = {
    Stage.EDUCATION: StageGuide(
        "education and assessment",
        "This stage is about understanding what has been happening, and deciding what you want to change.",
        "You and your therapist look at your story, answer a few questionnaires and learn how urges work. "
        "There is no rush.",
    ),
    Stage.ABSTINENCE: StageGuide(
        "abstinence",
        "This stage is about a break from the behaviours in your inner circle, so your mind and body can settle.",
        "You protect your devices, notice urges and learn what to do instead, and keep a plan for the hard moments.",
    ),
    Stage.CONNECTING: StageGuide(
        "connecting with others",
        "This stage is about letting the right people in, because recovery is easier with others beside you.",
        "That might be a partner, a friend, a supporter, a group or a meeting: at a pace that feels right to you.",
    ),
    Stage.LASTING: StageGuide(
        "lasting recovery",
        "This stage is about building a full life: relationships, rest, meaning and the things that bring you joy.",
        "You set goals that matter to you and look back together at how far you have come.",
    ),
}


def moved_message(from_stage: int, to_stage: int) -> str:
    """The words a client sees after a move: warm going forward, and never shaming going back."""
    guide = GUIDE[to_stage]
    if to_stage > from_stage:
        return f"You\u2019ve moved into stage {to_stage}: {guide.name}. Well done for the work that brought you here."
    return (
        f"You and your therapist have decided to spend more time on stage {to_stage}: {guide.name}. "
        "That is a normal part of recovery, and everything you have done so far still counts."
    )
