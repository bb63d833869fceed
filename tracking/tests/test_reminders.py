"""The daily check-in reminder: the client's setting, and the job that sends what is due, once a day."""

from datetime import UTC, date, datetime, time
from email.utils import parseaddr
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lib.smtp_testing import CLINICAL_WORDS, SmtpServerMixin
from lib.testing import WaymarkTestCase
from privacy.export import build_export
from privacy.models import Consent, DeletionRequest
from tracking.models import CheckIn, CheckInReminder
from tracking.reminders import (
    REMINDER_LINE,
    REMINDER_SUBJECT,
    do_set_checkin_reminder,
    next_due_at,
    send_due_checkin_reminders,
    send_due_reminders,
)

SINGAPORE = ZoneInfo("Asia/Singapore")
LONDON = ZoneInfo("Europe/London")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class ReminderCase(WaymarkTestCase):
    def set_reminder(self, at: time, saved_at: datetime, enabled: bool = True) -> CheckInReminder:
        with time_machine.travel(saved_at, tick=False), self.captureOnCommitCallbacks(execute=True):
            return do_set_checkin_reminder(self.alex, enabled, at)

    def run_job(self, at: datetime) -> int:
        with time_machine.travel(at, tick=False), self.captureOnCommitCallbacks(execute=True):
            return send_due_reminders()

    def use_zone(self, name: str) -> None:
        self.alex.time_zone = name
        self.alex.save(update_fields=["time_zone"])


class SendingTest(ReminderCase):
    def setUp(self) -> None:
        super().setUp()
        # Alex lives in Singapore (his practice's zone) and asks for 20:00.
        self.set_reminder(time(20, 0), datetime(2026, 6, 10, 9, 0, tzinfo=SINGAPORE))

    def test_it_waits_for_the_chosen_time_on_the_clients_own_clock(self) -> None:
        self.assertEqual(self.run_job(datetime(2026, 6, 10, 19, 59, tzinfo=SINGAPORE)), 0)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(self.run_job(datetime(2026, 6, 10, 20, 0, tzinfo=SINGAPORE)), 1)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["alex@example.com"])
        self.assertEqual(message.subject, REMINDER_SUBJECT)
        self.assertIn(REMINDER_LINE, message.body)
        self.assertEqual(parseaddr(message.from_email)[0], "Harbour")

    def test_it_sends_one_email_a_day_however_often_it_runs(self) -> None:
        for minute in (0, 5, 10):
            self.run_job(datetime(2026, 6, 10, 21, minute, tzinfo=SINGAPORE))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(CheckInReminder.objects.get().last_sent_on, date(2026, 6, 10))
        self.run_job(datetime(2026, 6, 11, 20, 5, tzinfo=SINGAPORE))
        self.assertEqual(len(mail.outbox), 2)

    def test_it_sends_nothing_when_the_client_has_already_checked_in_today(self) -> None:
        CheckIn.objects.create(client=self.client_record, day=date(2026, 6, 10), mood=4, urge=1, sober=True)
        self.assertEqual(self.run_job(datetime(2026, 6, 10, 20, 30, tzinfo=SINGAPORE)), 0)
        self.assertEqual(mail.outbox, [])

    def test_it_counts_yesterdays_check_in_as_yesterday(self) -> None:
        CheckIn.objects.create(client=self.client_record, day=date(2026, 6, 9), mood=4, urge=1, sober=True)
        self.assertEqual(self.run_job(datetime(2026, 6, 10, 20, 30, tzinfo=SINGAPORE)), 1)

    def test_it_sends_nothing_once_switched_off(self) -> None:
        self.set_reminder(time(20, 0), datetime(2026, 6, 10, 10, 0, tzinfo=SINGAPORE), enabled=False)
        self.assertEqual(self.run_job(datetime(2026, 6, 10, 20, 30, tzinfo=SINGAPORE)), 0)

    def test_it_skips_a_deactivated_account(self) -> None:
        self.alex.is_active = False
        self.alex.save(update_fields=["is_active"])
        self.assertEqual(self.run_job(datetime(2026, 6, 10, 20, 30, tzinfo=SINGAPORE)), 0)

    def test_it_skips_a_client_who_withdrew_consent(self) -> None:
        Consent.objects.filter(user=self.alex).update(withdrawn_at=timezone.now())
        self.assertEqual(self.run_job(datetime(2026, 6, 10, 20, 30, tzinfo=SINGAPORE)), 0)

    def test_it_skips_a_client_waiting_for_their_account_to_be_erased(self) -> None:
        now = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
        DeletionRequest.objects.create(user=self.alex, requested_at=now, erase_after=DeletionRequest.due_from(now))
        self.assertEqual(self.run_job(datetime(2026, 6, 10, 20, 30, tzinfo=SINGAPORE)), 0)
        self.assertEqual(mail.outbox, [])

    def test_it_waits_for_tomorrow_when_the_time_had_passed_as_it_was_set(self) -> None:
        self.set_reminder(time(8, 0), datetime(2026, 6, 10, 21, 0, tzinfo=SINGAPORE))
        self.assertEqual(self.run_job(datetime(2026, 6, 10, 21, 5, tzinfo=SINGAPORE)), 0)
        self.assertEqual(self.run_job(datetime(2026, 6, 11, 8, 0, tzinfo=SINGAPORE)), 1)

    def test_it_runs_as_a_task_and_from_the_cron_command(self) -> None:
        with time_machine.travel(datetime(2026, 6, 10, 20, 30, tzinfo=SINGAPORE), tick=False):
            with self.captureOnCommitCallbacks(execute=True):
                result = send_due_checkin_reminders.enqueue()
            self.assertEqual(result.return_value, 1)
            out = StringIO()
            call_command("send_checkin_reminders", stdout=out)
        self.assertEqual(out.getvalue().strip(), "Sent 0 reminders.")
        self.assertEqual(len(mail.outbox), 1)

    def test_it_tells_the_client_in_their_access_log_that_a_reminder_went_out(self) -> None:
        self.run_job(datetime(2026, 6, 10, 20, 30, tzinfo=SINGAPORE))
        self.login(self.alex)
        with time_machine.travel(datetime(2026, 6, 10, 21, 0, tzinfo=SINGAPORE), tick=False):
            response = self.client.get(reverse("privacy_access_log"))
        self.assertContains(response, "Sent your daily reminder email")


