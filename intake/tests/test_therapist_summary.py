"""The therapist reads the client's intake as a short narrative, a five Cs table and the client's own words."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from intake.models import IntakeHistory
from intake.steps import SLUGS
from intake.summary import ICD11_REMINDER, narrative
from lib.testing import WaymarkTestCase

SENT = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # 3 March, 10:00 in Singapore


def make_intake(client: Any, **answers: Any) -> IntakeHistory:
    """A hand-made intake, every topic saved and sent on SENT unless told otherwise."""
    fields: dict[str, Any] = {"steps_done": list(SLUGS), "submitted_at": SENT, "started_at": SENT, "updated_at": SENT}
    fields.update(answers)
    return IntakeHistory.objects.create(client=client, **fields)


ALEXS_ANSWERS: dict[str, Any] = {
    "first_exposure_age": 12,
    "years_of_use": Decimal("8"),
    "frequency": "several_weekly",
    "hours_per_week": Decimal("6.00"),
    "kinds": ["pornography", "chat_cam"],
    "devices": ["phone"],
    "situations": ["alone_at_night", "stressed"],
    "attempts": ["alone", "app"],
    "conditions": "Anxiety since university.",
    "medication": "Sertraline 50 mg",
    "attempts_note": "Tried a blocker; turned it off after a month.",
    "compulsive": 3,
    "control": 4,
    "control_note": "Every time I promise myself, I break it.",
    "cravings": 2,
    "consequences": 3,
    "distress": 7,
    "impairment": 5,
    "moral_incongruence": 2,
}


class NarrativeTest(WaymarkTestCase):
    def test_it_tells_the_story_in_plain_sentences(self) -> None:
        intake = make_intake(self.client_record, **ALEXS_ANSWERS)
        self.assertEqual(
            narrative(intake),
            [
                "First saw pornography at 12.",
                "Has used it for about 8 years.",
                "Uses it several times a week, about 6 hours a week, mostly on a phone, "
                "alone at night and when stressed.",
                "Kinds of cybersex: pornography and sex chat or cam/performance rooms.",
                "Has tried to stop on their own and with an app or blocker.",
            ],
        )

    def test_it_uses_the_clients_words_for_something_else_and_lists_several_devices(self) -> None:
        intake = make_intake(
            self.client_record,
            first_exposure_withheld=True,
            years_of_use=Decimal("0.5"),
            hours_per_week=Decimal("1"),
            kinds=["avatar", "other"],
            kinds_other="erotic audio stories",
            devices=["phone", "computer", "vr"],
            situations=["other"],
            situations_other="on the night bus home",
        )
        self.assertEqual(
            narrative(intake),
            [
                "Preferred not to say when they first saw pornography.",
                "Has used it for less than a year.",
                "Uses it about 1 hour a week, on a phone, a laptop or computer and a VR headset, "
                "on the night bus home.",
                "Kinds of cybersex: avatar sex in games or VR and erotic audio stories.",
            ],
        )

    def test_it_leaves_out_what_was_not_answered(self) -> None:
        self.assertEqual(narrative(make_intake(self.client_record)), [])


class TherapistSummaryTest(WaymarkTestCase):
    def url(self, client_id: uuid.UUID | None = None) -> str:
        return reverse("client_intake", args=[client_id or self.client_record.public_id])

    def read(self) -> Any:
        self.login(self.therapist)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        return response

    def test_it_says_when_the_client_has_not_started(self) -> None:
        response = self.read()
        self.assertContains(response, "Not started yet")
        record = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(record, "Not started yet.")
        self.assertContains(record, f'href="{self.url()}">Read the intake history</a>')

    def test_it_shows_which_topics_are_done_but_not_the_answers_before_they_are_sent(self) -> None:
        make_intake(
            self.client_record, steps_done=["start", "amount", "kinds"], submitted_at=None, first_exposure_age=12
        )
        response = self.read()
        self.assertContains(response, "In progress")
        self.assertContains(response, "Alex has saved 3 of 8 topics and has not sent the answers yet.")
        self.assertContains(response, '<span>How often and how much</span><span class="pill">Done</span>', html=True)
        self.assertContains(response, '<span>Your health</span><span class="pill grey">Not yet</span>', html=True)
        self.assertNotContains(response, "First saw pornography")

    def test_it_shows_the_narrative_the_five_cs_and_the_clients_words(self) -> None:
        make_intake(self.client_record, **ALEXS_ANSWERS)
        response = self.read()
        self.assertContains(response, "not a validated scale")
        self.assertContains(response, "Sent on 3 March 2025")
        self.assertNotContains(response, "updated on")
        self.assertContains(
            response,
            "First saw pornography at 12. Has used it for about 8 years. Uses it several times a week, "
            "about 6 hours a week, mostly on a phone, alone at night and when stressed.",
        )
        self.assertContains(
            response,
            "<tr><th scope=row>Loss of control</th><td class=nowrap><strong>4</strong> · very much</td>"
            "<td>Every time I promise myself, I break it.</td></tr>",
            html=True,
        )
        self.assertContains(
            response,
            "<tr><th scope=row>Cravings, urges and preoccupation</th>"
            "<td class=nowrap><strong>2</strong> · somewhat</td><td></td></tr>",
            html=True,
        )
        self.assertContains(response, "<dt>Medication</dt><dd>Sertraline 50 mg</dd>", html=True)
        self.assertContains(response, "Tried a blocker; turned it off after a month.")
        self.assertNotContains(response, ICD11_REMINDER)

    def test_it_reminds_the_therapist_of_icd11_when_the_distress_is_mostly_moral(self) -> None:
        make_intake(self.client_record, distress=8, moral_incongruence=7, moral_note="My faith forbids it.")
        response = self.read()
        self.assertContains(
            response,
            "Distress arising mainly from moral disapproval alone is not sufficient for a CSBD diagnosis "
            "(ICD-11 6C72).",
        )
        self.assertContains(response, "<dt>About their values or beliefs</dt><dd>My faith forbids it.</dd>", html=True)

    def test_it_gives_no_reminder_below_seven(self) -> None:
        make_intake(self.client_record, distress=8, moral_incongruence=6)
        self.assertNotContains(self.read(), ICD11_REMINDER)

    def test_it_says_when_the_client_changed_answers_after_sending(self) -> None:
        intake = make_intake(self.client_record, **ALEXS_ANSWERS)
        with time_machine.travel(SENT + timedelta(days=4), tick=False):
            self.login(self.alex)
            self.client.post(reverse("intake_step", args=["amount"]), {"frequency": "daily"})
        intake.refresh_from_db()
        self.assertEqual(intake.frequency, "daily")
        response = self.read()
        self.assertContains(response, "Sent on 3 March 2025 · updated on 7 March 2025")
        self.assertContains(response, "Uses it every day, mostly on a phone")
        record = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(record, "Sent on 3 Mar 2025, updated on 7 Mar 2025.")

    def test_it_records_the_read_in_the_audit_log(self) -> None:
        intake = make_intake(self.client_record, **ALEXS_ANSWERS)
        self.read()
        event = AuditEvent.objects.get(what="intake.read")
        self.assertEqual(event.actor_ref, self.therapist.public_id)
        self.assertEqual(event.client_ref, self.client_record.public_id)
        self.assertEqual(event.target_ref, str(intake.public_id))
        self.login(self.alex)
        log = self.client.get(reverse("privacy_access_log"))
        self.assertContains(log, "Read your history answers")

    def test_it_hides_the_summary_from_everyone_but_the_treating_therapist(self) -> None:
        make_intake(self.client_record, **ALEXS_ANSWERS)
        for person in (self.other_therapist, self.supporter, self.admin, self.outsider, self.alex):
            self.login(person)
            self.assertEqual(self.client.get(self.url()).status_code, 404, person)
        self.login(self.therapist)
        self.assertEqual(self.client.get(self.url(uuid.uuid4())).status_code, 404)
        self.assertEqual(self.client.get(self.url(self.bo_record.public_id)).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(what="intake.read").exists())

    def test_it_asks_anonymous_visitors_to_sign_in(self) -> None:
        response = self.client.get(self.url())
        self.assertRedirects(response, f"{reverse('account_login')}?next={self.url()}", fetch_redirect_response=False)

    # Session, user, client, intake, the audit row (savepoint, head, event, head again, release), practice name.
    QUERIES = 10

    def test_it_runs_the_same_number_of_queries_however_much_was_answered(self) -> None:
        self.login(self.therapist)
        self.client.get(self.url())  # the session is settled on the first request
        with self.assertNumQueries(self.QUERIES):
            self.client.get(self.url())
        make_intake(self.client_record, **ALEXS_ANSWERS)
        with self.assertNumQueries(self.QUERIES):
            self.client.get(self.url())
