from datetime import timedelta

import time_machine
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from lib.testing import WaymarkTestCase, make_client
from safety.models import AlertSeverity
from safety.tests.support import ACUTE_ASQ, NON_ACUTE_ASQ, make_alert, submit
from safety.views import AFTER_CHECK

TOLD = "We have let your therapist know."
TOLD_LEAD = "We have let a therapist at your practice know."


class CrisisAfterCheckTest(WaymarkTestCase):
    def after_check(self) -> HttpResponse:
        """The crisis page as the questionnaire flow sends a client there: with the one-time flag."""
        if "_auth_user_id" in self.client.session:
            session = self.client.session
            session[AFTER_CHECK] = True
            session.save()
        return self.client.get(reverse("crisis"))  # type: ignore[return-value]

    def test_it_shows_the_message_only_once(self) -> None:
        make_alert(self.client_record)
        self.login(self.alex)
        self.assertContains(self.after_check(), TOLD)
        self.assertNotContains(self.client.get(reverse("crisis")), TOLD)

    def test_it_thanks_the_client_and_says_the_therapist_knows_after_an_acute_screen(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            submit(self.client_record, "asq", ACUTE_ASQ)
        self.login(self.alex)
        response = self.after_check()
        self.assertContains(response, "Thank you for answering honestly. Please reach out now")
        self.assertContains(response, TOLD)
        self.assertContains(response, "Harbour is not watched around the clock")
        self.assertContains(response, 'href="tel:1767"')
        self.assertContains(response, "If you have a safety plan, follow it now")
        body = response.content.decode()
        self.assertLess(body.index(TOLD), body.index("tel:995"))

    def test_it_says_a_therapist_at_the_practice_knows_when_the_client_has_no_therapist_of_their_own(self) -> None:
        self.practice.clinical_lead = self.other_therapist
        self.practice.save()
        cy = make_client(self.practice, "cy@example.com", "Cy", None)
        make_alert(cy)
        self.login(cy.user)
        response = self.after_check()
        self.assertContains(response, TOLD_LEAD)
        self.assertNotContains(response, TOLD)

    def test_it_claims_nobody_was_told_when_there_is_no_therapist_and_no_lead(self) -> None:
        cy = make_client(self.practice, "cy@example.com", "Cy", None)
        make_alert(cy)
        self.login(cy.user)
        response = self.after_check()
        self.assertContains(response, "Thank you for answering honestly. Please reach out now")
        self.assertContains(response, "Harbour is not watched around the clock")
        self.assertNotContains(response, TOLD)
        self.assertNotContains(response, TOLD_LEAD)

    def test_it_says_nothing_about_the_therapist_without_the_flag(self) -> None:
        make_alert(self.client_record)
        self.login(self.alex)
        self.assertNotContains(self.client.get(reverse("crisis")), TOLD)

    def test_it_says_nothing_about_the_therapist_after_a_same_day_alert(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            submit(self.client_record, "asq", NON_ACUTE_ASQ)
        self.login(self.alex)
        self.assertNotContains(self.after_check(), TOLD)

    def test_it_says_nothing_once_the_therapist_has_acknowledged(self) -> None:
        alert = make_alert(self.client_record)
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = self.therapist
        alert.save()
        self.login(self.alex)
        self.assertNotContains(self.after_check(), TOLD)

    def test_it_says_nothing_about_an_alert_from_more_than_an_hour_ago(self) -> None:
        make_alert(self.client_record, AlertSeverity.CRITICAL, minutes_ago=61)
        self.login(self.alex)
        self.assertNotContains(self.after_check(), TOLD)

    def test_it_never_speaks_of_another_clients_alert(self) -> None:
        make_alert(self.bo_record)
        self.login(self.alex)
        self.assertNotContains(self.after_check(), TOLD)
        self.client.logout()
        response = self.after_check()
        self.assertNotContains(response, TOLD)
        self.assertContains(response, 'href="tel:995"')

    def test_it_still_says_so_a_minute_before_the_hour_is_up(self) -> None:
        alert = make_alert(self.client_record)
        with time_machine.travel(alert.created_at + timedelta(minutes=59)):
            self.login(self.alex)
            self.assertContains(self.after_check(), TOLD)