class ClockTest(ReminderCase):
    """Days and times on the client's clock, across the clock changes and between zones."""

    def test_it_follows_the_spring_clock_change_in_london(self) -> None:
        self.use_zone("Europe/London")
        self.set_reminder(time(8, 0), datetime(2026, 3, 28, 21, 0, tzinfo=LONDON))
        # 29 March 2026: the clocks go forward, so 08:00 in London is 07:00 UTC.
        self.assertEqual(self.run_job(datetime(2026, 3, 29, 6, 59, tzinfo=UTC)), 0)
        self.assertEqual(self.run_job(datetime(2026, 3, 29, 7, 0, tzinfo=UTC)), 1)

    def test_it_sends_a_time_the_spring_change_skips_as_soon_as_the_clock_passes_it(self) -> None:
        self.use_zone("Europe/London")
        self.set_reminder(time(1, 30), datetime(2026, 3, 28, 21, 0, tzinfo=LONDON))
        self.assertEqual(self.run_job(datetime(2026, 3, 29, 0, 59, tzinfo=UTC)), 0)  # 00:59 GMT
        self.assertEqual(self.run_job(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)), 1)  # 02:00 BST

    def test_it_sends_a_time_the_autumn_change_repeats_only_once(self) -> None:
        self.use_zone("Europe/London")
        self.set_reminder(time(1, 30), datetime(2026, 10, 24, 21, 0, tzinfo=LONDON))
        # 25 October 2026: 01:30 comes twice, at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
        self.assertEqual(self.run_job(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)), 1)
        self.assertEqual(self.run_job(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)), 0)
        self.assertEqual(len(mail.outbox), 1)

    def test_it_follows_the_client_to_a_new_zone(self) -> None:
        self.set_reminder(time(20, 0), datetime(2026, 6, 10, 9, 0, tzinfo=SINGAPORE))
        self.use_zone("Europe/London")
        # 20:00 in Singapore is 13:00 in London: not yet there.
        self.assertEqual(self.run_job(datetime(2026, 6, 10, 20, 0, tzinfo=SINGAPORE)), 0)
        self.assertEqual(self.run_job(datetime(2026, 6, 10, 20, 0, tzinfo=LONDON)), 1)

    def test_it_works_out_the_next_run_on_the_clients_clock(self) -> None:
        self.use_zone("Europe/London")
        reminder = self.set_reminder(time(8, 0), datetime(2026, 3, 28, 21, 0, tzinfo=LONDON))
        self.assertEqual(
            next_due_at(reminder, datetime(2026, 3, 28, 21, 0, tzinfo=UTC)), datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
        )
        self.assertEqual(
            next_due_at(reminder, datetime(2026, 3, 27, 7, 0, tzinfo=UTC)), datetime(2026, 3, 27, 8, 0, tzinfo=UTC)
        )


