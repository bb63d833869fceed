"""The progress report: the period form, the PDF it makes, its audit, and the periods it refuses."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from caseload.models import Client
from lib.testing import WaymarkTestCase, make_client
from privacy.access_log import label_for
from reports.forms import default_period
from reports.pdf import document, stylesheet
from reports.report import build
from reports.tests.history import OWN_TRIGGER, SECRET, add_history

SINGAPORE = ZoneInfo("Asia/Singapore")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=SINGAPORE)
TODAY = NOW.date()


@time_machine.travel(NOW, tick=False)
class ReportTestCase(WaymarkTestCase):
    joined: date

    @classmethod
    def setUpTestData(cls) -> None:
        with time_machine.travel(NOW, tick=False):
            super().setUpTestData()
            cls.joined = TODAY - timedelta(days=400)
            Client.objects.filter(pk=cls.client_record.pk).update(created_at=NOW - timedelta(days=400))
            cls.client_record.refresh_from_db()
            add_history(cls.client_record, cls.therapist, days=400)

    def form_url(self) -> str:
        return reverse("client_report", args=[self.client_record.public_id])

    def pdf_url(self, start: date | str, end: date | str) -> str:
        return reverse("client_report_pdf", args=[self.client_record.public_id]) + f"?start={start}&end={end}"

    def record(self) -> Client:
        return Client.objects.select_related("user", "practice").get(pk=self.client_record.pk)


class ReportFormTests(ReportTestCase):
    def test_it_offers_the_last_twelve_weeks(self) -> None:
        self.login(self.therapist)
        response = self.client.get(self.form_url())
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(form.initial, {"start": TODAY - timedelta(days=83), "end": TODAY})
        self.assertContains(response, "Download PDF")
        self.assertContains(response, f'max="{TODAY.isoformat()}"')
        self.assertContains(response, '<label for="report_start">From</label>', html=True)
        self.assertContains(response, '<label for="report_end">To</label>', html=True)
        self.assertNotContains(response, "From:")

    def test_it_offers_the_time_since_joining_when_shorter(self) -> None:
        self.assertEqual(default_period(TODAY - timedelta(days=10), TODAY), (TODAY - timedelta(days=10), TODAY))

    def test_it_puts_the_form_on_the_record(self) -> None:
        self.login(self.therapist)
        response = self.client.get(reverse("client_record", args=[self.client_record.public_id]))
        self.assertContains(response, 'id="report-card"')
        self.assertContains(response, reverse("client_report_pdf", args=[self.client_record.public_id]))
        self.assertContains(response, f'value="{(TODAY - timedelta(days=83)).isoformat()}"')

    def test_it_is_only_for_the_treating_therapist(self) -> None:
        urls = (self.form_url(), self.pdf_url(TODAY - timedelta(days=7), TODAY))
        for person in (self.other_therapist, self.alex, self.supporter, self.admin, self.outsider):
            self.login(person)
            for url in urls:
                self.assertEqual(self.client.get(url).status_code, 404, (person, url))
        self.client.logout()
        for url in urls:
            self.assertEqual(self.client.get(url).status_code, 302)
        self.assertFalse(AuditEvent.objects.filter(what="report.pdf").exists())


class ReportPdfTests(ReportTestCase):
    def test_it_makes_a_pdf_with_a_neutral_name(self) -> None:
        self.login(self.therapist)
        response = self.client.get(self.pdf_url(TODAY - timedelta(days=83), TODAY))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="progress-report-2026-11-22.pdf"')
        self.assertTrue(response.content.startswith(b"%PDF-"))
        self.assertTrue(response.content.rstrip().endswith(b"%%EOF"))
        self.assertNotIn(b"Alex", response["Content-Disposition"].encode())

    def test_it_is_audited_and_shown_to_the_client(self) -> None:
        self.login(self.therapist)
        self.client.get(self.pdf_url(TODAY - timedelta(days=83), TODAY))
        event = AuditEvent.objects.get(what="report.pdf")
        self.assertEqual((event.actor_ref, event.client_ref), (self.therapist.public_id, self.client_record.public_id))
        self.assertEqual(label_for(event), "Made a progress report from your record")

    def test_it_runs_the_same_queries_for_a_short_and_a_long_history(self) -> None:
        short = make_client(self.practice, "short@example.com", "Short", self.therapist)
        add_history(short, self.therapist, days=20)
        self.login(self.therapist)
        self.client.get(self.form_url())  # the session's first request loads more
        counts = []
        for client, start in ((short, TODAY - timedelta(days=19)), (self.client_record, self.joined)):
            url = reverse("client_report_pdf", args=[client.public_id]) + f"?start={start}&end={TODAY}"
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1], counts)

    def test_it_makes_a_report_for_a_client_who_just_joined(self) -> None:
        jordan = make_client(self.practice, "jordan@example.com", "Jordan", self.therapist)
        self.login(self.therapist)
        response = self.client.get(reverse("client_report_pdf", args=[jordan.public_id]))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF-"))
        jordan = Client.objects.select_related("user", "practice").get(pk=jordan.pk)
        report = build(jordan, self.therapist, TODAY, TODAY)
        html = render_to_string("reports/report.html", {"report": report})
        for words in ("1 day", "No questionnaires were completed", "No urges were logged", "No tasks set or done"):
            self.assertIn(words, html)

    def test_it_refuses_bad_periods_clearly(self) -> None:
        self.login(self.therapist)
        cases: dict[tuple[date | str, date | str], str] = {
            (TODAY, TODAY - timedelta(days=1)): "The end of the period must be on or after its start.",
            (TODAY - timedelta(days=7), TODAY + timedelta(days=1)): "The period cannot end in the future.",
            (TODAY + timedelta(days=1), TODAY + timedelta(days=2)): "The period cannot start in the future.",
            (self.joined - timedelta(days=1), TODAY): "when they joined",
            ("yesterday", TODAY): "Enter a valid date.",
            ("", ""): "This field is required.",
        }
        for (start, end), message in cases.items():
            response = self.client.get(self.pdf_url(start, end))
            self.assertEqual(response.status_code, 400, (start, end))
            self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")
            self.assertContains(response, message, status_code=400)
        self.assertFalse(AuditEvent.objects.filter(what="report.pdf").exists())


class ReportContentTests(ReportTestCase):
    def html(self, start: date, end: date = TODAY) -> str:
        return render_to_string("reports/report.html", {"report": build(self.record(), self.therapist, start, end)})

    def test_it_says_what_happened_in_the_period_without_free_text(self) -> None:
        html = self.html(TODAY - timedelta(days=83))
        for words in (
            "Harbour Practice",
            "Alex",
            "31 August 2026 to 22 November 2026 (84 days)",
            "PHQ-9",
            "GAD-7",
            "<svg",
            "against the baseline",
            "Days checked in",
            "Current streak",
            "Urges logged",
            "Ridden out",
            OWN_TRIGGER,  # the client's name for a trigger, as the insights page shows it
            "Tasks",
        ):
            self.assertIn(words, html)
        self.assertNotIn(SECRET, html)

    def test_it_classes_change_against_a_baseline_before_the_period(self) -> None:
        report = build(self.record(), self.therapist, TODAY - timedelta(days=30), TODAY)
        phq9 = next(measure for measure in report.measures if measure.definition.id == "phq9")
        total = phq9.scales[0]
        self.assertTrue(total.baseline_before_period)
        self.assertTrue(all(point.on >= TODAY - timedelta(days=30) for point in total.points))
        self.assertNotEqual(total.points[0].change, "Baseline")

    def test_it_lays_out_on_a4_pages(self) -> None:
        rendered = document(self.html(self.joined)).render(stylesheets=[stylesheet()])
        self.assertGreaterEqual(len(rendered.pages), 2)
        width, height = rendered.pages[0].width, rendered.pages[0].height
        self.assertAlmostEqual(width * 25.4 / 96, 210, places=0)
        self.assertAlmostEqual(height * 25.4 / 96, 297, places=0)

    def test_it_counts_the_period_only(self) -> None:
        report = build(self.record(), self.therapist, TODAY - timedelta(days=6), TODAY - timedelta(days=1))
        self.assertEqual(report.tracking.days, 6)
        self.assertLessEqual(report.tracking.checked_in, 6)
        self.assertEqual(report.tracking.streak.today, TODAY)  # the period's last day is over, so it counts
        self.assertEqual(report.tracking.insights.since, TODAY - timedelta(days=6))
