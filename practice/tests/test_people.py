"""The practice admin deactivates and reactivates people, never themselves, always audited."""

import uuid

from django.urls import reverse

from accounts.models import User
from audit.models import Action, AuditEvent
from lib.testing import WaymarkTestCase


class PeopleTest(WaymarkTestCase):
    def set_active(self, person: User, active: bool) -> None:
        url = reverse("practice_set_active", args=[person.public_id])
        response = self.client.post(url, {"active": "1" if active else "0"})
        self.assertRedirects(response, reverse("practice_people"), fetch_redirect_response=False)

    def test_it_lists_everyone_in_the_practice_and_nobody_else(self) -> None:
        self.login(self.admin)
        page = self.client.get(reverse("practice_people"))
        for person in (self.therapist, self.other_therapist, self.alex, self.supporter):
            self.assertContains(page, person.email)
        self.assertNotContains(page, self.outsider.email)

    def test_it_deactivates_and_reactivates_a_therapist_and_audits_both(self) -> None:
        self.login(self.admin)
        self.set_active(self.therapist, False)
        self.therapist.refresh_from_db()
        self.assertFalse(self.therapist.is_active)
        page = self.client.get(reverse("practice_people"))
        self.assertContains(page, "Dr Tan is deactivated and signed out everywhere.")
        self.assertContains(page, "Reactivate")

        self.set_active(self.therapist, True)
        self.therapist.refresh_from_db()
        self.assertTrue(self.therapist.is_active)
        self.assertContains(self.client.get(reverse("practice_people")), "Dr Tan can sign in again.")

        events = list(AuditEvent.objects.filter(action=Action.WRITE, what__startswith="person."))
        self.assertEqual([event.what for event in events], ["person.deactivate", "person.activate"])
        for event in events:
            self.assertEqual(event.actor_ref, self.admin.public_id)
            self.assertEqual(event.target_ref, str(self.therapist.public_id))

    def test_it_does_not_let_the_admin_deactivate_themselves(self) -> None:
        self.login(self.admin)
        self.set_active(self.admin, False)
        self.admin.refresh_from_db()
        self.assertTrue(self.admin.is_active)
        page = self.client.get(reverse("practice_people"))
        self.assertContains(page, "You cannot deactivate your own account.")
        self.assertTrue(page.wsgi_request.user.is_authenticated)
        self.assertFalse(AuditEvent.objects.filter(what="person.deactivate").exists())

    def test_it_offers_no_deactivate_button_on_your_own_row(self) -> None:
        self.login(self.admin)
        page = self.client.get(reverse("practice_people"))
        self.assertNotContains(page, reverse("practice_set_active", args=[self.admin.public_id]))
        self.assertContains(page, reverse("practice_set_active", args=[self.therapist.public_id]))

    def test_it_gives_404_for_someone_in_another_practice(self) -> None:
        self.login(self.admin)
        url = reverse("practice_set_active", args=[self.outsider.public_id])
        self.assertEqual(self.client.post(url, {"active": "0"}).status_code, 404)
        self.outsider.refresh_from_db()
        self.assertTrue(self.outsider.is_active)
        self.assertEqual(
            self.client.post(reverse("practice_set_active", args=[uuid.uuid4()]), {"active": "0"}).status_code, 404
        )

    def test_it_refuses_deactivation_by_get(self) -> None:
        self.login(self.admin)
        url = reverse("practice_set_active", args=[self.therapist.public_id])
        self.assertEqual(self.client.get(url).status_code, 405)
        self.therapist.refresh_from_db()
        self.assertTrue(self.therapist.is_active)

    def test_it_hides_the_people_pages_from_everyone_but_the_admin(self) -> None:
        urls = [
            reverse("practice_people"),
            reverse("practice_invite_therapist"),
        ]
        for person in (self.therapist, self.alex, self.supporter, self.outsider):
            with self.subTest(person=person.name):
                self.client.logout()
                self.login(person)
                for url in urls:
                    self.assertEqual(self.client.get(url).status_code, 404, url)
                url = reverse("practice_set_active", args=[self.other_therapist.public_id])
                self.assertEqual(self.client.post(url, {"active": "0"}).status_code, 404)
        self.other_therapist.refresh_from_db()
        self.assertTrue(self.other_therapist.is_active)
