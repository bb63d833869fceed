"""Helpers for the client-flow tests: questionnaires given to Alex, answered or not."""

import uuid
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from django.utils import timezone

from caseload.models import Client
from lib.testing import WaymarkTestCase
from measures import registry
from measures.actions import do_save_answer, do_schedule, do_submit
from measures.due import client_today
from measures.models import Administration, Status
from measures.scoring import score

PHQ9_ITEMS = [f"q{n}" for n in range(1, 10)]
GAD7_ITEMS = [f"q{n}" for n in range(1, 8)]
ASQ_ALL_NO = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}


class ClientFlowCase(WaymarkTestCase):
    def give(self, instrument_id: str, every_days: int | None = None, client: Client | None = None) -> Administration:
        """Dr Tan (or Dr Lee, for Bo) asks a questionnaire; the first one is due today."""
        client = client or self.client_record
        therapist = self.therapist if client == self.client_record else self.other_therapist
        schedule = do_schedule(therapist, client, instrument_id, every_days=every_days)
        return schedule.administrations.get()

    def answer(self, administration: Administration, answers: Mapping[str, object]) -> Administration:
        user = administration.client.user
        for item_id, value in answers.items():
            administration = do_save_answer(user, administration, item_id, value)
        return administration

    def send(self, administration: Administration, answers: Mapping[str, object]) -> Administration:
        administration = self.answer(administration, answers)
        return do_submit(administration.client.user, administration, uuid.uuid4())

    def past(self, instrument_id: str, answers: Mapping[str, object], when: datetime) -> Administration:
        """A questionnaire Alex sent long ago, stored as the engine scored it."""
        result = score(registry.get(instrument_id), answers)
        return Administration.objects.create(
            client=self.client_record,
            instrument_id=instrument_id,
            instrument_version=result.instrument_version,
            status=Status.SUBMITTED,
            due_on=when.date(),
            submitted_at=when,
            answers=dict(answers),
            result=result.as_dict(),
            total=None if result.total is None else result.total.score,
        )

    def today(self) -> date:
        return client_today(self.client_record)

    def days_ago(self, days: int) -> datetime:
        return timezone.now() - timedelta(days=days)


def phq9(total: int, item9: int = 0) -> dict[str, object]:
    """PHQ-9 answers adding up to `total`, with item 9 as given (and item 10 when it is asked)."""
    answers: dict[str, object] = {"q9": item9}
    left = total - item9
    for item_id in PHQ9_ITEMS[:-1]:
        answers[item_id] = min(3, left)
        left -= answers[item_id]  # type: ignore[operator]
    assert left == 0
    if total > 0:
        answers["q10"] = 1
    return {item_id: answers[item_id] for item_id in [*PHQ9_ITEMS, "q10"] if item_id in answers}
