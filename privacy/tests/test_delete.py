from datetime import UTC, datetime, timedelta

import time_machine
from django.test import Client as Browser
from django.test import override_settings
from django.urls import reverse
from django_tasks import default_task_backend

from audit.models import AuditEvent
from lib.testing import PASSWORD, WaymarkTestCase
from privacy.models import DeletionRequest
from privacy.tasks import erase_account_if_due

NOW = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
DUE = NOW + timedelta(days=14)  # 15 March 2025 in Singapore
GOOD = {"confirm": "DELETE", "password": PASSWORD}


@time_machine.travel(NOW, tick=False)
class DeleteAccountTest(WaymarkTestCase):
    url = reverse("privacy_delete")

    def setUp(self) -> None:
        self.login(self.alex)

    def test_it_explains_what_happens_before_asking(self) -> None:
        response = self.client.get(self.url)
        self.assertContains(response, "For 14 days your account waits")
        self.assertContains(response, "from 15 March 2025")
        self.assertContains(response, 'name="confirm"')
        self.assertContains(response, 'name="password"')

    def test_it_refuses_a_wrong_password_and_changes_nothing(self) -> None:
        response = self.client.post(self.url, {"confirm": "DELETE", "password": "not my password at all"})
        self.assertContains(response, "That password is not right", status_code=400)
        self.assertFalse(DeletionRequest.objects.exists())
        self.assertEqual(self.client.get(reverse("privacy_home")).status_code, 200)

    def test_it_asks_for_the_word_delete(self) -> None:
        for word in ("", "yes please"):
            response = self.client.post(self.url, {"confirm": word, "password": PASSWORD})
            self.assertEqual(response.status_code, 400, word)
            self.assertContains(response, "type DELETE", status_code=400)
        self.assertFalse(DeletionRequest.objects.exists())

    def test_it_schedules_deletion_and_signs_the_client_out(self) -> None:
        response = self.client.post(self.url, GOOD)
        self.assertContains(response, "It will be deleted on 15 March 2025")
        pending = DeletionRequest.objects.get(user=self.alex)
        self.assertEqual(pending.erase_after, DUE)
        self.assertEqual(AuditEvent.objects.filter(what="account.delete_request").count(), 1)
        self.assertRedirects(
            self.client.get(reverse("privacy_home")),
            f"{reverse('account_login')}?next={reverse('privacy_home')}",
            fetch_redirect_response=False,
        )
        self.alex.refresh_from_db()
        self.assertTrue(self.alex.is_active)

    def test_it_signs_the_client_out_on_every_device(self) -> None:
        phone = Browser()
        phone.post(reverse("account_login"), {"login": "alex@example.com", "password": PASSWORD})
        self.assertEqual(phone.get(reverse("privacy_home")).status_code, 200)
        self.client.post(self.url, GOOD)
        self.assertEqual(phone.get(reverse("privacy_home")).status_code, 302)

    def test_it_keeps_one_request_and_its_first_date_when_asked_twice(self) -> None:
        self.client.post(self.url, GOOD)
        with time_machine.travel(NOW + timedelta(days=2), tick=False):
            self.login(self.alex)
            self.assertNotContains(self.client.get(self.url), 'name="password"')
            self.client.post(self.url, GOOD)
        self.assertEqual(DeletionRequest.objects.get().erase_after, DUE)
        self.assertEqual(AuditEvent.objects.filter(what="account.delete_request").count(), 1)

    def test_it_shows_a_banner_with_a_way_back_after_signing_in_again(self) -> None:
        self.client.post(self.url, GOOD)
        self.login(self.alex)
        for page in ("privacy_home", "home", "privacy_delete"):
            response = self.client.get(reverse(page))
            self.assertContains(response, "Your account is set to be deleted on <strong>15 March 2025</strong>")
            self.assertContains(response, f'action="{reverse("privacy_delete_cancel")}"')

    def test_it_cancels_the_deletion(self) -> None:
        self.client.post(self.url, GOOD)
        self.login(self.alex)
        response = self.client.post(reverse("privacy_delete_cancel"), follow=True)
        self.assertContains(response, "Deletion is cancelled")
        self.assertNotContains(response, "set to be deleted")
        self.assertFalse(DeletionRequest.objects.exists())
        self.assertEqual(AuditEvent.objects.filter(what="account.delete_cancel").count(), 1)

    def test_it_shows_no_banner_to_other_clients(self) -> None:
        self.client.post(self.url, GOOD)
        self.login(self.bo_record.user)
        self.assertNotContains(self.client.get(reverse("home")), "set to be deleted")

    @override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
    def test_it_queues_the_erasure_for_the_day_it_is_due(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url, GOOD)
        queued = default_task_backend.results  # type: ignore[attr-defined]
        self.assertEqual(len(queued), 1)
        self.assertEqual(queued[0].task.func, erase_account_if_due.func)
        self.assertEqual(queued[0].task.run_after, DUE)
        self.assertEqual(queued[0].args, [str(self.alex.public_id)])
