"""Stories for the cast, written through the actions as a person would write them."""

from datetime import UTC, datetime, timedelta

import time_machine

from lib.testing import WaymarkTestCase
from narrative.actions import do_comment_on_step, do_save_step
from narrative.models import StepComment, StepVersion
from narrative.steps import all_steps

# 10:00 on 3 March 2025 in Singapore, Alex's zone.
MARCH_3 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
WORDS = {
    "beginning": "I was twelve, on a friend's laptop.",
    "growing": "Most nights by the time I was at university.",
    "harder-times": "When my dad was ill, and after the break-up.",
    "what-it-does": "It switches my head off.",
    "costs": "Sleep, and a relationship.",
    "instead": "Evenings with friends and a good night's sleep.",
}


class StoryTestCase(WaymarkTestCase):
    def write(
        self, step: str, text: str | None = None, chosen: tuple[str, ...] = (), at: datetime | None = None
    ) -> StepVersion:
        return do_save_step(self.alex, step, WORDS[step] if text is None else text, chosen, at=at).version

    def write_all(self) -> None:
        for step in all_steps():
            self.write(step.id)

    def long_history(self, versions: int = 8) -> None:
        """Every step rewritten on many days, and a comment on each: a story with a past."""
        for day in range(versions):
            at = MARCH_3 + timedelta(days=day)
            with time_machine.travel(at, tick=False):
                for step in all_steps():
                    self.write(step.id, f"{WORDS[step.id]} (day {day})", at=at)
        for step in all_steps():
            self.comment(step.id, "Thank you for this.")

    def comment(self, step: str = "beginning", text: str = "Thank you for writing this.") -> StepComment:
        return do_comment_on_step(self.therapist, self.client_record, step, text)
