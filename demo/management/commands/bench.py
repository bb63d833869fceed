"""Measure pages: query count, median server time, and the ratio to a bare Django view.

Runs against its own database (the Makefile points SQLITE_PATH at var/bench.sqlite3), fills
it with a practice of --clients clients for one therapist, and times each page --runs times
through the full middleware stack with Django's test client.
"""

import statistics
import time
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from accounts.models import Role, User
from caseload.models import Client
from lib.testing import activate_totp, make_client, make_user
from measures.actions import do_enter_paper_form
from measures.models import Administration
from practice.models import Practice
from tracking.history import generate_history

BENCH_PRACTICE = "Bench practice"
HISTORY_CLIENT = "bench-history@example.com"
RESULTS = 40  # questionnaire results of the measured client


class Command(BaseCommand):
    help = "Print query count, median server time and ratio to a bare view for each measured page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=150)
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        therapist, admin, client_user = self.population(options["clients"])
        pages: list[tuple[str, User, str]] = [
            ("bare Django view (baseline)", client_user, "/__bench_bare__/"),
            ("client home", client_user, "/"),
            ("crisis help", client_user, "/help/"),
            ("therapist: clients", therapist, "/clients/"),
            ("therapist: client record", therapist, f"/clients/{client_user.client.public_id}/"),
            ("admin: people", admin, "/practice/people/"),
            ("api: /clients", therapist, "/api/v1/clients"),
        ]
        record = client_user.client.public_id
        result = self.questionnaire_results(therapist, client_user.client)
        pages += [
            (f"therapist: {RESULTS} results", therapist, f"/clients/{record}/measures/"),
            ("therapist: one result", therapist, f"/clients/{record}/measures/{result.public_id}/"),
        ]
        history = self.three_years_of_tracking(therapist)
        pages += [
            ("client home with 3 years of data", history, "/"),
            ("/today/ with 3 years", history, "/today/"),
            ("insights, all of 3 years", history, "/today/insights/?period=all"),
            (
                "therapist: insights, 3 years",
                therapist,
                f"/clients/{history.client.public_id}/tracking/insights/?period=all",
            ),
        ]
        with override_settings(ROOT_URLCONF="demo.bench_urls", ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
            results = [(name, *self.measure(user, url, options["runs"])) for name, user, url in pages]
        baseline = results[0][2]
        self.stdout.write(f"{'page':<34} {'queries':>7} {'median ms':>10} {'x bare':>7}")
        for name, queries, median in results:
            self.stdout.write(f"{name:<34} {queries:>7} {median * 1000:>10.2f} {median / baseline:>7.1f}")

    def population(self, count: int) -> tuple[User, User, User]:
        practice = Practice.objects.filter(name=BENCH_PRACTICE).first()
        if practice is None:
            practice = Practice.objects.create(name=BENCH_PRACTICE)
            practice.add_default_crisis_lines()
            therapist = make_user(practice, "bench-therapist@example.com", Role.THERAPIST, "Bench Therapist")
            admin = make_user(practice, "bench-admin@example.com", Role.ADMIN, "Bench Admin")
            for staff in (therapist, admin):
                activate_totp(staff)
        therapist = User.objects.get(email="bench-therapist@example.com")
        admin = User.objects.get(email="bench-admin@example.com")
        existing = Client.objects.filter(practice=practice).count()
        for n in range(existing, count):
            make_client(practice, f"bench-client-{n}@example.com", f"Client {n:03d}", therapist)
        first = Client.objects.filter(practice=practice).select_related("user").order_by("pk").first()
        assert first is not None
        return therapist, admin, first.user

    def questionnaire_results(self, therapist: User, client: Client) -> Administration:
        """RESULTS PHQ-9 results, four weeks apart, entered as paper forms; the latest is returned."""
        today = timezone.localdate(timezone=ZoneInfo(client.user.local_zone_name()))
        existing = Administration.objects.filter(client=client, instrument_id="phq9").count()
        for n in range(existing, RESULTS):
            answers = {f"q{i}": (n + i) % 3 for i in range(1, 9)} | {"q9": 0, "q10": 1}
            do_enter_paper_form(therapist, client, "phq9", answers, today - timedelta(weeks=4 * (RESULTS - n)))
        latest = Administration.objects.current().filter(client=client).order_by("submitted_at").last()
        assert latest is not None
        return latest

    def three_years_of_tracking(self, therapist: User) -> User:
        """A client of the bench therapist with three years of daily check-ins, urges and lapses (made once)."""
        user = User.objects.filter(email=HISTORY_CLIENT).first()
        if user is None:
            practice = Practice.objects.get(pk=therapist.practice_pk)
            client = make_client(practice, HISTORY_CLIENT, "Client with history", therapist)
            generate_history(client, 3 * 365)
            user = client.user
        return user

    def measure(self, user: User, url: str, runs: int) -> tuple[int, float]:
        http = HttpClient()
        http.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")

        def get() -> Any:
            return http.get(url)

        response = get()
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code} for {user.email}")
        with CaptureQueriesContext(connection) as queries:
            get()
        # Read now: the next request's reset_queries empties the log the context slices.
        query_count = len(queries.captured_queries)
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            get()
            timings.append(time.perf_counter() - start)
        return query_count, statistics.median(timings)
