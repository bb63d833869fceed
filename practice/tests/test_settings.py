"""The practice admin edits the practice's names, time zone and crisis lines; clients see the lines."""

from typing import Any

from django.http import HttpResponse
from django.urls import reverse

from audit.models import Action, AuditEvent
from lib.testing import WaymarkTestCase
from practice.models import CrisisLine, Practice

URL = reverse("practice_settings")


class PracticeSettingsTest(WaymarkTestCase):
    def current_form(self) -> dict[str, Any]:
        """What the settings page would post back unchanged."""
        page = self.client.get(URL)
        self.assertEqual(page.status_code, 200)
        data: dict[str, Any] = {}
        form, lines = page.context["form"], page.context["lines"]
        for bound in [*form, *lines.management_form, *(field for line in lines for field in line)]:
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = value
        return data

    def save(self, data: dict[str, Any]) -> HttpResponse:
        return self.client.post(URL, data)  # type: ignore[return-value]

    def snapshot(self) -> tuple[Any, ...]:
        practice = Practice.objects.get(pk=self.practice.pk)
        lines = tuple(CrisisLine.objects.filter(practice=practice).values_list("name", "number", "description"))
        return (practice.name, practice.client_facing_name, practice.time_zone, lines)

    def test_it_shows_the_current_settings_and_lines(self) -> None:
        self.login(self.admin)
        page = self.client.get(URL)
        self.assertContains(page, 'value="Harbour Practice"')
        self.assertContains(page, 'value="Harbour"')
        self.assertContains(page, "Samaritans of Singapore")
        self.assertContains(page, 'value="1767"')

    def test_it_saves_names_time_zone_and_lines(self) -> None:
        self.login(self.admin)
        data = self.current_form()
        data.update(
            {
                "name": "Harbour Counselling Centre",
                "client_facing_name": "Harbour Notes",
                "time_zone": "Europe/London",
                "lines-1-number": "1800 221 4444",
                "lines-2-DELETE": "on",
                "lines-3-order": "5",
                "lines-3-name": "Night line",
                "lines-3-number": "+65 6123 4567",
                "lines-3-description": "Open every night.",
            }
        )
        response = self.save(data)
        self.assertRedirects(response, URL, fetch_redirect_response=False)
        practice = Practice.objects.get(pk=self.practice.pk)
        self.assertEqual(practice.name, "Harbour Counselling Centre")
        self.assertEqual(practice.client_facing_name, "Harbour Notes")
        self.assertEqual(practice.time_zone, "Europe/London")
        lines = list(practice.crisis_lines.values_list("name", "number"))
        self.assertEqual(
            lines,
            [
                ("Emergency services", "995"),
                ("Samaritans of Singapore", "1800 221 4444"),
                ("Night line", "+65 6123 4567"),
            ],
        )
        self.assertContains(self.client.get(URL), "Practice settings saved.")
        event = AuditEvent.objects.filter(what="practice.settings").get()
        self.assertEqual(event.action, Action.WRITE)
        self.assertEqual(event.actor_ref, self.admin.public_id)
        self.assertEqual(event.target_ref, str(self.practice.public_id))

    def test_it_shows_the_new_client_facing_name_in_titles(self) -> None:
        self.login(self.admin)
        data = self.current_form()
        data["client_facing_name"] = "Harbour Notes"
        self.save(data)
        self.client.logout()
        self.login(self.alex)
        self.assertContains(self.client.get(reverse("home")), "· Harbour Notes</title>")

    def test_it_refuses_a_line_without_a_number_and_changes_nothing(self) -> None:
        self.login(self.admin)
        before = self.snapshot()
        data = self.current_form()
        data.update({"name": "Renamed", "lines-0-number": ""})
        response = self.save(data)
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertEqual(self.snapshot(), before)
        self.assertFalse(AuditEvent.objects.filter(what="practice.settings").exists())

    def test_it_refuses_a_new_line_without_a_number(self) -> None:
        self.login(self.admin)
        before = self.snapshot()
        data = self.current_form()
        data.update({"lines-3-name": "Night line", "lines-3-number": ""})
        response = self.save(data)
        self.assertContains(response, "This field is required.", status_code=400)
        self.assertEqual(self.snapshot(), before)

    def test_it_refuses_an_unknown_time_zone_and_changes_nothing(self) -> None:
        self.login(self.admin)
        before = self.snapshot()
        data = self.current_form()
        data.update({"time_zone": "Mars/Olympus_Mons", "client_facing_name": "Renamed"})
        response = self.save(data)
        self.assertContains(response, "Select a valid choice", status_code=400)
        self.assertEqual(self.snapshot(), before)

    def test_it_refuses_an_empty_practice_name(self) -> None:
        self.login(self.admin)
        before = self.snapshot()
        data = self.current_form()
        data["name"] = ""
        self.assertEqual(self.save(data).status_code, 400)
        self.assertEqual(self.snapshot(), before)

    def test_it_cannot_touch_another_practices_lines(self) -> None:
        elsewhere = self.outsider.practice
        assert elsewhere is not None
        elsewhere.add_default_crisis_lines()
        theirs = CrisisLine.objects.filter(practice=elsewhere).first()
        assert theirs is not None
        self.login(self.admin)
        data = self.current_form()
        data.update({"lines-0-id": str(theirs.pk), "lines-0-number": "000"})
        self.save(data)
        theirs.refresh_from_db()
        self.assertNotEqual(theirs.number, "000")

    def test_it_hides_the_settings_from_everyone_but_the_admin(self) -> None:
        before = self.snapshot()
        for person in (self.therapist, self.alex, self.supporter):
            with self.subTest(person=person.name):
                self.client.logout()
                self.login(person)
                self.assertEqual(self.client.get(URL).status_code, 404)
                self.assertEqual(self.client.post(URL, {"name": "Taken over"}).status_code, 404)
        self.assertEqual(self.snapshot(), before)

    def test_it_asks_anonymous_visitors_to_sign_in(self) -> None:
        response = self.client.get(URL)
        self.assertRedirects(response, f"{reverse('account_login')}?next={URL}", fetch_redirect_response=False)


class CrisisPageTest(WaymarkTestCase):
    def test_it_shows_a_client_their_practices_lines(self) -> None:
        CrisisLine.objects.create(practice=self.practice, order=9, name="Harbour night line", number="6123 4567")
        self.login(self.alex)
        page = self.client.get(reverse("crisis"))
        self.assertContains(page, "Samaritans of Singapore")
        self.assertContains(page, "Harbour night line")
        self.assertContains(page, 'href="tel:61234567"')

    def test_it_does_not_show_another_practices_lines(self) -> None:
        elsewhere = self.outsider.practice
        assert elsewhere is not None
        CrisisLine.objects.create(practice=elsewhere, name="Elsewhere line", number="0800 000")
        self.login(self.alex)
        self.assertNotContains(self.client.get(reverse("crisis")), "Elsewhere line")

    def test_it_shows_the_default_lines_to_someone_signed_out(self) -> None:
        page = self.client.get(reverse("crisis"))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "1767")

    def test_it_links_to_help_from_every_client_page(self) -> None:
        self.login(self.alex)
        for url in (reverse("home"), reverse("account_settings"), reverse("crisis")):
            self.assertContains(self.client.get(url), f'href="{reverse("crisis")}"')
