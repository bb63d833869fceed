"""The relapse-prevention plan: triggers, warning signs and risky times, what to do instead, and who to call."""

import uuid
from datetime import UTC, datetime
from io import StringIO
from typing import Any

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from caseload.models import Client
from plan.actions import NEEDS_SUBSTITUTE, Entry, do_review_prevention_plan, do_save_prevention_plan
from plan.models import PreventionEntry, PreventionPlan
from plan.tests.support import PlanTestCase
from privacy.export import build_export

MARCH_3 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # 10:00 in Singapore
MARCH_25 = datetime(2025, 3, 24, 20, 0, tzinfo=UTC)  # already 25 March in Singapore

ENTRIES = [
    Entry("trigger", "Feeling lonely after an argument", "Text my brother and go for a run", "Evenings"),
    Entry("warning_sign", "Skipping meals and sleep", "Eat something proper and be in bed by 11"),
    Entry("high_risk_situation", "Alone at home with my phone", "Charge it in the kitchen", "Friday nights"),
    Entry("trigger", "Boredom", "I go for a walk"),
]
PEOPLE = "Marcus (brother) +65 9123 4567\nMy sponsor"


class PreventionTestCase(PlanTestCase):
    def save(
        self, entries: list[Entry] | None = None, actor: User | None = None, client: Client | None = None
    ) -> PreventionPlan:
        return do_save_prevention_plan(
            actor or self.alex, client or self.client_record, ENTRIES if entries is None else entries, PEOPLE
        )

    def count_queries(self, user: User, url: str) -> int:
        self.login(user)
        self.client.get(url)  # the first request after signing in also settles the session
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def texts(self) -> list[tuple[str, int, str, str, str]]:
        return [(e.kind, e.order, e.what, e.when, e.substitute) for e in PreventionEntry.objects.all()]


