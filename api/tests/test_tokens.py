import re

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from api.actions import do_create_token, do_revoke_token
from api.models import ApiToken
from audit.models import AuditEvent

from .base import ApiTestCase


class TokenPagesTest(ApiTestCase):
    def test_it_asks_anonymous_visitors_to_sign_in(self) -> None:
        response = self.client.get(reverse("api_tokens"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_it_shows_a_new_token_once_and_the_token_works(self) -> None:
        self.login(self.alex)
        response = self.client.post(reverse("api_tokens"), {"name": "  my reporting script  "})
        secret = re.search(r"wmk_[\w-]+", response.content.decode())
        assert secret is not None
        self.assertEqual(ApiToken.objects.get(user=self.alex).name, "my reporting script")
        self.assertNotContains(self.client.get(reverse("api_tokens")), secret.group())
        self.assertEqual(self.api_get("/me", secret.group()).json()["name"], "Alex")
        self.assertTrue(AuditEvent.objects.filter(what="api_token.create", actor_ref=self.alex.public_id).exists())

    def test_it_never_stores_the_secret(self) -> None:
        token, secret = do_create_token(self.alex, "Nightly export")
        self.assertNotIn(secret, token.token_hash)
        self.assertNotEqual(token.token_hash, secret)

    def test_it_revokes_a_token_so_it_stops_working(self) -> None:
        token, secret = do_create_token(self.alex, "Nightly export")
        self.login(self.alex)
        response = self.client.post(reverse("api_token_revoke", args=[token.public_id]))
        self.assertRedirects(response, reverse("api_tokens"))
        self.assertEqual(self.api_get("/me", secret).status_code, 401)
        self.assertNotContains(self.client.get(reverse("api_tokens")), "Nightly export")
        self.assertTrue(AuditEvent.objects.filter(what="api_token.revoke").exists())

    def test_it_does_not_let_anyone_revoke_someone_elses_token(self) -> None:
        token, secret = do_create_token(self.alex, "Nightly export")
        self.login(self.supporter)
        self.assertEqual(self.client.post(reverse("api_token_revoke", args=[token.public_id])).status_code, 404)
        with self.assertRaises(PermissionDenied):
            do_revoke_token(self.supporter, token)
        self.assertEqual(self.api_get("/me", secret).status_code, 200)

    def test_it_records_a_revocation_only_once(self) -> None:
        token, _ = do_create_token(self.alex, "Nightly export")
        do_revoke_token(self.alex, token)
        do_revoke_token(self.alex, token)
        self.assertEqual(AuditEvent.objects.filter(what="api_token.revoke").count(), 1)
        self.assertIsNotNone(token.revoked_at)
