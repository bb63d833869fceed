from django.urls import reverse

from lib.testing import WaymarkTestCase


class PrivacyHomeTest(WaymarkTestCase):
    def test_it_links_to_every_right_the_client_has(self) -> None:
        self.login(self.alex)
        response = self.client.get(reverse("privacy_home"))
        self.assertContains(response, "You agreed to version v1")
        self.assertContains(response, f'href="{reverse("privacy_access_log")}"')
        self.assertContains(response, f'action="{reverse("privacy_export")}"')
        self.assertContains(response, f'href="{reverse("privacy_delete")}"')
        self.assertNotContains(response, "set to be deleted")
