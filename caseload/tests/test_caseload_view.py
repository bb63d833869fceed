"""The therapist's caseload page: who is on it, in what order, the filters, the audit, the query count."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.template.loader import render_to_string
from django.test import Client as Browser
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditEvent
from caseload.models import Client, Stage
from caseload.tests.test_triage_queries import give_history
from homework.models import Kind, Task
from lib.testing import WaymarkTestCase, make_client
from privacy.access_log import describe, events_about
from safety.models import AlertSeverity, RiskAlert
from tracking.models import CheckIn, Lapse
from tracking.tests.support import agree_plan

SINGAPORE = ZoneInfo("Asia/Singapore")
NOW = datetime(2025, 3, 10, 12, 0, tzinfo=SINGAPORE)
TODAY = date(2025, 3, 10)
PAGE_QUERIES = 16


class CaseloadPageTest(WaymarkTestCase):
    def setUp(self) -> None:
        traveller = time_machine.travel(NOW, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)
        self.kim = make_client(self.practice, "kim@example.com", "Kim", self.therapist)
        self.lou = make_client(self.practice, "lou@example.com", "Lou", self.therapist)
        for client in (self.client_record, self.kim, self.lou):
            Client.objects.filter(pk=client.pk).update(
                created_at=NOW - timedelta(days=40), stage_since=NOW - timedelta(days=40)
            )
            CheckIn.objects.create(client=client, day=TODAY, mood=4, urge=1, sober=True)
        Client.objects.filter(pk=self.kim.pk).update(stage=Stage.ABSTINENCE)
        Lapse.objects.create(client=self.lou, occurred_at=NOW - timedelta(days=1))

    def get(self, **params: str) -> str:
        self.login(self.therapist)
        response = self.client.get(reverse("caseload"), params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def search(self, htmx: bool = False, **fields: str) -> str:
        """The filter form sent as it is on the page: by POST, so a name never goes into a URL."""
        self.login(self.therapist)
        headers = {"HX-Request": "true"} if htmx else {}
        response = self.client.post(reverse("caseload"), fields, headers=headers)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.has_header("Location"))
        self.last_response = response
        return response.content.decode()

    def urls_in(self, html: str) -> list[str]:
        return re.findall(r'(?:href|action|hx-\w+)="([^"]*)"', html)

    def names(self, html: str) -> list[str]:
        return re.findall(r'class="client-name"[^>]*>([^<]+)<', html)

    def test_it_asks_anonymous_visitors_to_sign_in(self) -> None:
        response = self.client.get(reverse("caseload"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_it_is_not_there_for_clients_supporters_or_admins(self) -> None:
        for person in (self.alex, self.supporter, self.admin):
            self.login(person)
            self.assertEqual(self.client.get(reverse("caseload")).status_code, 404, person)

    def test_it_shows_only_her_own_active_clients(self) -> None:
        Client.objects.filter(pk=self.kim.pk).update(discharged_at=NOW - timedelta(days=1))
        self.assertEqual(sorted(self.names(self.get())), ["Alex", "Lou"])
        self.login(self.other_therapist)
        self.assertEqual(self.names(self.client.get(reverse("caseload")).content.decode()), ["Bo"])
        self.login(self.outsider)
        self.assertContains(self.client.get(reverse("caseload")), "No clients yet")

    def test_it_puts_who_needs_attention_first(self) -> None:
        RiskAlert.objects.create(
            client=self.kim, severity=AlertSeverity.URGENT, reason="phq9.item9", acknowledge_by=NOW
        )
        html = self.get()
        self.assertEqual(self.names(html), ["Kim", "Lou", "Alex"])
        self.assertIn("Risk alert", html)
        self.assertIn("1 alert waiting for under an hour", html)
        self.assertIn("A lapse in the last 7 days, latest 9 Mar", html)
        self.assertIn("Nothing flagged", html)

    def test_it_shows_each_clients_stage_streak_check_in_scores_and_tasks(self) -> None:
        agree_plan(self.client_record, TODAY - timedelta(days=30))
        Task.objects.create(client=self.client_record, kind=Kind.CUSTOM, title="Walk")
        from measures.actions import do_enter_paper_form
        from measures.tests.support import spread

        for days_ago, total in ((28, 9), (0, 14)):
            do_enter_paper_form(
                self.therapist,
                self.client_record,
                "phq9",
                spread([f"q{n}" for n in range(1, 10)], total) | {"q9": 0},
                TODAY - timedelta(days=days_ago),
            )
        html = self.search(q="Alex")
        self.assertIn("Stage 1", html)
        self.assertIn("40 days in stage", html)
        self.assertIn("30 days sober <span", html)
        self.assertIn("Checked in today", html)
        self.assertIn('PHQ-9 <strong>14</strong> <span aria-hidden="true">↑</span>', html)
        self.assertIn('<span class="visually-hidden">, up from 9</span>', html)
        self.assertIn("1 <span", html)

    def test_it_filters_by_stage(self) -> None:
        self.assertEqual(self.names(self.get(stage="2")), ["Kim"])

    def test_it_filters_by_flag_and_counts_each_flag(self) -> None:
        html = self.get(flag="lapse")
        self.assertEqual(self.names(html), ["Lou"])
        self.assertIn('<option value="lapse" selected>Recent lapse</option>', html)
        self.assertIn('<a href="/clients/?flag=lapse" aria-current="true">Recent lapse <strong>1</strong></a>', html)
        self.assertIn('<span class="muted">Risk alert 0</span>', html)

    def test_it_counts_flags_within_the_stage_and_name_chosen(self) -> None:
        Lapse.objects.create(client=self.kim, occurred_at=NOW - timedelta(days=2))
        html = self.get(stage="2")
        self.assertIn('<a href="/clients/?stage=2&amp;flag=lapse">Recent lapse <strong>1</strong></a>', html)
        self.assertIn("Recent lapse <strong>2</strong>", self.get())

    def test_it_searches_by_name(self) -> None:
        self.assertEqual(self.names(self.search(q="ki")), ["Kim"])
        self.assertIn("No active client matches", self.search(q="nobody"))
        self.assertEqual(self.names(self.search(htmx=True, q="ki", stage="2")), ["Kim"])

    def test_it_keeps_the_name_searched_for_out_of_every_url(self) -> None:
        html = self.search(q="Lou")
        self.assertEqual(self.names(html), ["Lou"])
        self.assertIn('<form method="post" action="/clients/"', html)
        self.assertIn("csrfmiddlewaretoken", html)
        self.assertNotIn("hx-push-url", html)
        for url in self.urls_in(html):
            self.assertNotIn("Lou", url)
            self.assertNotIn("q=", url)
        html = self.search(htmx=True, q="Lou", stage="1", flag="lapse")
        self.assertEqual(self.names(html), ["Lou"])
        self.assertEqual(self.last_response["HX-Push-Url"], "/clients/?stage=1&flag=lapse")
        self.assertIn(f"/clients/{self.lou.public_id}/", self.urls_in(html))
        self.assertFalse([url for url in self.urls_in(html) if "Lou" in url or "q=" in url])
        self.search(htmx=True, q="Lou")
        self.assertEqual(self.last_response["HX-Push-Url"], "/clients/")

    def test_it_counts_flags_within_the_name_by_posting_it_on(self) -> None:
        html = self.search(q="Lou")
        self.assertIn('<input type="hidden" name="q" value="Lou">', html)
        button = '<button type="submit" class="link-button" name="flag" value="lapse">Recent lapse <strong>1</strong>'
        self.assertIn(button, html)
        self.assertEqual(self.names(self.search(q="Lou", flag="lapse")), ["Lou"])

    def test_it_does_not_read_a_name_from_the_query_string(self) -> None:
        html = self.get(q="Kim")  # an old bookmark: the name is not used, nor shown back
        self.assertEqual(len(self.names(html)), 3)
        self.assertIn('name="q" id="id_q" value=""', html)

    def test_it_needs_the_forms_csrf_token_to_search(self) -> None:
        browser = Browser(enforce_csrf_checks=True)
        browser.force_login(self.therapist, backend="allauth.account.auth_backends.AuthenticationBackend")
        self.assertEqual(browser.post(reverse("caseload"), {"q": "Kim"}).status_code, 403)

    def test_it_says_what_was_wrong_with_a_filter_and_shows_everyone(self) -> None:
        self.login(self.therapist)
        response = self.client.get(reverse("caseload"), {"stage": "9", "flag": "bogus"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Showing everyone instead", status_code=400)
        self.assertEqual(len(self.names(response.content.decode())), 3)

    def test_it_sends_only_the_table_to_htmx(self) -> None:
        self.login(self.therapist)
        response = self.client.get(reverse("caseload"), {"flag": "lapse"}, headers={"HX-Request": "true"})
        html = response.content.decode()
        self.assertTrue(html.startswith('<div id="caseload-rows">'))
        self.assertEqual(self.names(html), ["Lou"])

    def test_it_audits_each_client_shown_and_the_client_can_read_it(self) -> None:
        self.get(flag="lapse")
        self.assertEqual(
            list(AuditEvent.objects.filter(what="caseload.list").values_list("client_ref", flat=True)),
            [self.lou.public_id],
        )
        self.get()
        self.assertEqual(AuditEvent.objects.filter(what="caseload.list").count(), 4)
        rows = describe(events_about(self.client_record), SINGAPORE)
        self.assertEqual(rows[0].what, "Saw your progress on their list of clients")

    def test_it_runs_the_same_queries_however_many_clients_and_however_long_their_history(self) -> None:
        for client in (self.client_record, self.kim):
            give_history(client, 7)
        self.login(self.therapist)
        self.client.get(reverse("caseload"))  # the first request of a session also checks MFA and saves the session
        with self.assertNumQueries(PAGE_QUERIES):
            self.client.get(reverse("caseload"))
        for n in range(10):
            client = make_client(self.practice, f"c{n}@example.com", f"Client {n}", self.therapist)
            give_history(client, 365)
            agree_plan(client, TODAY - timedelta(days=100))
            RiskAlert.objects.create(client=client, severity=AlertSeverity.URGENT, reason="x", acknowledge_by=NOW)
            Task.objects.create(client=client, kind=Kind.READING, title="Read")
        with self.assertNumQueries(PAGE_QUERIES):
            response = self.client.get(reverse("caseload"))
        self.assertEqual(len(self.names(response.content.decode())), 13)
        with self.assertNumQueries(PAGE_QUERIES):  # a search by name costs the same
            response = self.client.post(reverse("caseload"), {"q": "Client"})
        self.assertEqual(len(self.names(response.content.decode())), 10)


class RecordSummaryPartTest(WaymarkTestCase):
    def test_it_tops_the_client_record_with_the_summary(self) -> None:
        with time_machine.travel(NOW, tick=False):
            agree_plan(self.client_record, TODAY - timedelta(days=9), days=90)
            alert = RiskAlert.objects.create(
                client=self.client_record,
                severity=AlertSeverity.CRITICAL,
                reason="asq.acute_positive",
                acknowledge_by=NOW,
            )
            Task.objects.create(client=self.client_record, kind=Kind.CUSTOM, title="Walk")
            # Rendered on its own: the record page around it belongs to every area.
            request = RequestFactory().get("/")
            request.user = self.therapist
            summary = render_to_string("caseload/_record_summary.html", {"client": self.client_record}, request)
        self.assertIn("Version 1 agreed · day 10 of 90", summary)
        self.assertIn("No check-in yet", summary)
        self.assertIn(reverse("alert", args=[alert.public_id]), summary)
        self.assertIn("Act now · raised 10 Mar, 12:00", summary)  # in Dr Tan's zone (her practice's)
        self.assertIn("<dt>Open tasks</dt><dd>1</dd>", summary)
