from datetime import timedelta

from django.core import mail
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Role, User
from caseload.models import Client
from lib.testing import PASSWORD, WaymarkTestCase


class InvitationTest(WaymarkTestCase):
    def invite_client(self, email: str = "new@example.com") -> str:
        self.login(self.therapist)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("caseload_invite_client"), {"email": email, "display_name": "Noor"})
        self.assertRedirects(response, reverse("caseload"))
        self.client.logout()
        link = next(line for line in mail.outbox[-1].body.splitlines() if "/invite/" in line)
        return link.split("/invite/")[1].rstrip("/")

    def accept(self, token: str, password: str = "a long and quiet river") -> HttpResponse:
        self.client.get(f"/invite/{token}/")
        response = self.client.post(
            reverse("accept_invitation"), {"password": password, "password_again": password, "display_name": "Noor"}
        )
        return response  # type: ignore[return-value]

    def test_it_emails_a_discreet_single_use_link(self) -> None:
        self.invite_client()
        message = mail.outbox[-1]
        self.assertEqual(message.to, ["new@example.com"])
        self.assertEqual(message.subject, "Your Harbour invitation")
        self.assertNotIn("therap", message.body.lower())
        self.assertNotIn("porn", message.body.lower())

    def test_it_creates_the_client_assigned_to_the_inviting_therapist(self) -> None:
        token = self.invite_client()
        response = self.accept(token)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        user = User.objects.get(email="new@example.com")
        self.assertEqual(user.role, Role.CLIENT)
        assignment = user.client.current_assignment()
        assert assignment is not None
        self.assertEqual(assignment.therapist, self.therapist)
        self.assertTrue(user.password.startswith("argon2"))

    def test_it_moves_the_token_out_of_the_url(self) -> None:
        token = self.invite_client()
        response = self.client.get(f"/invite/{token}/")
        self.assertRedirects(response, reverse("accept_invitation"), fetch_redirect_response=False)

    def test_it_refuses_a_reused_invitation(self) -> None:
        token = self.invite_client()
        self.accept(token)
        self.client.logout()
        response = self.accept(token, "another long passphrase")
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "already been used", status_code=410)
        self.assertEqual(Client.objects.filter(user__email="new@example.com").count(), 1)

    def test_it_refuses_an_expired_invitation(self) -> None:
        token = self.invite_client()
        Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        response = self.accept(token)
        self.assertContains(response, "expired", status_code=410)
        self.assertFalse(User.objects.filter(email="new@example.com").exists())

    def test_it_refuses_a_forged_token(self) -> None:
        response = self.accept("not-a-real-token")
        self.assertContains(response, "not valid", status_code=410)

    def test_it_refuses_a_weak_password_and_keeps_the_invitation(self) -> None:
        token = self.invite_client()
        response = self.accept(token, "short")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "too short")
        self.assertTrue(Invitation.objects.get().is_open(timezone.now()))

    def test_it_does_not_let_a_client_invite_anyone(self) -> None:
        self.login(self.alex)
        response = self.client.post(reverse("caseload_invite_client"), {"email": "x@example.com"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Invitation.objects.exists())

    def test_it_lets_the_admin_invite_a_therapist(self) -> None:
        self.login(self.admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("practice_invite_therapist"), {"email": "kim@example.com"})
        self.assertRedirects(response, reverse("practice_people"))
        self.assertEqual(Invitation.objects.get().role, Role.THERAPIST)

    def test_it_rejects_an_email_that_already_has_an_account(self) -> None:
        self.login(self.admin)
        response = self.client.post(reverse("practice_invite_therapist"), {"email": "ALEX@example.com"})
        self.assertContains(response, "already has an account", status_code=400)

    def test_it_signs_in_with_the_new_password(self) -> None:
        token = self.invite_client()
        self.accept(token)
        self.client.logout()
        response = self.client.post(
            reverse("account_login"), {"login": "new@example.com", "password": "a long and quiet river"}
        )
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        self.client.logout()
        response = self.client.post(reverse("account_login"), {"login": "new@example.com", "password": PASSWORD})
        self.assertEqual(response.status_code, 200)
