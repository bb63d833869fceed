"""Sessions: a new key at sign-in, idle and absolute timeouts, seeing and ending sessions."""

from datetime import UTC, datetime, timedelta

import time_machine
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.test import Client as BrowserClient
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from lib.testing import PASSWORD, WaymarkTestCase

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
LOGIN_URL = reverse("account_login")


class SessionKeyTest(WaymarkTestCase):
    def test_it_gives_a_new_session_key_at_sign_in(self) -> None:
        session = self.client.session
        session["before"] = "anonymous visit"
        session.save()
        before = session.session_key
        response = self.client.post(LOGIN_URL, {"login": "alex@example.com", "password": PASSWORD})
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        after = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        self.assertNotEqual(before, after)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.alex.pk))

    def test_it_refuses_the_old_key_after_sign_in(self) -> None:
        session = self.client.session
        session.save()
        before = session.session_key
        assert before is not None
        self.client.post(LOGIN_URL, {"login": "alex@example.com", "password": PASSWORD})
        fixated = BrowserClient()
        fixated.cookies[settings.SESSION_COOKIE_NAME] = before
        self.assertFalse(fixated.get(reverse("home")).wsgi_request.user.is_authenticated)

    def test_it_marks_the_session_cookie_http_only_and_same_site(self) -> None:
        self.client.post(LOGIN_URL, {"login": "alex@example.com", "password": PASSWORD})
        cookie = self.client.cookies[settings.SESSION_COOKIE_NAME]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")
        # Closing the browser ends the session: no lasting cookie.
        self.assertEqual(cookie["expires"], "")


