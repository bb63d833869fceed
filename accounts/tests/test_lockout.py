"""Brute force is stopped per account *and* address, so nobody can lock a therapist out from elsewhere."""

from typing import TYPE_CHECKING, Any

from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from audit.models import Action, AuditEvent
from lib.testing import PASSWORD, WaymarkTestCase

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

HOME_IP = "192.0.2.10"
CLINIC_IP = "198.51.100.20"
WRONG = "not my password, sadly"


class LockoutTest(WaymarkTestCase):
    def sign_in(self, email: str, password: str, ip: str, **headers: str) -> "Response":
        self.client.logout()
        extra: Any = {"REMOTE_ADDR": ip, **headers}
        return self.client.post(reverse("account_login"), {"login": email, "password": password}, **extra)

    def fail_until_locked(self, email: str, ip: str) -> None:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = self.sign_in(email, WRONG, ip)
            self.assertContains(response, "not correct")
        # The last allowed failure already pauses signing in from here.
        self.assertEqual(self.sign_in(email, WRONG, ip).status_code, 429)

    def test_it_locks_the_account_from_that_address_even_with_the_right_password(self) -> None:
        self.fail_until_locked("alex@example.com", HOME_IP)
        response = self.sign_in("alex@example.com", PASSWORD, HOME_IP)
        self.assertEqual(response.status_code, 429)
        self.assertTemplateUsed(response, "accounts/locked_out.html")
        self.assertContains(response, "signing in is paused", status_code=429)
        self.assertFalse(response.wsgi_request.user.is_authenticated)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_lets_the_same_account_sign_in_from_another_address(self) -> None:
        self.fail_until_locked("tan@example.com", HOME_IP)
        self.assertEqual(self.sign_in("tan@example.com", PASSWORD, HOME_IP).status_code, 429)
        response = self.sign_in("tan@example.com", PASSWORD, CLINIC_IP)
        # Dr Tan's password is accepted and the sign-in moves on to the authenticator code.
        self.assertRedirects(response, reverse("mfa_authenticate"), fetch_redirect_response=False)

    def test_it_lets_a_client_sign_in_from_another_address(self) -> None:
        self.fail_until_locked("alex@example.com", HOME_IP)
        response = self.sign_in("alex@example.com", PASSWORD, CLINIC_IP)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.alex.pk))

    def test_it_does_not_lock_another_account_from_the_same_address(self) -> None:
        self.fail_until_locked("alex@example.com", HOME_IP)
        response = self.sign_in("bo@example.com", PASSWORD, HOME_IP)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)

    def test_it_does_not_lock_before_the_limit(self) -> None:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.sign_in("alex@example.com", WRONG, HOME_IP)
        response = self.sign_in("alex@example.com", PASSWORD, HOME_IP)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)

    def test_it_treats_the_email_case_insensitively(self) -> None:
        for index in range(settings.AXES_FAILURE_LIMIT):
            email = "ALEX@example.com" if index % 2 else "alex@EXAMPLE.com"
            self.sign_in(email, WRONG, HOME_IP)
        self.assertEqual(self.sign_in("alex@example.com", PASSWORD, HOME_IP).status_code, 429)

    def test_it_audits_failed_sign_ins_without_what_was_typed(self) -> None:
        self.sign_in("alex@example.com", WRONG, HOME_IP)
        self.sign_in("nobody@example.com", WRONG, HOME_IP)
        failures = list(AuditEvent.objects.filter(action=Action.LOGIN_FAILED))
        self.assertEqual(len(failures), 2)
        self.assertEqual(failures[0].target_ref, str(self.alex.public_id))
        self.assertEqual(failures[1].target_ref, "")
        for event in AuditEvent.objects.all():
            row = " ".join(str(value) for value in event.__dict__.values())
            self.assertNotIn(WRONG, row)
            self.assertNotIn("nobody@example.com", row)

    def test_it_never_keeps_the_typed_password_in_the_lockout_records(self) -> None:
        self.fail_until_locked("alex@example.com", HOME_IP)
        attempt = AccessAttempt.objects.get()
        self.assertEqual(attempt.ip_address, HOME_IP)
        self.assertEqual(attempt.username, "alex@example.com")
        self.assertNotIn(WRONG, attempt.post_data)
        self.assertNotIn(WRONG, attempt.get_data)

    def test_it_audits_a_successful_sign_in(self) -> None:
        self.sign_in("alex@example.com", PASSWORD, HOME_IP)
        event = AuditEvent.objects.filter(action=Action.LOGIN).get()
        self.assertEqual(event.actor_ref, self.alex.public_id)

    def test_it_forgets_earlier_failures_after_a_successful_sign_in(self) -> None:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.sign_in("alex@example.com", WRONG, HOME_IP)
        self.sign_in("alex@example.com", PASSWORD, HOME_IP)
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.sign_in("alex@example.com", WRONG, HOME_IP)
        response = self.sign_in("alex@example.com", PASSWORD, HOME_IP)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)

    def test_it_ignores_a_forged_forwarded_address(self) -> None:
        for index in range(settings.AXES_FAILURE_LIMIT):
            self.sign_in("alex@example.com", WRONG, HOME_IP, HTTP_X_FORWARDED_FOR=f"203.0.113.{index}")
        response = self.sign_in("alex@example.com", PASSWORD, HOME_IP, HTTP_X_FORWARDED_FOR="203.0.113.99")
        self.assertEqual(response.status_code, 429)

    @override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
    def test_it_tells_people_apart_behind_a_trusted_proxy(self) -> None:
        proxy = "192.0.2.1"
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.sign_in("tan@example.com", WRONG, proxy, HTTP_X_FORWARDED_FOR=HOME_IP)
        locked = self.sign_in("tan@example.com", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=HOME_IP)
        self.assertEqual(locked.status_code, 429)
        self.assertEqual(AccessAttempt.objects.get().ip_address, HOME_IP)
        response = self.sign_in("tan@example.com", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=CLINIC_IP)
        self.assertRedirects(response, reverse("mfa_authenticate"), fetch_redirect_response=False)

    def test_it_lifts_the_pause_once_the_password_is_reset_by_email(self) -> None:
        self.fail_until_locked("alex@example.com", HOME_IP)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("account_reset_password"), {"email": "alex@example.com"}, REMOTE_ADDR=HOME_IP)
        link = next(word for word in str(mail.outbox[-1].body).split() if "/password/reset/key/" in word)
        form = self.client.get(link, REMOTE_ADDR=HOME_IP, follow=True)
        new_password = "a calm walk along the water"
        self.client.post(
            form.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}, REMOTE_ADDR=HOME_IP
        )
        response = self.sign_in("alex@example.com", new_password, HOME_IP)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
