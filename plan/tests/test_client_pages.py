from datetime import UTC, date, datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plan.actions import do_sign
from plan.models import PlanVersion
from plan.tests.support import INNER, MIDDLE, PlanTestCase

MARCH_3 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # 10:00 in Singapore
MARCH_25 = datetime(2025, 3, 24, 20, 0, tzinfo=UTC)  # already 25 March, 04:00, in Singapore


class ClientPlanPageTest(PlanTestCase):
    url = reverse("plan")

    def agreed_plan(self) -> PlanVersion:
        with time_machine.travel(MARCH_3, tick=False):
            return self.agree(self.start(abstinence_starts_on=date(2025, 3, 3), abstinence_days=90))

    def view(self, url: str | None = None) -> str:
        self.login(self.alex)
        with time_machine.travel(MARCH_25, tick=False):
            response = self.client.get(url or self.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_asks_anonymous_visitors_to_sign_in_and_hides_from_everyone_else(self) -> None:
        response = self.client.get(self.url)
        self.assertRedirects(response, f"{reverse('account_login')}?next={self.url}", fetch_redirect_response=False)
        for person in (self.therapist, self.supporter, self.admin):
            self.login(person)
            self.assertEqual(self.client.get(self.url).status_code, 404, person.name)

    def test_it_invites_a_client_without_a_plan_to_make_one(self) -> None:
        page = self.view()
        self.assertIn("Make your plan with your therapist", page)
        self.assertIn(reverse("plan_edit"), page)

    def test_it_shows_the_day_of_the_period_in_the_clients_own_calendar(self) -> None:
        self.agreed_plan()
        page = self.view()
        self.assertIn("<strong>Day 23</strong> of 90", page)
        self.assertIn("from 3 March 2025 to 31 May 2025", page)

    def test_it_shows_the_three_circles_and_the_agreement(self) -> None:
        self.agreed_plan()
        page = self.view()
        for text in ("Inner circle", "Middle circle", "Outer circle", *INNER, *MIDDLE):
            self.assertIn(text, page)
        self.assertIn("Agreed by you and Dr Tan on 3 March.", page)
        self.assertNotIn("Sign this plan", page)

    def test_it_offers_the_sign_button_until_the_client_has_signed(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            version = self.start(abstinence_starts_on=date(2025, 3, 3))
        self.assertIn("Sign this plan", self.view())
        with time_machine.travel(MARCH_3, tick=False):
            do_sign(self.alex, version)
        page = self.view()
        self.assertIn("You signed on 3 March. Waiting for your therapist to sign.", page)
        self.assertNotIn("Sign this plan", page)

    def test_it_says_when_the_therapist_has_signed_and_the_client_has_not(self) -> None:
        with time_machine.travel(MARCH_3, tick=False):
            do_sign(self.therapist, self.start(abstinence_starts_on=date(2025, 3, 3)))
        self.assertIn("Dr Tan signed on 3 March. Waiting for you to sign.", self.view())

    def test_it_asks_for_an_inner_circle_before_signing(self) -> None:
        self.start(circles={"outer": ["Morning run"]})
        page = self.view()
        self.assertIn("Add at least one behaviour to the inner circle before signing.", page)
        self.assertNotIn("Sign this plan", page)

    def test_it_says_which_agreed_version_still_counts_while_a_new_one_waits(self) -> None:
        self.agreed_plan()
        with time_machine.travel(MARCH_25, tick=False):
            self.revise(self.therapist, abstinence_days=60)
        page = self.view()
        self.assertIn("Version 1, agreed on 3 March, still counts", page)
        self.assertIn("Version 2, changed by Dr Tan on 25 March.", page)
        self.assertIn("Sign this plan", page)

    def test_it_runs_the_same_number_of_queries_for_one_version_or_ten(self) -> None:
        self.agreed_plan()
        one = self.count_queries()
        with time_machine.travel(MARCH_3, tick=False):
            for days in range(60, 69):
                self.agree(self.revise(abstinence_days=days))
        self.assertEqual(PlanVersion.objects.count(), 10)
        self.assertEqual(self.count_queries(), one)
        self.login(self.alex)
        with time_machine.travel(MARCH_25, tick=False), self.assertNumQueries(one):
            self.client.get(self.url)

    def count_queries(self) -> int:
        self.login(self.alex)
        self.client.get(self.url)  # the first request after signing in also settles the session
        with time_machine.travel(MARCH_25, tick=False), CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(self.url).status_code, 200)
        return len(queries)


class ClientSignTest(PlanTestCase):
    def test_it_signs_the_newest_version(self) -> None:
        version = self.start()
        self.login(self.alex)
        response = self.client.post(reverse("plan_sign", args=[version.public_id]), follow=True)
        self.assertContains(response, "Signed. Thank you.")
        version.refresh_from_db()
        self.assertIsNotNone(version.client_signed_at)
        self.assertIsNone(version.therapist_signed_at)

    def test_it_refuses_an_older_version_with_a_clear_message(self) -> None:
        first = self.start()
        self.revise(self.therapist, abstinence_days=60)
        self.login(self.alex)
        response = self.client.post(reverse("plan_sign", args=[first.public_id]), follow=True)
        self.assertContains(response, "This is an older version of the plan. Only the newest version can be signed.")
        first.refresh_from_db()
        self.assertIsNone(first.client_signed_at)

    def test_it_gives_404_for_another_clients_plan(self) -> None:
        bos = self.start(self.bo_record.user, self.bo_record)
        self.login(self.alex)
        self.assertEqual(self.client.post(reverse("plan_sign", args=[bos.public_id])).status_code, 404)
        bos.refresh_from_db()
        self.assertIsNone(bos.client_signed_at)


class ClientEditTest(PlanTestCase):
    url = reverse("plan_edit")

    def form(self, **changes: str) -> dict[str, str]:
        data = {
            "abstinence_starts_on": "",
            "abstinence_days": "90",
            "breach_definition": "Any inner-circle behaviour, on purpose.",
            "inner": "Watching pornography\r\n\r\n  Cam sites  \r\n",
            "middle": "Skipping meals and sleep",
            "outer": "",
            "change_note": "",
        }
        return data | changes

    def test_it_starts_a_plan_from_one_item_per_line_leaving_out_blank_lines(self) -> None:
        self.login(self.alex)
        today = self.client.get(self.url).context["form"].initial["abstinence_starts_on"]
        response = self.client.post(self.url, self.form(abstinence_starts_on=today.isoformat()))
        self.assertRedirects(response, reverse("plan"))
        version = PlanVersion.objects.get()
        self.assertEqual([i.text for i in version.items.filter(circle="inner")], ["Watching pornography", "Cam sites"])
        self.assertEqual(version.items.filter(circle="outer").count(), 0)
        self.assertEqual(version.created_by, self.alex)

    def test_it_fills_the_form_with_the_newest_version(self) -> None:
        self.start()
        self.login(self.alex)
        response = self.client.get(self.url)
        self.assertContains(response, "Watching pornography\nCam sites\nSexting strangers")
        self.assertContains(response, "Saving makes version 2")

    def test_it_saves_a_change_as_a_new_version(self) -> None:
        first = self.start()
        self.login(self.alex)
        data = self.form(
            abstinence_starts_on=first.abstinence_starts_on.isoformat(), based_on="1", change_note="Shorter to begin"
        )
        response = self.client.post(self.url, data, follow=True)
        self.assertContains(response, "Saved as version 2.")
        newest = PlanVersion.objects.get(number=2)
        self.assertEqual(newest.change_note, "Shorter to begin")
        self.assertEqual([i.text for i in newest.items.filter(circle="outer")], [])

    def test_it_keeps_what_was_typed_and_names_every_problem(self) -> None:
        self.login(self.alex)
        for days in ("0", "400"):
            response = self.client.post(self.url, self.form(abstinence_starts_on="2020-03-03", abstinence_days=days))
            self.assertEqual(response.status_code, 400)
            self.assertContains(response, "Choose a length from 1 to 365 days", status_code=400)
            self.assertContains(response, "Choose a start date within the last year.", status_code=400)
            self.assertContains(response, "Cam sites", status_code=400)
        self.assertFalse(PlanVersion.objects.exists())

    def test_it_says_so_when_someone_else_saved_first(self) -> None:
        first = self.start()
        self.revise(self.therapist, abstinence_days=60)
        self.login(self.alex)
        data = self.form(abstinence_starts_on=first.abstinence_starts_on.isoformat(), based_on="1")
        response = self.client.post(self.url, data)
        self.assertContains(response, "Someone else saved a change to the plan", status_code=400)
        self.assertContains(response, "Cam sites", status_code=400)
        self.assertEqual(PlanVersion.objects.count(), 2)
        # Having seen the warning, saving again replaces the other change knowingly.
        self.assertEqual(response.context["form"]["based_on"].value(), "2")
        self.client.post(self.url, data | {"based_on": "2"})
        self.assertEqual(PlanVersion.objects.count(), 3)


class ClientHistoryTest(PlanTestCase):
    def test_it_lists_every_version_with_what_changed(self) -> None:
        self.agree(self.start())
        self.revise(self.therapist, circles={"inner": [*INNER, "Dating apps"]}, change_note="After our session")
        self.login(self.alex)
        response = self.client.get(reverse("plan_history"))
        self.assertContains(response, "Version 2")
        self.assertContains(response, "Inner circle: Dating apps")
        self.assertContains(response, "After our session")
        self.assertContains(response, "by Dr Tan")
        self.assertContains(response, "Waiting for signatures")
        self.assertContains(response, "The first version: 90 days")
