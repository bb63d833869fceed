from allauth.mfa.models import Authenticator
from django.urls import reverse

from lib.testing import WaymarkTestCase


class MfaRequiredTest(WaymarkTestCase):
    def test_it_sends_a_therapist_without_mfa_to_set_it_up(self) -> None:
        Authenticator.objects.filter(user=self.therapist).delete()
        self.login(self.therapist)
        response = self.client.get(reverse("caseload"))
        self.assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)

    def test_it_lets_a_therapist_with_mfa_in(self) -> None:
        self.login(self.therapist)
        self.assertEqual(self.client.get(reverse("caseload")).status_code, 200)

    def test_it_does_not_require_mfa_of_clients(self) -> None:
        self.login(self.alex)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