class SavePreventionPlanTest(PreventionTestCase):
    def test_it_saves_the_entries_section_by_section_and_audits_the_change(self) -> None:
        plan = self.save()
        self.assertEqual(plan.people_to_call, PEOPLE)
        self.assertEqual(plan.updated_by, self.alex)
        self.assertIn(("trigger", 1, "Boredom", "", "I go for a walk"), self.texts())
        self.assertIn(
            ("high_risk_situation", 0, "Alone at home with my phone", "Friday nights", "Charge it in the kitchen"),
            self.texts(),
        )
        event = AuditEvent.objects.get(what="plan.prevention.save")
        self.assertEqual((event.actor_ref, event.client_ref), (self.alex.public_id, self.client_record.public_id))

    def test_it_replaces_the_entries_when_saved_again_by_the_therapist(self) -> None:
        self.save()
        plan = self.save([Entry("warning_sign", "Working late", "Stop at 9:30")], actor=self.therapist)
        self.assertEqual(self.texts(), [("warning_sign", 0, "Working late", "", "Stop at 9:30")])
        self.assertEqual(PreventionPlan.objects.count(), 1)
        self.assertEqual(plan.updated_by, self.therapist)

    def test_it_lets_only_the_client_and_their_therapist_change_it(self) -> None:
        for person in (self.other_therapist, self.supporter, self.admin, self.outsider, self.bo_record.user):
            with self.assertRaises(PermissionDenied, msg=person.name):
                self.save(actor=person)
        self.assertFalse(PreventionPlan.objects.exists())

    def test_it_asks_what_the_client_will_do_instead(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.save([Entry("trigger", "Feeling lonely", "  ")])
        self.assertIn(NEEDS_SUBSTITUTE, " ".join(caught.exception.messages))
        self.assertFalse(PreventionPlan.objects.exists())

    def test_it_refuses_an_entry_without_a_what_or_in_no_section(self) -> None:
        for entry in (Entry("trigger", "", "Call my brother"), Entry("craving", "Feeling low", "Call my brother")):
            with self.assertRaises(ValidationError):
                self.save([entry])
        self.assertFalse(PreventionPlan.objects.exists())

    def test_it_holds_up_to_forty_entries(self) -> None:
        self.save([Entry("trigger", f"Trigger {n}", "Call my brother") for n in range(40)])
        with self.assertRaises(ValidationError) as caught:
            self.save([Entry("trigger", f"Trigger {n}", "Call my brother") for n in range(41)])
        self.assertIn("up to 40 entries", " ".join(caught.exception.messages))
        self.assertEqual(PreventionEntry.objects.count(), 40)

    def test_it_refuses_text_that_is_too_long(self) -> None:
        for entry in (
            Entry("trigger", "x" * 301, "Call my brother"),
            Entry("trigger", "Feeling low", "x" * 501),
            Entry("trigger", "Feeling low", "Call my brother", "x" * 121),
        ):
            with self.assertRaises(ValidationError):
                self.save([entry])
        with self.assertRaises(ValidationError):
            do_save_prevention_plan(self.alex, self.client_record, ENTRIES, "x" * 1_001)
        self.assertFalse(PreventionPlan.objects.exists())

    def test_it_keeps_every_entry_and_the_people_to_call_encrypted_at_rest(self) -> None:
        self.save()
        with connection.cursor() as cursor:
            cursor.execute('SELECT what, "when", substitute FROM plan_preventionentry')
            cells = [cell for row in cursor.fetchall() for cell in row if cell]
            cursor.execute("SELECT people_to_call FROM plan_preventionplan")
            [(people,)] = cursor.fetchall()
        self.assertEqual(len(cells), 3 * 4 - 2)
        for raw in [*cells, people]:
            self.assertTrue(raw.startswith("k1$"), raw)
            self.assertNotIn("lonely", raw)
            self.assertNotIn("9123", raw)


class ReviewPreventionPlanTest(PreventionTestCase):
    def test_it_stamps_who_reviewed_it_and_when(self) -> None:
        self.save()
        with time_machine.travel(MARCH_3, tick=False):
            plan = do_review_prevention_plan(self.therapist, self.client_record)
        self.assertEqual((plan.reviewed_at, plan.reviewed_by), (MARCH_3, self.therapist))
        self.assertTrue(AuditEvent.objects.filter(what="plan.prevention.review").exists())

    def test_it_has_nothing_to_review_before_the_plan_is_written(self) -> None:
        with self.assertRaises(ValidationError):
            do_review_prevention_plan(self.therapist, self.client_record)
        with self.assertRaises(PermissionDenied):
            do_review_prevention_plan(self.other_therapist, self.client_record)


def formset_data(rows: dict[str, list[tuple[str, str, str]]], people: str = "") -> dict[str, Any]:
    """The edit page's POST: each section's rows as (what, when, instead)."""
    data: dict[str, Any] = {"people_to_call": people}
    for kind in ("trigger", "warning_sign", "high_risk_situation"):
        section = rows.get(kind, [])
        data |= {f"{kind}-TOTAL_FORMS": str(len(section)), f"{kind}-INITIAL_FORMS": "0"}
        for n, (what, when, instead) in enumerate(section):
            data |= {f"{kind}-{n}-what": what, f"{kind}-{n}-when": when, f"{kind}-{n}-substitute": instead}
    return data


class ClientPreventionPagesTest(PreventionTestCase):
    url = reverse("plan_prevention")
    edit_url = reverse("plan_prevention_edit")

    def view(self) -> str:
        self.login(self.alex)
        with time_machine.travel(MARCH_25, tick=False):
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_shows_only_the_client_their_own_plan(self) -> None:
        for url in (self.url, self.edit_url):
            self.client.logout()
            response = self.client.get(url)
            self.assertRedirects(response, f"{reverse('account_login')}?next={url}", fetch_redirect_response=False)
            for person in (self.therapist, self.supporter, self.admin):
                self.login(person)
                self.assertEqual(self.client.get(url).status_code, 404, person.name)

    def test_it_invites_the_client_to_write_the_plan(self) -> None:
        page = self.view()
        self.assertIn("Write your plan", page)
        self.assertIn("Nothing here yet.", page)

    def test_it_shows_each_entry_in_the_clients_own_words_and_links_the_phone_numbers(self) -> None:
        self.save()
        with time_machine.travel(MARCH_3, tick=False):
            do_review_prevention_plan(self.therapist, self.client_record)
        page = self.view()
        self.assertIn("Feeling lonely after an argument", page)
        self.assertIn("Instead:</span> Text my brother and go for a run", page)
        self.assertIn("I go for a walk", page)
        self.assertIn("Times to watch: Friday nights", page)
        self.assertIn('<a href="tel:+6591234567">Marcus (brother) +65 9123 4567</a>', page)
        self.assertIn("<li>My sponsor</li>", page)
        self.assertIn("Reviewed with Dr Tan on 3 March.", page)

    def test_it_links_to_the_prevention_plan_from_the_plan_page(self) -> None:
        self.login(self.alex)
        self.assertContains(self.client.get(reverse("plan")), self.url)

    def test_it_offers_sections_with_examples_and_blank_rows_to_fill_in(self) -> None:
        self.save()
        self.login(self.alex)
        response = self.client.get(self.edit_url)
        for text in ("Triggers", "Warning signs", "High-risk situations and times", "For example: When I feel lonely"):
            self.assertContains(response, text)
        self.assertContains(response, 'value="Feeling lonely after an argument"')
        self.assertContains(response, 'name="trigger-TOTAL_FORMS" value="4"')  # two entries and two blank rows

    def test_it_saves_the_form_and_skips_blank_rows(self) -> None:
        self.login(self.alex)
        data = formset_data(
            {
                "trigger": [("Feeling lonely", "Evenings", "Call my brother"), ("", "", "")],
                "warning_sign": [("", "", "")],
            },
            people="Marcus 9123 4567",
        )
        self.assertRedirects(self.client.post(self.edit_url, data), self.url)
        self.assertEqual(self.texts(), [("trigger", 0, "Feeling lonely", "Evenings", "Call my brother")])
        self.assertEqual(PreventionPlan.objects.get().people_to_call, "Marcus 9123 4567")

    def test_it_asks_what_the_client_will_do_instead_beside_the_entry(self) -> None:
        self.login(self.alex)
        response = self.client.post(self.edit_url, formset_data({"trigger": [("Feeling lonely", "", "")]}))
        self.assertContains(response, NEEDS_SUBSTITUTE, status_code=400)
        self.assertContains(response, 'value="Feeling lonely"', status_code=400)
        self.assertFalse(PreventionPlan.objects.exists())

    def test_it_says_when_there_are_too_many_entries_or_too_many_words(self) -> None:
        self.login(self.alex)
        rows = {
            kind: [(f"{kind} {n}", "", "Call") for n in range(14)]
            for kind in ("trigger", "warning_sign", "high_risk_situation")
        }
        response = self.client.post(self.edit_url, formset_data(rows))
        self.assertContains(response, "up to 40 entries in all; this one has 42", status_code=400)
        response = self.client.post(self.edit_url, formset_data({"trigger": [("x" * 301, "", "Call")]}))
        self.assertContains(response, "at most 300 characters", status_code=400)
        self.assertFalse(PreventionPlan.objects.exists())

    def test_it_runs_the_same_number_of_queries_for_one_entry_or_thirty(self) -> None:
        self.save(ENTRIES[:1])
        one = self.count_queries(self.alex, self.url)
        self.save(
            [
                Entry(kind, f"Entry {n}", "Call")
                for n in range(10)
                for kind in ("trigger", "warning_sign", "high_risk_situation")
            ]
        )
        self.assertEqual(PreventionEntry.objects.count(), 30)
        self.assertEqual(self.count_queries(self.alex, self.url), one)


class TherapistPreventionPagesTest(PreventionTestCase):
    def url(self, name: str = "client_plan_prevention", client_id: uuid.UUID | None = None) -> str:
        return reverse(name, args=[client_id or self.client_record.public_id])

    def test_it_hides_the_plan_from_everyone_but_the_treating_therapist(self) -> None:
        self.save()
        for name in ("client_plan_prevention", "client_plan_prevention_edit"):
            for person in (self.other_therapist, self.outsider, self.supporter, self.admin, self.alex):
                self.login(person)
                self.assertEqual(self.client.get(self.url(name)).status_code, 404, person.name)
            self.login(self.therapist)
            self.assertEqual(self.client.get(self.url(name, self.bo_record.public_id)).status_code, 404)
            self.assertEqual(self.client.get(self.url(name, uuid.uuid4())).status_code, 404)

    def test_it_will_not_mark_another_therapists_client_reviewed(self) -> None:
        self.save(actor=self.bo_record.user, client=self.bo_record)
        self.login(self.therapist)
        self.assertEqual(
            self.client.post(self.url("client_plan_prevention_review", self.bo_record.public_id)).status_code, 404
        )
        self.assertIsNone(PreventionPlan.objects.get().reviewed_at)

    def test_it_shows_the_plan_audits_the_read_and_marks_it_reviewed(self) -> None:
        self.save()
        self.login(self.therapist)
        page = self.client.get(self.url())
        self.assertContains(page, "Alex: relapse-prevention plan")
        self.assertContains(page, "Not reviewed yet.")
        self.assertContains(page, "Text my brother")
        event = AuditEvent.objects.get(what="plan.prevention.view")
        self.assertEqual((event.actor_ref, event.client_ref), (self.therapist.public_id, self.client_record.public_id))
        with time_machine.travel(MARCH_3, tick=False):
            response = self.client.post(self.url("client_plan_prevention_review"), follow=True)
        self.assertContains(response, "Marked as reviewed today.")
        self.assertContains(response, "Reviewed with Alex on 3 March.")
        self.login(self.alex)
        self.assertContains(self.client.get(reverse("privacy_access_log")), "Looked at your relapse-prevention plan")

    def test_it_lets_the_therapist_write_the_plan_in_session(self) -> None:
        self.login(self.therapist)
        self.assertContains(self.client.get(self.url("client_plan_prevention_edit")), "Alex: relapse-prevention plan")
        data = formset_data({"high_risk_situation": [("Hotel stays alone", "Work trips", "Call home at 9 pm")]})
        self.assertRedirects(self.client.post(self.url("client_plan_prevention_edit"), data), self.url())
        self.assertEqual(PreventionPlan.objects.get().updated_by, self.therapist)

    def test_it_shows_the_reviewed_date_on_the_recovery_plan_page(self) -> None:
        self.login(self.therapist)
        self.assertContains(self.client.get(self.url("client_plan")), "No relapse-prevention plan yet.")
        self.save()
        with time_machine.travel(MARCH_3, tick=False):
            do_review_prevention_plan(self.therapist, self.client_record)
        with time_machine.travel(MARCH_25, tick=False):
            response = self.client.get(self.url("client_plan"))
        self.assertContains(response, "Reviewed with Alex on 3 March.")
        self.assertContains(response, self.url())

    def test_it_runs_the_same_number_of_queries_for_one_entry_or_thirty(self) -> None:
        self.save(ENTRIES[:1])
        one = self.count_queries(self.therapist, self.url())
        self.save([Entry("trigger", f"Entry {n}", "Call") for n in range(30)])
        self.assertEqual(self.count_queries(self.therapist, self.url()), one)


class PreventionExportAndDemoTest(PreventionTestCase):
    def test_it_puts_the_plan_in_the_clients_export(self) -> None:
        self.assertIsNone(build_export(self.client_record)["relapse_prevention_plan"])
        self.save()
        section: Any = build_export(self.client_record)["relapse_prevention_plan"]
        self.assertEqual(section["people_to_call"], PEOPLE)
        self.assertIn(
            {"kind": "trigger", "what": "Boredom", "when": "", "instead": "I go for a walk"}, section["entries"]
        )

    def test_it_gives_four_demo_clients_a_plan_once(self) -> None:
        for _ in range(2):
            call_command("load_demo", stdout=StringIO())
        plans = PreventionPlan.objects.filter(client__user__email__endswith="@demo.waymark.test")
        self.assertEqual(plans.count(), 4)
        self.assertEqual(plans.filter(reviewed_at__isnull=False).count(), 3)
