"""Measure pages: query count, median server time, and the ratio to a bare Django view.

Runs against its own database (the Makefile points SQLITE_PATH at var/bench.sqlite3), fills
it with a practice of --clients clients for one therapist, each with a year of daily data
(check-ins, urges, a few lapses, questionnaires every four weeks, the odd alert, tasks), and
times each page --runs times through the full middleware stack with Django's test client.
"""

import random
import statistics
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from datetime import time as clock
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from accounts.models import Role, User
from caseload.models import Client, Stage
from homework.models import Kind, Task
from lib.testing import activate_totp, make_client, make_user
from measures import registry
from measures.actions import do_enter_paper_form
from measures.models import Administration, Status
from measures.scoring import score
from plan.models import PlanVersion, RecoveryPlan
from practice.models import Practice
from safety.models import AlertSeverity, RiskAlert
from tracking.history import generate_history
from tracking.models import CheckIn, Lapse, Outcome, Urge

BENCH_PRACTICE = "Bench practice"
HISTORY_CLIENT = "bench-history@example.com"
RESULTS = 40  # questionnaire results of the measured client
YEAR = 365
BATCH = 1000


class Command(BaseCommand):
    help = "Print query count, median server time and ratio to a bare view for each measured page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=150)
        parser.add_argument("--runs", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        therapist, admin, client_user = self.population(options["clients"])
        caseload = Client.objects.visible_to(therapist).count()
        pages: list[tuple[str, User, str]] = [
            ("bare Django view (baseline)", client_user, "/__bench_bare__/"),
            ("client home", client_user, "/"),
            ("crisis help", client_user, "/help/"),
            (f"therapist: caseload, {caseload} x 1 year", therapist, "/clients/"),
            ("therapist: caseload, one flag", therapist, "/clients/?flag=lapse"),
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
            ("therapist: record, 3 years", therapist, f"/clients/{history.client.public_id}/"),
            ("insights, all of 3 years", history, "/today/insights/?period=all"),
            (
                "therapist: insights, 3 years",
                therapist,
                f"/clients/{history.client.public_id}/tracking/insights/?period=all",
            ),
            ("therapist: timeline, 3 years", therapist, f"/clients/{history.client.public_id}/timeline/"),
            ("therapist: report PDF, 12 weeks", therapist, f"/clients/{history.client.public_id}/report/pdf/"),
            (
                "therapist: report PDF, 1 year",
                therapist,
                f"/clients/{history.client.public_id}/report/pdf/?start={a_year_ago()}&end={timezone.localdate()}",
            ),
            ("client: course library", client_user, "/learn/"),
            ("client: a course module", client_user, "/learn/urge-cycle/"),
            ("client: my story", client_user, "/story/"),
            ("client: motivation", client_user, "/motivation/"),
            ("client: tasks", client_user, "/tasks/"),
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
        existing = Client.objects.filter(practice=practice, user__email__startswith="bench-client-").count()
        for n in range(existing, count):
            make_client(practice, f"bench-client-{n}@example.com", f"Client {n:03d}", therapist)
        clients = list(
            Client.objects.filter(practice=practice, user__email__startswith="bench-client-")
            .select_related("user", "practice")
            .order_by("pk")
        )
        if not CheckIn.objects.filter(client__in=clients).exists():
            year_of_data(clients, therapist, YEAR)
        return therapist, admin, clients[0].user

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
            generate_history(client, 3 * YEAR)
            user = client.user
        client = Client.objects.select_related("user", "practice").get(user=user)
        if not Administration.objects.filter(client=client).exists():
            measures_and_tasks([client], therapist, 3 * YEAR, random.Random(3))
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


def a_year_ago() -> str:
    return (timezone.localdate() - timedelta(days=364)).isoformat()


def year_of_data(clients: Sequence[Client], therapist: User, days: int, seed: int = 1) -> None:
    """``days`` of daily data for every client, written in bulk (no free text, so little to encrypt).

    Most clients check in nearly every day; about one in ten went quiet a few days ago, one in
    ten lapsed this week, and a few answered item 9 of the PHQ-9 on their latest result.
    """
    rng = random.Random(seed)
    now = timezone.now()
    for client in clients:
        zone = ZoneInfo(client.user.local_zone_name())
        first = now.astimezone(zone).date() - timedelta(days=days)
        client.created_at = datetime.combine(first, clock(9), tzinfo=zone)
        client.stage = rng.choice(Stage.values)
        client.stage_since = client.created_at + timedelta(days=rng.randrange(days))
    Client.objects.bulk_update(clients, ["created_at", "stage", "stage_since"], batch_size=BATCH)
    plans = RecoveryPlan.objects.bulk_create([RecoveryPlan(client=client) for client in clients], batch_size=BATCH)
    versions, check_ins, urges, lapses = [], [], [], []
    for client, plan in zip(clients, plans, strict=True):
        zone = ZoneInfo(client.user.local_zone_name())
        today = now.astimezone(zone).date()
        first = today - timedelta(days=days)
        starts = first + timedelta(days=rng.randrange(30))
        versions.append(
            PlanVersion(
                plan=plan,
                number=1,
                abstinence_starts_on=starts,
                abstinence_days=90,
                client_signed_at=now,
                therapist_signed_at=now,
            )
        )
        quiet_since = today - timedelta(days=rng.randint(4, 6)) if rng.random() < 0.1 else None
        lapse_days = {first + timedelta(days=rng.randrange(days)) for _ in range(rng.randint(1, 4))}
        if rng.random() < 0.1:
            lapse_days.add(today - timedelta(days=rng.randint(1, 6)))
        for n in range(days):
            day = first + timedelta(days=n)
            if quiet_since is not None and day > quiet_since:
                break
            at = datetime.combine(day, clock(rng.choice([20, 21, 22]), rng.randrange(60)), tzinfo=zone)
            lapsed = day in lapse_days
            if rng.random() < 0.9 or lapsed:
                check_ins.append(
                    CheckIn(client=client, day=day, mood=rng.randint(1, 5), urge=rng.randint(0, 8), sober=not lapsed)
                )
            if rng.random() < 0.5:
                urges.append(
                    Urge(client=client, occurred_at=at, intensity=rng.randint(1, 9), outcome=Outcome.RODE_IT_OUT)
                )
            if lapsed:
                lapses.append(Lapse(client=client, occurred_at=at))
    PlanVersion.objects.bulk_create(versions, batch_size=BATCH)
    CheckIn.objects.bulk_create(check_ins, batch_size=BATCH)
    Urge.objects.bulk_create(urges, batch_size=BATCH)
    Lapse.objects.bulk_create(lapses, batch_size=BATCH)
    measures_and_tasks(clients, therapist, days, rng)


def _answers(instrument_id: str, level: int, item9: int = 0) -> dict[str, int]:
    """Answers adding up to about ``level`` (PHQ-9 q1-q9, GAD-7 q1-q7), each item 0-3."""
    count = 9 if instrument_id == "phq9" else 7
    answers = {f"q{n}": min(3, max(0, level // count + (n <= level % count))) for n in range(1, count + 1)}
    return answers | ({"q9": item9} if instrument_id == "phq9" else {})


def measures_and_tasks(clients: Sequence[Client], therapist: User, days: int, rng: random.Random) -> None:
    """PHQ-9 and GAD-7 every four weeks with the next one waiting, an alert for item 9, three tasks each."""
    definitions = registry.catalogue().definitions
    now = timezone.now()
    results, alerts, tasks = [], [], []
    for client in clients:
        zone = ZoneInfo(client.user.local_zone_name())
        today = now.astimezone(zone).date()
        worried = rng.random() < 0.05
        overdue = rng.random() < 0.1
        for instrument_id in ("phq9", "gad7"):
            level = rng.randint(6, 16)
            on = today - timedelta(days=days - 1)
            while on <= today:
                level = max(0, min(20, level + rng.randint(-3, 2)))
                latest = on + timedelta(days=28) > today
                answers = _answers(instrument_id, level, item9=int(worried and latest))
                results.append(
                    Administration(
                        client=client,
                        instrument_id=instrument_id,
                        instrument_version=definitions[instrument_id].version,
                        status=Status.SUBMITTED,
                        due_on=on,
                        submitted_at=datetime.combine(on, clock(19), tzinfo=zone),
                        answers=answers,
                        result=score(definitions[instrument_id], answers).as_dict(),
                        total=float(sum(answers.values())),
                    )
                )
                on += timedelta(days=28)
            due = on - timedelta(days=rng.randint(29, 40)) if overdue else on
            results.append(Administration(client=client, instrument_id=instrument_id, due_on=due))
        if worried:
            alerts.append(
                RiskAlert(client=client, severity=AlertSeverity.URGENT, reason="phq9.item9", acknowledge_by=now)
            )
        for n, kind in enumerate((Kind.READING, Kind.WORKSHEET, Kind.CUSTOM)):
            done = now - timedelta(days=n) if n else None
            tasks.append(
                Task(client=client, kind=kind, title="Between sessions", assigned_by=therapist, completed_at=done)
            )
    Administration.objects.bulk_create(results, batch_size=BATCH)
    RiskAlert.objects.bulk_create(alerts, batch_size=BATCH)
    Task.objects.bulk_create(tasks, batch_size=BATCH)