class PageTest(ReminderCase):
    def test_it_asks_anonymous_visitors_to_sign_in_and_hides_from_everyone_but_the_client(self) -> None:
        url = reverse("tracking_reminder")
        response = self.client.get(url)
        self.assertRedirects(response, f"{reverse('account_login')}?next={url}", fetch_redirect_response=False)
        for person in (self.therapist, self.supporter, self.admin):
            self.login(person)
            self.assertEqual(self.client.get(url).status_code, 404)
            self.assertEqual(self.client.post(url, {"enabled": "on", "at_time": "20:00"}).status_code, 404)
        self.assertFalse(CheckInReminder.objects.exists())

    def test_it_explains_what_the_email_says_and_links_from_today(self) -> None:
        self.login(self.alex)
        today = self.client.get(reverse("tracking_today"))
        self.assertContains(today, reverse("tracking_reminder"))
        response = self.client.get(reverse("tracking_reminder"))
        self.assertContains(response, REMINDER_LINE)
        self.assertContains(response, "Harbour")
        self.assertContains(response, "Asia/Singapore")
        self.assertContains(response, 'type="time"')

    def test_it_saves_the_time_and_shows_it_next_time(self) -> None:
        self.login(self.alex)
        response = self.client.post(reverse("tracking_reminder"), {"enabled": "on", "at_time": "21:15"}, follow=True)
        self.assertRedirects(response, reverse("tracking_today"))
        self.assertContains(response, "Your reminder will come at 21:15")
        reminder = CheckInReminder.objects.get(client=self.client_record)
        self.assertEqual((reminder.enabled, reminder.at_time), (True, time(21, 15)))
        self.assertContains(self.client.get(reverse("tracking_reminder")), 'value="21:15"')

    def test_it_switches_reminders_off(self) -> None:
        self.login(self.alex)
        self.client.post(reverse("tracking_reminder"), {"enabled": "on", "at_time": "21:15"})
        response = self.client.post(reverse("tracking_reminder"), {"at_time": "21:15"}, follow=True)
        self.assertContains(response, "Reminders are off")
        self.assertFalse(CheckInReminder.objects.get().enabled)

    def test_it_refuses_a_time_that_is_not_a_time_and_keeps_the_old_one(self) -> None:
        self.login(self.alex)
        self.client.post(reverse("tracking_reminder"), {"enabled": "on", "at_time": "07:30"})
        for bad in ("25:99", "tea time", "", "12:00:00:00"):
            response = self.client.post(reverse("tracking_reminder"), {"enabled": "on", "at_time": bad})
            self.assertEqual(response.status_code, 400)
            self.assertContains(
                response, "Choose a time of day." if not bad else "Give a time like 20:30.", status_code=400
            )
        self.assertEqual(CheckInReminder.objects.get().at_time, time(7, 30))

    @override_settings(TASKS=DB_TASKS)
    def test_it_queues_a_run_for_the_next_reminder_when_the_queue_can_wait(self) -> None:
        self.login(self.alex)
        saving_at = time_machine.travel(datetime(2026, 6, 10, 9, 0, tzinfo=SINGAPORE), tick=False)
        with saving_at, self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("tracking_reminder"), {"enabled": "on", "at_time": "20:00"})
        task = DBTaskResult.objects.get()
        self.assertEqual(task.task_path, "tracking.reminders.send_due_checkin_reminders")
        self.assertEqual(task.run_after, datetime(2026, 6, 10, 20, 0, tzinfo=SINGAPORE))

    def test_it_puts_the_setting_in_the_clients_data_export(self) -> None:
        self.assertIsNone(build_export(self.client_record)["check_in_reminder"])
        self.set_reminder(time(7, 45), datetime(2026, 6, 10, 9, 0, tzinfo=SINGAPORE))
        setting = build_export(self.client_record)["check_in_reminder"]
        self.assertEqual(setting, {"on": True, "time": time(7, 45), "last_sent": None})

    @override_settings(TASKS=DB_TASKS)
    def test_it_queues_nothing_when_reminders_are_off(self) -> None:
        self.login(self.alex)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("tracking_reminder"), {"at_time": "20:00"})
        self.assertFalse(DBTaskResult.objects.exists())


class SmtpReminderTest(SmtpServerMixin, ReminderCase):
    def setUp(self) -> None:
        super().setUp()
        self.start_smtp()

    def test_it_delivers_a_reminder_over_smtp_that_says_nothing_about_the_service(self) -> None:
        self.set_reminder(time(20, 0), datetime(2026, 6, 10, 9, 0, tzinfo=SINGAPORE))
        with time_machine.travel(datetime(2026, 6, 10, 20, 30, tzinfo=SINGAPORE), tick=False):
            with self.captureOnCommitCallbacks(execute=True):
                send_due_checkin_reminders.enqueue()
            self.run_worker()
            self.run_worker()
        self.assertEqual(len(self.inbox.envelopes), 1)
        _, recipients, message = self.inbox.envelopes[0]
        self.assertEqual(recipients, ["alex@example.com"])
        self.assertEqual(parseaddr(message["From"])[0], "Harbour")
        payload = message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        body = payload.decode()
        self.assertIn(REMINDER_LINE, body)
        for word in (*CLINICAL_WORDS, "alex", "check-in", "sober", "streak"):
            self.assertNotIn(word, message["Subject"].lower())
            self.assertNotIn(word, body.lower())
