"""The practice log and timer page, the exercise cards and their checks, the demo and the export."""

from datetime import date, timedelta
from io import StringIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from caseload.models import Client
from demo import people
from lib.testing import WaymarkTestCase
from privacy.export import build_export
from skills.actions import PracticeEntry, do_log_practice
from skills.cards import CardError, all_cards, load_cards
from skills.models import Kind, Practice
from tracking.queries import client_today
from tracking.tests.support import stored

GOOD_CARD = "- id: one\n  title: One\n  when: Any time.\n  minutes: 2\n  steps: [Breathe.]\n"


class LogPracticeTest(WaymarkTestCase):
    def today(self) -> date:
        return client_today(self.client_record)

    def test_it_logs_a_practice_with_its_note_sealed_and_audited(self) -> None:
        practice = do_log_practice(self.alex, PracticeEntry(self.today(), 10, Kind.BODY_SCAN, " Calmer after "))
        self.assertEqual(Practice.objects.get().note, "Calmer after")
        self.assertNotIn("Calmer", stored("skills_practice", "note", practice.public_id))
        self.assertTrue(AuditEvent.objects.filter(what="practice.create", target_ref=str(practice.public_id)).exists())

    def test_it_refuses_minutes_out_of_range_a_future_day_and_a_long_note(self) -> None:
        cases = [
            (PracticeEntry(self.today(), 0, Kind.BREATHING), "minutes"),
            (PracticeEntry(self.today(), 181, Kind.BREATHING), "minutes"),
            (PracticeEntry(self.today() + timedelta(days=1), 5, Kind.BREATHING), "done_on"),
            (PracticeEntry(self.today(), 5, Kind.BREATHING, "x" * 281), "note"),
            (PracticeEntry(self.today(), 5, "juggling"), "kind"),
        ]
        for entry, field in cases:
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                do_log_practice(self.alex, entry)
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(Practice.objects.exists())

    def test_it_lets_only_the_client_log(self) -> None:
        with self.assertRaises(PermissionDenied):
            do_log_practice(self.therapist, PracticeEntry(self.today(), 5, Kind.BREATHING))


class PracticePageTest(WaymarkTestCase):
    def test_it_logs_from_the_form_and_shows_the_weeks_total(self) -> None:
        self.login(self.alex)
        today = client_today(self.client_record)
        do_log_practice(self.alex, PracticeEntry(today, 7, Kind.MINDFUL_WALK))
        response = self.client.post(
            reverse("skills_practice"), {"minutes": "5", "kind": "breathing", "done_on": today.isoformat(), "note": ""}
        )
        self.assertRedirects(response, reverse("skills_practice"))
        page = self.client.get(reverse("skills_practice"))
        self.assertContains(page, "<strong>12 minutes</strong>")
        self.assertContains(page, "Mindful walk")
        self.assertContains(page, f'value="{today.isoformat()}"')  # the day starts as today
        self.assertContains(page, "data-timer hidden")  # the timer only appears when its script runs
        self.assertNotContains(page, "style=")

    def test_it_keeps_what_was_typed_when_the_minutes_are_wrong(self) -> None:
        self.login(self.alex)
        today = client_today(self.client_record)
        response = self.client.post(
            reverse("skills_practice"),
            {"minutes": "181", "kind": "breathing", "done_on": today.isoformat(), "note": "Morning sit"},
        )
        self.assertContains(response, "less than or equal to 180", status_code=400)
        self.assertContains(response, "Morning sit", status_code=400)
        future = (today + timedelta(days=2)).isoformat()
        response = self.client.post(
            reverse("skills_practice"), {"minutes": "5", "kind": "breathing", "done_on": future}
        )
        self.assertContains(response, "Choose today or a day that has passed.", status_code=400)
        self.assertFalse(Practice.objects.exists())

    def test_it_puts_skills_in_the_clients_menu(self) -> None:
        self.login(self.alex)
        self.assertContains(self.client.get(reverse("home")), f'href="{reverse("skills_practice")}"')


class CardsTest(WaymarkTestCase):
    def test_it_ships_at_least_eight_cards_each_with_steps(self) -> None:
        cards = all_cards()
        self.assertGreaterEqual(len(cards), 8)
        self.assertIn("riding-the-wave", [card.id for card in cards])
        self.assertTrue(all(card.steps and 1 <= card.minutes <= 60 for card in cards))

    def test_it_shows_the_list_and_one_card(self) -> None:
        self.login(self.alex)
        self.assertContains(self.client.get(reverse("skills_cards")), "Opposite action")
        response = self.client.get(reverse("skills_card", args=["stop-pause"]))
        self.assertContains(response, "<h1>The STOP pause</h1>", html=True)
        self.assertEqual(self.client.get(reverse("skills_card", args=["no-such-card"])).status_code, 404)

    def test_it_names_the_card_and_field_of_a_mistake(self) -> None:
        self.assertEqual(load_cards(GOOD_CARD)[0].steps, ("Breathe.",))
        mistakes = {
            GOOD_CARD.replace("minutes: 2", "minutes: 0"): "card 'one': 'minutes'",
            GOOD_CARD.replace("steps: [Breathe.]", "steps: []"): "card 'one': 'steps'",
            GOOD_CARD.replace("  title: One\n", ""): "card 'one': 'title'",
            GOOD_CARD.replace("id: one", "id: Bad Id"): "card 'Bad Id': 'id'",
            GOOD_CARD + GOOD_CARD: "card 'one': 'id' is used by an earlier card",
            GOOD_CARD.replace("minutes: 2", "minutes: 2\n  colour: red"): "unknown field 'colour'",
            "just text": "must be a list of cards",
            "- [1, 2]": "card 1: each card must be a mapping",
        }
        for text, message in mistakes.items():
            with self.subTest(message=message), self.assertRaises(CardError) as caught:
                load_cards(text)
            self.assertIn(message, str(caught.exception))


class DemoAndExportTest(WaymarkTestCase):
    def test_it_exports_the_practice_log(self) -> None:
        do_log_practice(self.alex, PracticeEntry(client_today(self.client_record), 12, Kind.BODY_SCAN, "Slow"))
        rows = build_export(self.client_record)["practices"]
        self.assertEqual(rows, [rows[0] | {"minutes": 12, "kind": "Body scan", "note": "Slow"}])  # type: ignore[index]

    def test_it_loads_demo_practice_once(self) -> None:
        call_command("load_demo", stdout=StringIO())
        staged = [spec.email for spec in people.CLIENTS if spec.stage in (2, 3, 4)]
        clients = Client.objects.filter(user__email__in=staged)
        count = Practice.objects.filter(client__in=clients).count()
        self.assertGreater(count, 0)
        self.assertFalse(Practice.objects.exclude(client__in=clients).exists())
        call_command("load_demo", stdout=StringIO())
        self.assertEqual(Practice.objects.count(), count)