class TimeoutTest(WaymarkTestCase):
    def test_it_signs_out_a_client_idle_for_sixteen_minutes(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            self.login(self.alex)
            self.assertEqual(self.client.get(reverse("home")).status_code, 200)
            clock.shift(timedelta(minutes=16))
            response = self.client.get(reverse("home"))
            self.assertRedirects(response, LOGIN_URL + "?timeout=1", fetch_redirect_response=False)
            self.assertIn('"cookies"', response["Clear-Site-Data"])
            page = self.client.get(response["Location"])
            self.assertFalse(page.wsgi_request.user.is_authenticated)
            self.assertContains(page, "signed out after a quiet spell, to keep things private")
            self.assertEqual(self.client.get(reverse("home")).status_code, 302)
        self.assertTrue(AuditEvent.objects.filter(action=Action.LOGOUT, actor_ref=self.alex.public_id).exists())

    def test_it_keeps_a_client_who_comes_back_within_the_limit(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            self.login(self.alex)
            for _ in range(4):
                clock.shift(timedelta(minutes=14))
                self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    def test_it_keeps_a_therapist_idle_for_sixteen_minutes(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            self.login(self.therapist)
            self.assertEqual(self.client.get(reverse("caseload")).status_code, 200)
            clock.shift(timedelta(minutes=16))
            self.assertEqual(self.client.get(reverse("caseload")).status_code, 200)

    def test_it_signs_out_a_therapist_idle_for_thirty_one_minutes(self) -> None:
        with time_machine.travel(START, tick=False) as clock:
            self.login(self.therapist)
            self.client.get(reverse("caseload"))
            clock.shift(timedelta(minutes=31))
            response = self.client.get(reverse("caseload"))
            self.assertRedirects(response, LOGIN_URL + "?timeout=1", fetch_redirect_response=False)

    def test_it_signs_out_anyone_after_twelve_hours_however_active(self) -> None:
        for user, url, step in ((self.therapist, reverse("caseload"), 25), (self.alex, reverse("home"), 10)):
            with self.subTest(user=user.name), time_machine.travel(START, tick=False) as clock:
                self.client.logout()
                self.login(user)
                limit = timedelta(hours=settings.WAYMARK_ABSOLUTE_HOURS)
                elapsed = timedelta()
                while elapsed + timedelta(minutes=step) < limit:
                    clock.shift(timedelta(minutes=step))
                    elapsed += timedelta(minutes=step)
                    self.assertEqual(self.client.get(url).status_code, 200, elapsed)
                # Still active, well within the idle limit, but now past the absolute one.
                clock.shift(limit - elapsed + timedelta(minutes=1))
                response = self.client.get(url)
                self.assertRedirects(response, LOGIN_URL + "?timeout=1", fetch_redirect_response=False)
                self.assertFalse(self.client.get(url).wsgi_request.user.is_authenticated)

    def test_it_counts_the_absolute_limit_from_the_moment_of_sign_in(self) -> None:
        limit = timedelta(hours=settings.WAYMARK_ABSOLUTE_HOURS)
        with time_machine.travel(START, tick=False) as clock:
            self.client.post(LOGIN_URL, {"login": "alex@example.com", "password": PASSWORD})
            clock.shift(timedelta(minutes=14))
            self.assertEqual(self.client.get(reverse("home")).status_code, 200)
            while START + limit - timezone.now() > timedelta(minutes=14):
                clock.shift(timedelta(minutes=14))
                self.assertEqual(self.client.get(reverse("home")).status_code, 200)
            clock.move_to(START + limit + timedelta(minutes=1))
            response = self.client.get(reverse("home"))
            self.assertRedirects(response, LOGIN_URL + "?timeout=1", fetch_redirect_response=False)


class UserSessionsTest(WaymarkTestCase):
    def sign_in(self, browser: BrowserClient, agent: str) -> None:
        response = browser.post(LOGIN_URL, {"login": "alex@example.com", "password": PASSWORD}, HTTP_USER_AGENT=agent)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)

    def test_it_lists_the_sessions_and_ends_the_others(self) -> None:
        phone, laptop = BrowserClient(), BrowserClient()
        self.sign_in(phone, "PhoneBrowser/1.0")
        self.sign_in(laptop, "LaptopBrowser/2.0")
        page = phone.get(reverse("usersessions_list"), HTTP_USER_AGENT="PhoneBrowser/1.0")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "PhoneBrowser/1.0")
        self.assertContains(page, "LaptopBrowser/2.0")
        self.assertEqual(page.context["session_count"], 2)

        response = phone.post(reverse("usersessions_list"), HTTP_USER_AGENT="PhoneBrowser/1.0")
        self.assertRedirects(response, reverse("usersessions_list"), fetch_redirect_response=False)
        self.assertFalse(laptop.get(reverse("home")).wsgi_request.user.is_authenticated)
        self.assertTrue(phone.get(reverse("home")).wsgi_request.user.is_authenticated)
        self.assertEqual(UserSession.objects.filter(user=self.alex).count(), 1)

    def test_it_shows_only_your_own_sessions(self) -> None:
        bo = BrowserClient()
        bo.post(LOGIN_URL, {"login": "bo@example.com", "password": PASSWORD}, HTTP_USER_AGENT="BoBrowser/3.0")
        self.sign_in(self.client, "PhoneBrowser/1.0")
        page = self.client.get(reverse("usersessions_list"))
        self.assertNotContains(page, "BoBrowser/3.0")
        self.client.post(reverse("usersessions_list"))
        self.assertTrue(bo.get(reverse("home")).wsgi_request.user.is_authenticated)

    def test_it_links_to_the_sessions_from_account_settings(self) -> None:
        self.login(self.alex)
        self.assertContains(self.client.get(reverse("account_settings")), reverse("usersessions_list"))


class DeactivationTest(WaymarkTestCase):
    def deactivate(self, person_id: object) -> None:
        self.login(self.admin)
        response = self.client.post(reverse("practice_set_active", args=[person_id]), {"active": "0"})
        self.assertRedirects(response, reverse("practice_people"))

    def test_it_ends_a_deactivated_therapists_sessions_at_once(self) -> None:
        tan = BrowserClient()
        tan.force_login(self.therapist, backend="allauth.account.auth_backends.AuthenticationBackend")
        self.assertEqual(tan.get(reverse("caseload")).status_code, 200)
        self.deactivate(self.therapist.public_id)
        response = tan.get(reverse("caseload"))
        self.assertFalse(response.wsgi_request.user.is_authenticated)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(UserSession.objects.filter(user=self.therapist).exists())

    def test_it_refuses_a_deactivated_client_even_on_an_untracked_session(self) -> None:
        alex = BrowserClient()
        alex.force_login(self.alex, backend="allauth.account.auth_backends.AuthenticationBackend")
        UserSession.objects.filter(user=self.alex).delete()
        self.deactivate(self.alex.public_id)
        self.assertFalse(alex.get(reverse("home")).wsgi_request.user.is_authenticated)

    def test_it_refuses_a_deactivated_person_at_sign_in(self) -> None:
        self.deactivate(self.alex.public_id)
        self.client.logout()
        response = self.client.post(LOGIN_URL, {"login": "alex@example.com", "password": PASSWORD})
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertNotEqual(response.get("Location"), reverse("home"))

    def test_it_lets_a_reactivated_person_sign_in_again(self) -> None:
        self.deactivate(self.alex.public_id)
        self.client.post(reverse("practice_set_active", args=[self.alex.public_id]), {"active": "1"})
        self.client.logout()
        response = self.client.post(LOGIN_URL, {"login": "alex@example.com", "password": PASSWORD})
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
