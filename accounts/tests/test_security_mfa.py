"""Two-step sign-in: required of staff, checked at every sign-in, never skipped by a password reset."""

import re

from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from lib.testing import PASSWORD, WaymarkTestCase, activate_totp, totp_code

LOGIN_URL = reverse("account_login")
MFA_STEP = reverse("mfa_authenticate")
REAUTH_URL = reverse("account_reauthenticate")
RESET_DONE = reverse("account_reset_password_from_key_done")
NEW_PASSWORD = "a quiet morning by the harbour"


class MfaSecurityTest(WaymarkTestCase):
    def fresh_totp(self, user: User) -> str:
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        return activate_totp(user)

    def password_step(self, email: str, password: str = PASSWORD) -> None:
        response = self.client.post(LOGIN_URL, {"login": email, "password": password})
        self.assertRedirects(response, MFA_STEP, fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)

    def reauthenticate(self) -> None:
        response = self.client.post(REAUTH_URL, {"password": PASSWORD})
        self.assertEqual(response.status_code, 302)

    def sign_in_fully(self, user: User, secret: str) -> None:
        self.password_step(user.email)
        response = self.client.post(MFA_STEP, {"code": totp_code(secret)})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.session["_auth_user_id"], str(user.pk))

    def test_it_sends_a_therapist_without_an_authenticator_to_set_one_up(self) -> None:
        Authenticator.objects.filter(user=self.therapist).delete()
        self.login(self.therapist)
        for url in (reverse("caseload"), reverse("client_record", args=[self.client_record.public_id])):
            response = self.client.get(url)
            self.assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)
        # Setting it up asks for the password again first; both pages are open to them.
        response = self.client.get(reverse("mfa_activate_totp"))
        self.assertRedirects(response, f"{REAUTH_URL}?next=/accounts/2fa/totp/activate/")
        self.reauthenticate()
        page = self.client.get(reverse("mfa_activate_totp"))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Authenticator")

    def test_it_refuses_the_api_to_a_therapist_without_an_authenticator(self) -> None:
        Authenticator.objects.filter(user=self.therapist).delete()
        self.login(self.therapist)
        response = self.client.get("/api/v1/clients")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"error": "Set up two-step sign-in first."})
        self.assertNotIn(str(self.client_record.public_id), response.content.decode())

    def test_it_sends_an_admin_without_an_authenticator_to_set_one_up(self) -> None:
        Authenticator.objects.filter(user=self.admin).delete()
        self.login(self.admin)
        response = self.client.get(reverse("practice_people"))
        self.assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)

    def test_it_lets_a_therapist_in_once_the_authenticator_is_set_up(self) -> None:
        Authenticator.objects.filter(user=self.therapist).delete()
        self.login(self.therapist)
        self.client.get(reverse("caseload"))
        activate_totp(self.therapist)
        self.assertEqual(self.client.get(reverse("caseload")).status_code, 200)

    def test_it_asks_a_therapist_for_the_code_after_the_password(self) -> None:
        secret = self.fresh_totp(self.therapist)
        self.password_step("tan@example.com")
        self.assertEqual(self.client.get(reverse("caseload")).status_code, 302)
        response = self.client.post(MFA_STEP, {"code": totp_code(secret)})
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.assertEqual(self.client.get(reverse("caseload")).status_code, 200)

    def test_it_refuses_a_wrong_code(self) -> None:
        secret = self.fresh_totp(self.therapist)
        self.password_step("tan@example.com")
        right = totp_code(secret)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        response = self.client.post(MFA_STEP, {"code": wrong})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Incorrect code")
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertRedirects(
            self.client.get(reverse("caseload")), f"{LOGIN_URL}?next=/clients/", fetch_redirect_response=False
        )

    def test_it_refuses_a_code_used_twice(self) -> None:
        secret = self.fresh_totp(self.therapist)
        self.sign_in_fully(self.therapist, secret)
        self.client.logout()
        self.password_step("tan@example.com")
        response = self.client.post(MFA_STEP, {"code": totp_code(secret)})
        self.assertContains(response, "Incorrect code")
        self.assertNotIn("_auth_user_id", self.client.session)

    def reset_password_by_email(self, email: str, done: str = RESET_DONE) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("account_reset_password"), {"email": email})
        self.assertRedirects(response, reverse("account_reset_password_done"), fetch_redirect_response=False)
        link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", str(mail.outbox[-1].body))
        assert link is not None, mail.outbox[-1].body
        form_page = self.client.get(link.group(1), follow=True)
        self.assertEqual(form_page.status_code, 200)
        url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
        response = self.client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        self.assertRedirects(response, done, fetch_redirect_response=False)

    def test_it_still_asks_for_the_code_after_a_password_reset(self) -> None:
        self.fresh_totp(self.therapist)
        self.reset_password_by_email("tan@example.com")
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.client.get(reverse("caseload")).status_code, 302)
        self.password_step("tan@example.com", NEW_PASSWORD)
        self.assertContains(self.client.get(MFA_STEP), 'name="code"')

    @override_settings(ACCOUNT_LOGIN_ON_PASSWORD_RESET=True)
    def test_it_asks_for_the_code_even_if_reset_is_set_to_sign_in(self) -> None:
        self.fresh_totp(self.therapist)
        self.reset_password_by_email("tan@example.com", done=MFA_STEP)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.client.get(reverse("caseload")).status_code, 302)
        self.assertContains(self.client.get(MFA_STEP), 'name="code"')

    def test_it_does_not_let_staff_turn_off_their_authenticator(self) -> None:
        secret = self.fresh_totp(self.therapist)
        self.sign_in_fully(self.therapist, secret)
        self.reauthenticate()
        response = self.client.post(reverse("mfa_deactivate_totp"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "cannot")
        self.assertTrue(Authenticator.objects.filter(user=self.therapist, type=Authenticator.Type.TOTP).exists())

    def test_it_lets_a_client_turn_off_their_authenticator(self) -> None:
        secret = activate_totp(self.alex)
        self.sign_in_fully(self.alex, secret)
        self.reauthenticate()
        response = self.client.post(reverse("mfa_deactivate_totp"))
        self.assertRedirects(response, reverse("mfa_index"), fetch_redirect_response=False)
        self.assertFalse(Authenticator.objects.filter(user=self.alex, type=Authenticator.Type.TOTP).exists())

    def test_it_keeps_the_totp_secret_encrypted_at_rest(self) -> None:
        secret = self.fresh_totp(self.therapist)
        stored = Authenticator.objects.get(user=self.therapist, type=Authenticator.Type.TOTP).data["secret"]
        self.assertNotIn(secret, stored)
        self.sign_in_fully(self.therapist, secret)
