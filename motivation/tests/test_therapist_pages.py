"""The therapist reads the client's motivation work: read-only, audited; and the cards on home and record."""

from datetime import timedelta

import time_machine
from django.urls import reverse

from audit.models import Action, AuditEvent
from caseload.models import Client
from motivation.actions import ValueChoice
from motivation.tests.support import FIRST, NOV_1, OCT_3, OCT_24, RULERS, SECOND, MotivationTestCase
from privacy.access_log import label_for


class ClientMotivationPageTest(MotivationTestCase):
    def url(self) -> str:
        return reverse("client_motivation", args=[self.client_record.public_id])

    def page(self) -> str:
        self.login(self.therapist)
        with time_machine.travel(NOV_1, tick=False):
            response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_shows_all_three_tools_read_only(self) -> None:
        self.balance(FIRST, at=OCT_3)
        self.balance(SECOND, at=OCT_24)
        self.rulers(at=OCT_3)
        self.rulers(RULERS | {"confidence": 5}, at=OCT_24)
        self.values(at=OCT_24)
        page = self.page()
        self.assertIn("Alex: motivation", page)
        self.assertIn("against 3 Oct 2025: 2 new, 2 no longer listed", page)
        self.assertIn("Being honest with Mia", page)
        self.assertIn("↑ up 2", page)
        self.assertIn("Importance: Why a 6 and not a lower number?", page)
        self.assertIn("It clashes: there is always a secret.", page)
        self.assertIn("Importance 6 · Confidence 5 (up 2)", page.replace("</li><li>", " · "))
        self.assertNotIn('<form method="post"', page.split("<main")[1].split("</main>")[0])

    def test_it_says_kindly_when_nothing_is_there_yet(self) -> None:
        page = self.page()
        self.assertIn("Alex has not saved a decisional balance yet.", page)
        self.assertIn("Alex has not chosen their values yet.", page)

    def test_it_records_each_read_in_the_audit_log(self) -> None:
        version = self.balance()
        self.page()
        url = reverse("client_motivation_balance", args=[self.client_record.public_id, version.public_id])
        with time_machine.travel(NOV_1, tick=False):
            self.assertContains(self.client.get(url), "Alex: decisional balance")
        reads = AuditEvent.objects.filter(action=Action.READ, client_ref=self.client_record.public_id)
        self.assertEqual(
            sorted((event.what, event.target_ref) for event in reads.filter(what__startswith="motivation")),
            [("motivation.balance", str(version.public_id)), ("motivation.view", "")],
        )
        labels = {label_for(event) for event in reads.filter(what__startswith="motivation")}
        self.assertIn("Looked at your motivation tools (decisional balance, rulers, what matters to you)", labels)

    def test_it_answers_404_for_another_clients_snapshot_under_this_client(self) -> None:
        bos = self.balance(client=self.bo_record)
        self.login(self.therapist)
        url = reverse("client_motivation_balance", args=[self.client_record.public_id, bos.public_id])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.other_therapist)
        mine = self.balance(FIRST)
        url = reverse("client_motivation_balance", args=[self.client_record.public_id, mine.public_id])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_runs_the_same_queries_for_a_short_or_a_long_history(self) -> None:
        self.balance(FIRST)
        self.rulers()
        self.values()
        short = self.count_queries(self.url(), self.therapist)
        for n in range(14):
            day = OCT_3 + timedelta(days=n + 1)
            self.balance({"stay_costs": [f"Cost {n}"]}, at=day)
            self.values([ValueChoice(f"Value {n}", top=True, why="Because")], at=day)
            self.rulers(RULERS | {"confidence": n % 11}, at=day)
        self.assertEqual(self.count_queries(self.url(), self.therapist), short)

    def test_it_shows_the_recent_history_and_all_of_it_when_asked_in_the_same_queries(self) -> None:
        self.rulers()
        self.values()
        short = self.count_queries(self.url(), self.therapist)
        short_all = self.count_queries(self.url() + "?all=1", self.therapist)
        for n in range(14):
            day = OCT_3 + timedelta(days=n + 1)
            self.values([ValueChoice(f"Value {n}", top=True, why="Because")], at=day)
            self.rulers(RULERS | {"confidence": n % 11}, at=day)
        self.assertEqual(self.count_queries(self.url(), self.therapist), short)
        self.assertEqual(self.count_queries(self.url() + "?all=1", self.therapist), short_all)
        recent = self.client.get(self.url())
        self.assertEqual((len(recent.context["results"]), len(recent.context["history"])), (5, 5))
        self.assertContains(recent, "Show all rulers")
        self.assertContains(recent, "Show all changes")
        self.assertContains(recent, f"{self.url()}?all=1#rulers")
        everything = self.client.get(self.url() + "?all=1")
        self.assertEqual((len(everything.context["results"]), len(everything.context["history"])), (15, 15))
        self.assertNotContains(everything, "Show all rulers")
        self.assertContains(everything, "Show only the most recent", count=2)

    def test_it_offers_no_more_when_the_history_is_short(self) -> None:
        self.rulers()
        self.values()
        page = self.page()
        self.assertNotIn("Show all", page)
        self.assertNotIn("Show only", page)


