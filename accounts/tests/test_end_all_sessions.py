from allauth.usersessions.models import UserSession
from django.test import Client as Browser
from django.urls import reverse

from accounts.actions import end_all_sessions
from lib.testing import WaymarkTestCase


class EndAllSessionsTest(WaymarkTestCase):
    def test_it_ends_a_session_that_was_never_recorded(self) -> None:
        phone = Browser()
        phone.force_login(self.alex, backend="allauth.account.auth_backends.AuthenticationBackend")
        self.assertEqual(phone.get(reverse("home")).status_code, 200)
        self.assertFalse(UserSession.objects.filter(user=self.alex).exists())

        end_all_sessions(self.alex)

        response = phone.get(reverse("home"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_it_lets_the_person_sign_in_again_afterwards(self) -> None:
        end_all_sessions(self.alex)
        self.login(self.alex)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    def test_it_leaves_other_people_signed_in(self) -> None:
        self.login(self.therapist)
        end_all_sessions(self.alex)
        self.assertEqual(self.client.get(reverse("caseload")).status_code, 200)


class ApiSessionEndTest(WaymarkTestCase):
    def test_it_answers_the_api_with_json_401_once_the_session_is_over(self) -> None:
        self.login(self.alex)
        end_all_sessions(self.alex)
        response = self.client.get("/api/v1/me")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"error": "Your session has ended. Sign in again."})
