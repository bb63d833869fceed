from django.urls import reverse

from lib.testing import WaymarkTestCase

# (URL name, method, what the client gets)
PRIVACY_URLS = [
    ("privacy_home", "get", 200),
    ("privacy_consent", "get", 200),
    ("privacy_withdraw_consent", "post", 302),
    ("privacy_access_log", "get", 200),
    ("privacy_export", "post", 200),
    ("privacy_delete", "get", 200),
    ("privacy_delete_cancel", "post", 302),
]


class PrivacyAccessLadderTest(WaymarkTestCase):
    def call(self, name: str, method: str) -> int:
        return getattr(self.client, method)(reverse(name)).status_code

    def test_it_asks_anonymous_visitors_to_sign_in(self) -> None:
        for name, method, _ in PRIVACY_URLS:
            response = getattr(self.client, method)(reverse(name))
            self.assertEqual(response.status_code, 302, name)
            self.assertIn(reverse("account_login"), response["Location"], name)

    def test_it_shows_nothing_to_staff_supporters_or_outsiders(self) -> None:
        for person in (self.therapist, self.admin, self.supporter, self.outsider):
            self.login(person)
            for name, method, _ in PRIVACY_URLS:
                self.assertEqual(self.call(name, method), 404, f"{person} {name}")

    def test_it_lets_the_client_in(self) -> None:
        self.login(self.alex)
        for name, method, expected in PRIVACY_URLS:
            self.assertEqual(self.call(name, method), expected, name)

    def test_it_only_exports_on_post(self) -> None:
        self.login(self.alex)
        self.assertEqual(self.client.get(reverse("privacy_export")).status_code, 405)
        self.assertEqual(self.client.get(reverse("privacy_delete_cancel")).status_code, 405)