class CardsTest(MotivationTestCase):
    def test_it_invites_a_stage_one_client_from_home(self) -> None:
        self.login(self.alex)
        response = self.client.get(reverse("home"))
        self.assertContains(response, "Not sure yet what you want? That is normal.")
        self.assertContains(response, reverse("motivation"))

    def test_it_keeps_the_card_short_for_a_client_past_stage_one(self) -> None:
        Client.objects.filter(pk=self.client_record.pk).update(stage=2)
        self.login(self.alex)
        response = self.client.get(reverse("home"))
        self.assertNotContains(response, "Not sure yet what you want?")
        self.assertContains(response, "Open the motivation tools")

    def test_it_shows_the_client_where_they_are_with_each_tool(self) -> None:
        self.balance(at=OCT_3)
        self.values(at=OCT_24)
        self.login(self.alex)
        with time_machine.travel(NOV_1, tick=False):
            response = self.client.get(reverse("home"))
        self.assertContains(response, "Decisional balance: saved 3 Oct")
        self.assertContains(response, "What matters to me: Honesty, Health")
        self.assertContains(response, 'Rulers: <span class="muted">not taken</span>')

    def test_it_gives_the_therapist_the_latest_rulers_with_their_direction(self) -> None:
        self.rulers(at=OCT_3)
        self.rulers(RULERS | {"importance": 8, "confidence": 2}, at=OCT_24)
        self.balance(at=OCT_24)
        self.values(at=OCT_24)
        self.login(self.therapist)
        response = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(response, 'importance <strong>8</strong> <span class="ruler-up">↑2')
        self.assertContains(response, 'confidence <strong>2</strong> <span class="ruler-down">↓1')
        self.assertContains(response, "last saved 24 Oct 2025 (1 version)")
        self.assertContains(response, "Values: Honesty, Health")
        self.assertContains(response, reverse("client_motivation", args=[self.client_record.public_id]))


class SosTest(MotivationTestCase):
    def test_it_shows_what_matters_to_the_client_when_an_urge_hits(self) -> None:
        self.values()
        self.login(self.alex)
        response = self.client.get(reverse("sos"))
        self.assertContains(response, "What matters to you")
        self.assertContains(response, "<strong>Honesty</strong>: I hate hiding things.", html=True)
        self.assertNotContains(response, "Family")  # only the most important, when some are marked

    def test_it_shows_every_value_when_none_is_marked_most_important(self) -> None:
        self.values([ValueChoice("Family"), ValueChoice("Kindness")])
        self.login(self.alex)
        response = self.client.get(reverse("sos"))
        self.assertContains(response, "<strong>Kindness</strong>", html=True)

    def test_it_leaves_the_section_out_until_values_are_chosen(self) -> None:
        self.login(self.alex)
        self.assertNotContains(self.client.get(reverse("sos")), "What matters to you")
