"""A paper form completes a questionnaire that is due (never one not due yet); the next counts from the form's day."""

from datetime import UTC, date, datetime, timedelta

import time_machine

from measures.actions import do_enter_paper_form, do_schedule
from measures.models import Administration, Mode, Status
from measures.tests.client_support import ASQ_ALL_NO, GAD7_ITEMS, ClientFlowCase, phq9


class PaperFormScheduleTest(ClientFlowCase):
    def test_it_leaves_a_questionnaire_not_due_yet_waiting(self) -> None:
        later = self.today() + timedelta(days=5)
        waiting = do_schedule(self.therapist, self.client_record, "gad7", every_days=28, starts_on=later)
        entered = do_enter_paper_form(
            self.therapist, self.client_record, "gad7", dict.fromkeys(GAD7_ITEMS, 1), self.today()
        )
        scheduled = waiting.administrations.get()
        self.assertNotEqual(entered.pk, scheduled.pk)
        self.assertEqual((entered.mode, entered.schedule, entered.due_on), (Mode.PAPER, None, self.today()))
        self.assertEqual((scheduled.status, scheduled.due_on), (Status.DUE, later))

    def test_it_counts_the_next_one_from_the_day_the_form_was_completed(self) -> None:
        with time_machine.travel(datetime(2026, 1, 1, 2, 0, tzinfo=UTC), tick=False):
            waiting = self.give("gad7", every_days=28)  # due 1 January
        with time_machine.travel(datetime(2026, 1, 20, 2, 0, tzinfo=UTC), tick=False):
            entered = do_enter_paper_form(
                self.therapist, self.client_record, "gad7", dict.fromkeys(GAD7_ITEMS, 1), date(2026, 1, 10)
            )
        self.assertEqual(entered.pk, waiting.pk)
        self.assertEqual(Administration.objects.open().get().due_on, date(2026, 2, 7))  # 10 January + 28 days

    def test_a_sessions_forms_entered_the_next_day_complete_what_was_asked_meanwhile(self) -> None:
        yesterday = self.today() - timedelta(days=1)
        asked_today = self.give("gad7")
        entered = do_enter_paper_form(
            self.therapist, self.client_record, "gad7", dict.fromkeys(GAD7_ITEMS, 1), yesterday
        )
        self.assertEqual(entered.pk, asked_today.pk)
        # PHQ-9 item 9 on paper asks for an ASQ at once; the ASQ from the same session answers it.
        do_enter_paper_form(self.therapist, self.client_record, "phq9", phq9(10, item9=1), yesterday)
        self.assertTrue(Administration.objects.open().filter(instrument_id="asq").exists())
        do_enter_paper_form(self.therapist, self.client_record, "asq", ASQ_ALL_NO, yesterday)
        self.assertFalse(Administration.objects.open().exists())
