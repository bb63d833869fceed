"""Every page carries the security headers; signed-in pages are never stored; leaving clears the browser."""

import re

from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from lib.testing import WaymarkTestCase

SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


class HeadersTest(WaymarkTestCase):
    def pages_for(self) -> list[tuple[User | None, str]]:
        return [
            (None, reverse("account_login")),
            (None, reverse("crisis")),
            (None, reverse("account_reset_password")),
            (self.alex, reverse("home")),
            (self.alex, reverse("crisis")),
            (self.alex, reverse("account_settings")),
            (self.alex, reverse("usersessions_list")),
            (self.alex, reverse("account_change_password")),
            (self.alex, reverse("mfa_index")),
            (self.therapist, reverse("caseload")),
            (self.therapist, reverse("client_record", args=[self.client_record.public_id])),
            (self.admin, reverse("practice_people")),
            (self.admin, reverse("practice_settings")),
        ]

    def fetch(self, user: User | None, url: str) -> HttpResponse:
        self.client.logout()
        if user is not None:
            self.login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response  # type: ignore[return-value]

    def test_it_sends_a_strict_content_security_policy_with_a_nonce_on_every_page(self) -> None:
        for user, url in self.pages_for():
            with self.subTest(url=url, user=str(user)):
                response = self.fetch(user, url)
                policy = response["Content-Security-Policy"]
                self.assertNotIn("unsafe-inline", policy)
                self.assertNotIn("unsafe-eval", policy)
                self.assertIn("default-src 'none'", policy)
                self.assertIn("frame-ancestors 'none'", policy)
                nonce = re.search(r"'nonce-([^']+)'", policy)
                assert nonce is not None, policy
                tags = SCRIPT_TAG.findall(response.content.decode())
                self.assertGreaterEqual(len(tags), 1)
                for tag in tags:
                    self.assertIn(f'nonce="{nonce.group(1)}"', tag)
                    self.assertIn("src=", tag)

    def test_it_uses_a_fresh_nonce_for_each_response(self) -> None:
        first = self.client.get(reverse("account_login"))["Content-Security-Policy"]
        second = self.client.get(reverse("account_login"))["Content-Security-Policy"]
        self.assertNotEqual(first, second)

    def test_it_forbids_framing_sniffing_and_referrers_on_every_page(self) -> None:
        for user, url in self.pages_for():
            with self.subTest(url=url, user=str(user)):
                response = self.fetch(user, url)
                self.assertEqual(response["X-Frame-Options"], "DENY")
                self.assertEqual(response["Referrer-Policy"], "no-referrer")
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")

    def test_it_never_lets_a_browser_keep_a_signed_in_page(self) -> None:
        for user, url in self.pages_for():
            if user is None:
                continue
            with self.subTest(url=url, user=str(user)):
                response = self.fetch(user, url)
                self.assertIn("no-store", response["Cache-Control"])
                self.assertIn("private", response["Cache-Control"])

    def test_it_does_not_store_the_api_answers_either(self) -> None:
        self.login(self.therapist)
        response = self.client.get("/api/v1/clients")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])

    def test_it_sends_hsts_over_https(self) -> None:
        response = self.client.get(reverse("account_login"), secure=True)
        self.assertIn("max-age=31536000", response["Strict-Transport-Security"])
        self.assertIn("includeSubDomains", response["Strict-Transport-Security"])

    def test_it_clears_the_browser_on_sign_out(self) -> None:
        self.login(self.alex)
        response = self.client.post(reverse("account_logout"))
        self.assertEqual(response.status_code, 302)
        self.assertIn('"cookies"', response["Clear-Site-Data"])
        self.assertIn('"storage"', response["Clear-Site-Data"])
        self.assertIn('"cache"', response["Clear-Site-Data"])
        self.assertFalse(self.client.get(reverse("account_settings")).wsgi_request.user.is_authenticated)

    def test_it_does_not_sign_out_on_a_plain_link(self) -> None:
        self.login(self.alex)
        self.client.get(reverse("account_logout"))
        self.assertTrue(self.client.get(reverse("home")).wsgi_request.user.is_authenticated)

    @override_settings(WAYMARK_NEUTRAL_SITE="https://weather.example.net/")
    def test_it_ends_the_session_and_leaves_for_the_neutral_site_on_quick_exit(self) -> None:
        self.login(self.alex)
        response = self.client.post(reverse("quick_exit"))
        self.assertRedirects(response, "https://weather.example.net/", fetch_redirect_response=False)
        self.assertIn('"cookies"', response["Clear-Site-Data"])
        self.assertIn('"storage"', response["Clear-Site-Data"])
        self.assertIn("no-store", response["Cache-Control"])
        after = self.client.get(reverse("home"))
        self.assertFalse(after.wsgi_request.user.is_authenticated)
        self.assertEqual(after.status_code, 302)

    @override_settings(WAYMARK_NEUTRAL_SITE="https://weather.example.net/")
    def test_it_tells_the_quick_exit_script_where_to_go(self) -> None:
        self.login(self.alex)
        response = self.client.get(reverse("home"))
        self.assertContains(response, 'data-neutral-site="https://weather.example.net/"')
        self.assertContains(response, "data-quick-exit")

    def test_it_offers_quick_exit_to_someone_already_signed_out(self) -> None:
        response = self.client.post(reverse("quick_exit"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("Clear-Site-Data", response)

    def test_it_refuses_quick_exit_by_get(self) -> None:
        self.login(self.alex)
        self.assertEqual(self.client.get(reverse("quick_exit")).status_code, 405)
        self.assertTrue(self.client.get(reverse("home")).wsgi_request.user.is_authenticated)
