"""A client's record with something of every kind, over days or years, for the timeline and report tests.

Every free-text field holds SECRET, so a test can check that no page or PDF shows one.
"""

from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.db import connection
from django.utils import timezone

from accounts.models import User
from caseload.models import Client
from measures.actions import do_enter_paper_form
from plan.actions import Entry, do_revise_plan, do_save_prevention_plan, do_sign, do_start_plan
from privacy.access_log import zone_of
from safety.models import AlertSeverity, RiskAlert
from safety.plan_actions import do_mark_safety_plan_reviewed, do_save_safety_plan
from tracking.history import generate_history
from tracking.models import CheckIn, Lapse, Trigger, Urge

SECRET = "zebra-marmalade"
# A name the client gave one of their own triggers: the report's trigger counts show it (like insights do).
OWN_TRIGGER = "Sunday evenings on my own"


def _table_exists(label: str) -> bool:
    """An area being built alongside may have its model before its migration."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return False
    return model._meta.db_table in connection.introspection.table_names()


def add_history(client: Client, therapist: User, days: int, *, results_every: int = 28) -> None:
    """`days` days of tracking, questionnaires every `results_every` days, a plan, alerts, tasks, stages, goals."""
    zone = zone_of(client)
    now = timezone.now()
    today = now.astimezone(zone).date()
    first = today - timedelta(days=days)
    Trigger.objects.create(client=client, name=OWN_TRIGGER)
    generate_history(client, days, seed=3)
    _secret_tracking(client)
    start = datetime.combine(first, time(10), tzinfo=zone)
    _plan(client, therapist, start, days)
    _questionnaires(client, therapist, first, today, results_every)
    do_save_safety_plan(client.user, client, {"warning_signs": SECRET, "people": f"{SECRET} 9123 4567"})
    do_mark_safety_plan_reviewed(therapist, client)
    _alerts(client, therapist, start, days)
    _tasks(client, therapist, start, days)
    _stages(client, therapist, start)
    _goals(client, therapist, start, days)
    _notes(client, therapist, start, days)


def _secret_tracking(client: Client) -> None:
    """A free-text secret in the newest check-in, urge and lapse (saved one by one: encrypted)."""
    for model, fields in (
        (CheckIn, ("note",)),
        (Urge, ("feeling", "what_i_did", "notes")),
        (Lapse, ("what_happened", "behaviour")),
    ):
        row = model.objects.filter(client=client).order_by("-pk").first()
        if row is not None:
            for field in fields:
                setattr(row, field, SECRET)
            row.save()


def _plan(client: Client, therapist: User, start: datetime, days: int) -> None:
    circles = {"inner": [SECRET], "middle": ["Scrolling late"], "outer": ["Running"]}
    version = do_start_plan(therapist, client, start.date(), 90, SECRET, circles, SECRET, at=start)
    do_sign(therapist, version, at=start + timedelta(hours=1))
    do_sign(client.user, version, at=start + timedelta(hours=2))
    for n in range(1, min(days // 60, 12)):
        at = start + timedelta(days=60 * n)
        version = do_revise_plan(
            therapist, client, circles={"outer": ["Running", f"Walk {n}"]}, change_note=SECRET, at=at
        )
        do_sign(therapist, version, at=at + timedelta(minutes=5))
        do_sign(client.user, version, at=at + timedelta(hours=3))
    entries = [Entry("trigger", SECRET, SECRET, SECRET)]
    do_save_prevention_plan(client.user, client, entries, SECRET, at=start + timedelta(days=3))


def _questionnaires(client: Client, therapist: User, first: date, today: date, every: int) -> None:
    day, n = first, 0
    while day <= today:
        phq9 = {f"q{i}": (n + i) % 4 for i in range(1, 9)} | {"q9": 0, "q10": 1}
        do_enter_paper_form(therapist, client, "phq9", phq9, day)
        do_enter_paper_form(therapist, client, "gad7", {f"q{i}": (n * i) % 4 for i in range(1, 8)}, day)
        day += timedelta(days=every)
        n += 1


def _alerts(client: Client, therapist: User, start: datetime, days: int) -> None:
    for n in range(max(1, days // 180)):
        at = start + timedelta(days=180 * n + 5)
        RiskAlert.objects.create(
            client=client,
            severity=AlertSeverity.URGENT,
            reason="phq9.item9",
            created_at=at,
            acknowledge_by=RiskAlert.deadline_from(at, AlertSeverity.URGENT),
            acknowledged_at=at + timedelta(hours=2),
            acknowledged_by=therapist,
            acknowledgement_note=SECRET,
        )


def _tasks(client: Client, therapist: User, start: datetime, days: int) -> None:
    if not _table_exists("homework.Task"):
        return
    from homework.models import Kind, Task

    # At least a dozen, most still open, so even a short history fills the record card's list.
    count = max(12, days // 14)
    for n in range(count):
        at = start + timedelta(days=days * n / count)
        Task.objects.create(
            client=client,
            kind=Kind.READING if n % 2 else Kind.WORKSHEET,
            title=SECRET,
            instructions=SECRET,
            due_on=(at + timedelta(days=7)).date(),
            assigned_by=therapist,
            assigned_at=at,
            completed_at=at + timedelta(days=3) if n % 4 == 1 else None,
            completion_note=SECRET if n % 4 == 1 else "",
        )


def _stages(client: Client, therapist: User, start: datetime) -> None:
    if not _table_exists("stages.StageChange"):
        return
    from stages.models import StageChange

    StageChange.objects.create(
        client=client,
        from_stage=1,
        to_stage=2,
        moved_by=therapist,
        moved_at=start + timedelta(days=30),
        note=SECRET,
        reason=SECRET,
    )


def _goals(client: Client, therapist: User, start: datetime, days: int) -> None:
    if not (_table_exists("goals.Goal") and _table_exists("goals.Review")):
        return
    from goals.models import Domain, Goal, Review

    goal = Goal.objects.create(
        client=client,
        domain=Domain.SELF_CARE,
        title=SECRET,
        description=SECRET,
        created_by=therapist,
        created_at=start + timedelta(days=days // 2),
    )
    Review.objects.create(
        goal=goal, reviewed_by=therapist, reviewed_at=start + timedelta(days=days // 2 + 14), progress=4, note=SECRET
    )


def _notes(client: Client, therapist: User, start: datetime, days: int) -> None:
    """A signed session note every two weeks, the newest with an addendum, and today's draft."""
    if not _table_exists("notes.SessionNote"):
        return
    from notes.actions import NoteEntry, do_add_addendum, do_sign, do_write_draft
    from notes.models import SECTIONS

    fields = [section.field for section in SECTIONS[client.practice.note_format]]
    note = None
    for n in range(max(1, days // 14)):
        at = start + timedelta(days=14 * n, hours=6)
        entry = NoteEntry(at.date(), 50, dict.fromkeys(fields, SECRET))
        note = do_sign(therapist, do_write_draft(therapist, client, entry, at=at), at=at + timedelta(hours=1))
    if note is not None:
        do_add_addendum(therapist, note, SECRET)
    do_write_draft(therapist, client, NoteEntry(timezone.now().date(), 30, dict.fromkeys(fields, SECRET)))
