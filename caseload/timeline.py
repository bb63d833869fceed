"""The client record's timeline: everything that happened, newest first, a page at a time.

Each kind of event is a *source*: a queryset of one client's rows, the field that says when,
and a function that turns a row into an entry. A page runs one LIMITed query per enabled
source and merges them in Python, so it costs the same whatever the length of the history.
Entries carry facts (scores, counts, choices), never free text: each links to the page where
the content is read, and that page audits the reading.

Paging is by cursor: the (moment, source, tie) of the last entry shown. Every source orders
its rows by (moment, tie) and the sources break ties between them by key, so "older than the
cursor" is exact even when two entries share a moment. The cursor travels in the URL sealed
(encrypted and bound to the client): the moment and kind of a lapse or an alert are clinical
facts, and URLs end up in browser history and server logs.
"""

import functools
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from caseload.models import Client, Stage
from lib.crypto import DecryptionError, keyring

PAGE_SIZE = 25
RECORD_PAGE_SIZE = 10

# Filter groups, in the order the filter offers them.
KINDS: dict[str, str] = {
    "questionnaires": "Questionnaires",
    "checkins": "Check-ins",
    "urges": "Urges",
    "lapses": "Lapses",
    "plan": "Recovery plan",
    "safety": "Safety",
    "notes": "Session notes",
    "tasks": "Tasks",
    "stages": "Stages",
    "goals": "Goals",
    "care": "Transfers and discharge",
}


@dataclass(frozen=True)
class Reader:
    """Whose timeline, read by whom (to say "you" rather than a name)."""

    client: Client
    viewer: User

    def who(self, user_id: int | None, user: User | None = None) -> str:
        if user_id is None:
            return "someone no longer here"
        if user_id == self.viewer.pk:
            return "you"
        if user_id == self.client.user_id:
            return self.client.name
        return user.name if user is not None else "a colleague"

    def url(self, name: str, *args: object) -> str:
        """The page where the entry is read; the record itself while an area has no such page yet."""
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return reverse("client_record", args=[self.client.public_id])


@dataclass(frozen=True)
class Entry:
    at: datetime
    source: str
    tie: str
    kind: str
    title: str
    facts: tuple[str, ...]
    href: str
    tone: str = ""  # "warn" for what the therapist should not miss

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def cursor(self) -> "Cursor":
        return Cursor(self.at, self.source, self.tie)


@dataclass(frozen=True)
class Source:
    key: str  # unique; orders entries that share a moment
    kind: str
    rows: Callable[[Client], QuerySet[Any]]
    entry: Callable[[Any, Reader], Entry]
    at: str = "created_at"
    tie: str = "public_id"  # unique per row, never a row id (it goes into the cursor)

    def older_than(self, cursor: "Cursor") -> Q:
        if self.key < cursor.source:
            return Q(**{f"{self.at}__lte": cursor.at})
        if self.key > cursor.source:
            return Q(**{f"{self.at}__lt": cursor.at})
        return Q(**{f"{self.at}__lt": cursor.at}) | Q(**{self.at: cursor.at, f"{self.tie}__lt": cursor.tie})

    def fetch(self, reader: Reader, before: "Cursor | None", limit: int) -> list[Entry]:
        """One query: this source's newest `limit` rows older than the cursor."""
        rows = self.rows(reader.client).filter(**{f"{self.at}__isnull": False})
        if before is not None:
            rows = rows.filter(self.older_than(before))
        return [self.entry(row, reader) for row in rows.order_by(f"-{self.at}", f"-{self.tie}")[:limit]]


@dataclass(frozen=True)
class Cursor:
    at: datetime
    source: str
    tie: str

    def encode(self) -> str:
        return f"{self.at.isoformat()}~{self.source}~{self.tie}"


BAD_CURSOR = "That link to older entries is not valid. Please start again from the newest entries."


def seal_cursor(cursor: Cursor, client: Client) -> str:
    """The ?before= value: encrypted, so a URL never says what happened when, and bound to this client."""
    return keyring().encrypt(cursor.encode(), _cursor_aad(client))


def open_cursor(token: str, client: Client) -> Cursor:
    """The cursor in a ?before= value; ValidationError for anything we did not seal for this client."""
    try:
        text = keyring().decrypt(token, _cursor_aad(client))
    except DecryptionError as exc:
        raise ValidationError(BAD_CURSOR) from exc
    return _parse_cursor(text)


def _cursor_aad(client: Client) -> str:
    return f"caseload.timeline.cursor.{client.public_id}"


def _parse_cursor(text: str) -> Cursor:
    try:
        at_text, source, tie = text.split("~")
        at = datetime.fromisoformat(at_text)
    except ValueError as exc:
        raise ValidationError(BAD_CURSOR) from exc
    known = sources_by_key().get(source)
    if at.tzinfo is None or known is None or not _tie_ok(known, tie):
        raise ValidationError(BAD_CURSOR)
    return Cursor(at, source, tie)


def _tie_ok(source: "Source", tie: str) -> bool:
    if source.tie == "public_id":
        try:
            return str(uuid.UUID(tie)) == tie
        except ValueError:
            return False
    return 0 < len(tie) <= 64 and tie.isalnum()


@dataclass(frozen=True)
class Day:
    on: date
    entries: tuple[Entry, ...]
    continued: bool  # the day the page before ended on: its heading is already shown


@dataclass(frozen=True)
class Page:
    entries: tuple[Entry, ...]
    older: Cursor | None  # where the next page starts; None when nothing is older
    zone: ZoneInfo
    before: Cursor | None = None  # where this page started

    @property
    def days(self) -> list[Day]:
        """The entries grouped by the day they fell on in the client's zone."""
        groups: dict[date, list[Entry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.at.astimezone(self.zone).date(), []).append(entry)
        previous = self.before.at.astimezone(self.zone).date() if self.before else None
        return [Day(on, tuple(entries), on == previous) for on, entries in groups.items()]


def page_for(
    client: Client,
    viewer: User,
    zone: ZoneInfo,
    kinds: Iterable[str] = (),
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """One page of the timeline: one query per enabled source (all of them when `kinds` is empty)."""
    wanted = set(kinds)
    reader = Reader(client, viewer)
    merged: list[Entry] = []
    for source in sources():
        if not wanted or source.kind in wanted:
            merged += source.fetch(reader, before, size + 1)
    merged.sort(key=lambda entry: (entry.at, entry.source, entry.tie), reverse=True)
    shown = tuple(merged[:size])
    older = shown[-1].cursor if len(merged) > size and shown else None
    return Page(entries=shown, older=older, zone=zone, before=before)


# The registry. Other areas add their own sources with register(); the built-in ones are made
# once, on first use (after the apps are loaded), and only for the models that exist.

_REGISTERED: list[Source] = []


def register(source: Source) -> None:
    """Add a source (from an AppConfig.ready); its key must be new and its kind one of KINDS."""
    if source.kind not in KINDS:
        raise ValueError(f"Unknown timeline kind {source.kind!r}")
    if any(existing.key == source.key for existing in _REGISTERED):
        raise ValueError(f"Timeline source {source.key!r} is registered twice")
    _REGISTERED.append(source)
    sources_by_key.cache_clear()


def sources() -> list[Source]:
    return list(sources_by_key().values())


@functools.cache
def sources_by_key() -> dict[str, Source]:
    every = [*_built_in(), *_REGISTERED]
    by_key = {source.key: source for source in every}
    if len(by_key) != len(every):
        raise ValueError("Two timeline sources share a key")
    return by_key


def kinds_available() -> dict[str, str]:
    """The filter's choices: the kinds some source feeds."""
    fed = {source.kind for source in sources()}
    return {key: label for key, label in KINDS.items() if key in fed}


def _model(label: str) -> type[models.Model] | None:
    """A model of an area that may not exist yet (areas land one by one)."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _built_in() -> list[Source]:
    found: list[Source] = []
    for make in (
        _questionnaires,
        _tracking,
        _plan,
        _safety,
        _alerts,
        _notes,
        _tasks,
        _stages,
        _goals,
        _care,
    ):
        found += make()
    return found


def _name_fields(relation: str) -> tuple[str, str]:
    """The fields User.name reads, for only() on a select_related user."""
    return (f"{relation}__display_name", f"{relation}__email")


def _addenda(count: int) -> str:
    return "" if not count else "1 addendum" if count == 1 else f"{count} addenda"


def _joined(*facts: str) -> tuple[str, ...]:
    return tuple(fact for fact in facts if fact)


# Questionnaires: completed results with their total and band.


def _questionnaires() -> list[Source]:
    from measures import registry
    from measures.models import Administration, LicensedInstrument, Mode

    def rows(client: Client) -> QuerySet[Any]:
        licensed = LicensedInstrument.objects.filter(
            practice_id=client.practice_id, instrument_id=OuterRef("instrument_id"), active=True
        )
        return (
            Administration.objects.current()
            .filter(client=client)
            .annotate(licensed_title=Subquery(licensed.values("title")[:1]))
            .only("public_id", "instrument_id", "submitted_at", "result", "mode")
        )

    def entry(row: Any, reader: Reader) -> Entry:
        bundled = registry.catalogue().definitions.get(row.instrument_id)
        name = bundled.short_name if bundled else (row.licensed_title or row.instrument_id)
        result = row.result_data
        total = result.get("total") or {}
        screen = result.get("screen") or {}
        score = f"score {total['score']:g}" if isinstance(total.get("score"), int | float) else ""
        return Entry(
            at=row.submitted_at,
            source="questionnaire",
            tie=str(row.public_id),
            kind="questionnaires",
            title=f"{name} completed",
            facts=_joined(
                score,
                str(total.get("band") or ""),
                str(screen.get("label") or ""),
                "entered from paper" if row.mode == Mode.PAPER else "",
                "flagged for safety" if result.get("alert_severity") else "",
            ),
            href=reader.url("therapist_measures_result", reader.client.public_id, row.public_id),
            tone="warn" if result.get("alert_severity") else "",
        )

    return [Source("questionnaire", "questionnaires", rows, entry, at="submitted_at")]


# Tracking: check-ins, urges and lapses (their notes and chains stay on the tracking pages).


def _tracking() -> list[Source]:
    from tracking.models import CheckIn, CommonTrigger, Lapse, Mood, Outcome, Urge

    outcome_words = {
        Outcome.RODE_IT_OUT: "ridden out",
        Outcome.MIDDLE_CIRCLE: "a middle-circle behaviour",
        Outcome.LAPSE: "ended in a lapse",
    }

    def check_ins(client: Client) -> QuerySet[Any]:
        return CheckIn.objects.filter(client=client).only("public_id", "day", "mood", "urge", "sober", "created_at")

    def check_in(row: Any, reader: Reader) -> Entry:
        return Entry(
            at=row.created_at,
            source="checkin",
            tie=str(row.public_id),
            kind="checkins",
            title=f"Check-in for {row.day:%a} {row.day.day} {row.day:%b}",
            facts=(
                f"mood {Mood(row.mood).label.lower()}",
                f"urge {row.urge}/10",
                "sober" if row.sober else "not sober",
            ),
            href=reader.url("tracking_client", reader.client.public_id),
        )

    def urges(client: Client) -> QuerySet[Any]:
        fields = ("public_id", "occurred_at", "intensity", "outcome", "common_trigger", "trigger_id", "via_sos")
        return Urge.objects.filter(client=client).only(*fields)

    def urge(row: Any, reader: Reader) -> Entry:
        trigger = CommonTrigger(row.common_trigger).label if row.common_trigger else ""
        return Entry(
            at=row.occurred_at,
            source="urge",
            tie=str(row.public_id),
            kind="urges",
            title="Urge",
            facts=_joined(
                f"intensity {row.intensity}/10",
                outcome_words.get(row.outcome, ""),
                trigger or ("one of their own triggers" if row.trigger_id else ""),
                "through SOS" if row.via_sos else "",
            ),
            href=reader.url("tracking_client_urges", reader.client.public_id),
        )

    def lapses(client: Client) -> QuerySet[Any]:
        return Lapse.objects.filter(client=client).only("public_id", "occurred_at", "review_with_therapist")

    def lapse(row: Any, reader: Reader) -> Entry:
        return Entry(
            at=row.occurred_at,
            source="lapse",
            tie=str(row.public_id),
            kind="lapses",
            title="Lapse",
            facts=_joined("to talk over together" if row.review_with_therapist else ""),
            href=reader.url("tracking_client_lapses", reader.client.public_id),
            tone="warn",
        )

    return [
        Source("checkin", "checkins", check_ins, check_in),
        Source("urge", "urges", urges, urge, at="occurred_at"),
        Source("lapse", "lapses", lapses, lapse, at="occurred_at"),
    ]


# The recovery plan: versions (with circle sizes) and signatures; prevention plan changes come
# from the audit log, the only history a plan saved whole keeps.


def _plan() -> list[Source]:
    from plan.models import Circle, PlanVersion

    def versions(client: Client) -> QuerySet[Any]:
        counts = {circle: Count("items", filter=Q(items__circle=circle)) for circle in Circle.values}
        return (
            PlanVersion.objects.filter(plan__client=client)
            .select_related("therapist_signed_by")
            .only(
                "public_id",
                "number",
                "created_at",
                "created_by_id",
                "abstinence_starts_on",
                "abstinence_days",
                "client_signed_at",
                "therapist_signed_at",
                "therapist_signed_by__display_name",
                "therapist_signed_by__email",
            )
            .annotate(**{f"n_{circle}": count for circle, count in counts.items()})
        )

    def version(row: Any, reader: Reader) -> Entry:
        sizes = f"inner {row.n_inner} · middle {row.n_middle} · outer {row.n_outer}"
        return Entry(
            at=row.created_at,
            source="plan_version",
            tie=str(row.public_id),
            kind="plan",
            title="Recovery plan drafted" if row.number == 1 else f"Recovery plan version {row.number} saved",
            facts=(
                f"by {reader.who(row.created_by_id)}",
                f"{row.abstinence_days} days from {row.abstinence_starts_on.day} {row.abstinence_starts_on:%b %Y}",
                sizes,
            ),
            href=reader.url("client_plan", reader.client.public_id),
        )

    def signed_by_client(row: Any, reader: Reader) -> Entry:
        return Entry(
            at=row.client_signed_at,
            source="plan_client_signed",
            tie=str(row.public_id),
            kind="plan",
            title=f"{reader.client.name} signed plan version {row.number}",
            facts=("agreed",) if row.is_agreed else (),
            href=reader.url("client_plan", reader.client.public_id),
        )

    def signed_by_therapist(row: Any, reader: Reader) -> Entry:
        who = reader.who(row.therapist_signed_by_id, row.therapist_signed_by)
        return Entry(
            at=row.therapist_signed_at,
            source="plan_therapist_signed",
            tie=str(row.public_id),
            kind="plan",
            title=f"Plan version {row.number} signed by {who}",
            facts=("agreed",) if row.is_agreed else (),
            href=reader.url("client_plan", reader.client.public_id),
        )

    return [
        Source("plan_version", "plan", versions, version),
        Source("plan_client_signed", "plan", versions, signed_by_client, at="client_signed_at"),
        Source("plan_therapist_signed", "plan", versions, signed_by_therapist, at="therapist_signed_at"),
        audit_source(
            "prevention_saved",
            "plan",
            "plan.prevention.save",
            "Relapse-prevention plan changed",
            "client_plan_prevention",
        ),
        audit_source(
            "prevention_reviewed",
            "plan",
            "plan.prevention.review",
            "Relapse-prevention plan reviewed",
            "client_plan_prevention",
        ),
    ]


def audit_source(key: str, kind: str, what: str, title: str, url_name: str) -> Source:
    """Changes an area keeps no history of, read from the audit log's write events of one code.

    One code per source, so the query seeks the (client_ref, what, at, hash) index to the newest
    event and reads in its order: never a scan of the client's whole history (mostly reads).
    """
    from audit.models import Action, AuditEvent

    def rows(client: Client) -> QuerySet[Any]:
        return AuditEvent.objects.filter(client_ref=client.public_id, what=what, action=Action.WRITE)

    def entry(row: Any, reader: Reader) -> Entry:
        if row.actor_ref is None:
            who = ""
        elif row.actor_ref == reader.viewer.public_id:
            who = "by you"
        elif row.actor_ref == reader.client.user.public_id:
            who = f"by {reader.client.name}"
        else:
            who = "by a colleague"
        return Entry(
            at=row.at,
            source=key,
            tie=row.hash,
            kind=kind,
            title=title,
            facts=_joined(who),
            href=reader.url(url_name, reader.client.public_id),
        )

    return Source(key, kind, rows, entry, at="at", tie="hash")


# Safety: the safety plan's changes and reviews, and risk alerts raised and acknowledged.


def _safety() -> list[Source]:
    return [
        audit_source("safety_plan_saved", "safety", "safety_plan.save", "Safety plan changed", "client_safety_plan"),
        audit_source(
            "safety_plan_reviewed", "safety", "safety_plan.review", "Safety plan reviewed", "client_safety_plan"
        ),
    ]


def _alerts() -> list[Source]:
    from safety.models import RiskAlert
    from safety.risk import reason_label

    def rows(client: Client) -> QuerySet[Any]:
        fields = ("public_id", "severity", "reason", "created_at", "acknowledged_at", "acknowledged_by_id")
        return (
            RiskAlert.objects.filter(client=client)
            .select_related("acknowledged_by")
            .only(*fields, *_name_fields("acknowledged_by"))
        )

    def raised(row: Any, reader: Reader) -> Entry:
        return Entry(
            at=row.created_at,
            source="alert_raised",
            tie=str(row.public_id),
            kind="safety",
            title="Risk alert raised",
            facts=(row.get_severity_display(), reason_label(row.reason)),
            href=reader.url("alert", row.public_id),
            tone="warn",
        )

    def acknowledged(row: Any, reader: Reader) -> Entry:
        return Entry(
            at=row.acknowledged_at,
            source="alert_acknowledged",
            tie=str(row.public_id),
            kind="safety",
            title="Risk alert acknowledged",
            facts=(f"by {reader.who(row.acknowledged_by_id, row.acknowledged_by)}", reason_label(row.reason)),
            href=reader.url("alert", row.public_id),
        )

    return [
        Source("alert_raised", "safety", rows, raised),
        Source("alert_acknowledged", "safety", rows, acknowledged, at="acknowledged_at"),
    ]


# Areas that land alongside this one: registered only when their models exist.


def _notes() -> list[Source]:
    note = _model("notes.SessionNote")
    if note is None:
        return []

    def rows(client: Client) -> QuerySet[Any]:
        fields = ("public_id", "session_on", "duration_minutes", "created_at", "signed_at", "author_id")
        return (
            note._default_manager.filter(client=client)
            .select_related("author")
            .only(*fields, *_name_fields("author"))
            .annotate(addenda_count=Count("addenda"))
        )

    def written(row: Any, reader: Reader) -> Entry:
        on = row.session_on
        return Entry(
            at=row.created_at,
            source="session_note",
            tie=str(row.public_id),
            kind="notes",
            title=f"Session note · {row.duration_minutes} min · {'signed' if row.signed_at else 'draft'}",
            facts=_joined(
                f"session on {on:%a} {on.day} {on:%b}",
                f"by {reader.who(row.author_id, row.author)}",
                _addenda(row.addenda_count),
            ),
            href=reader.url("notes_view", reader.client.public_id, row.public_id),
        )

    return [Source("session_note", "notes", rows, written)]


def _tasks() -> list[Source]:
    task = _model("homework.Task")
    if task is None:
        return []
    from homework.models import Kind

    def rows(client: Client) -> QuerySet[Any]:
        fields = ("public_id", "kind", "due_on", "assigned_at", "completed_at", "cancelled_at")
        return task._default_manager.filter(client=client).only(*fields)

    def assigned(row: Any, reader: Reader) -> Entry:
        due = f"due {row.due_on.day} {row.due_on:%b}" if row.due_on else ""
        return Entry(
            at=row.assigned_at,
            source="task_assigned",
            tie=str(row.public_id),
            kind="tasks",
            title=f"{Kind(row.kind).label} assigned",
            facts=_joined(due, "cancelled" if row.cancelled_at else ""),
            href=reader.url("homework_client_tasks", reader.client.public_id),
        )

    def completed(row: Any, reader: Reader) -> Entry:
        return Entry(
            at=row.completed_at,
            source="task_completed",
            tie=str(row.public_id),
            kind="tasks",
            title=f"{Kind(row.kind).label} done",
            facts=(),
            href=reader.url("homework_client_tasks", reader.client.public_id),
        )

    return [
        Source("task_assigned", "tasks", rows, assigned, at="assigned_at"),
        Source("task_completed", "tasks", rows, completed, at="completed_at"),
    ]


def _stages() -> list[Source]:
    change = _model("stages.StageChange")
    if change is None:
        return []

    def rows(client: Client) -> QuerySet[Any]:
        fields = ("public_id", "from_stage", "to_stage", "moved_at", "moved_by_id", *_name_fields("moved_by"))
        return change._default_manager.filter(client=client).select_related("moved_by").only(*fields)

    def moved(row: Any, reader: Reader) -> Entry:
        return Entry(
            at=row.moved_at,
            source="stage_change",
            tie=str(row.public_id),
            kind="stages",
            title=f"Moved to stage {row.to_stage}: {Stage(row.to_stage).label}",
            facts=(f"from stage {row.from_stage}", f"by {reader.who(row.moved_by_id, row.moved_by)}"),
            href=reader.url("client_stage", reader.client.public_id),
        )

    return [Source("stage_change", "stages", rows, moved, at="moved_at")]


def _goals() -> list[Source]:
    goal, review = _model("goals.Goal"), _model("goals.Review")
    if goal is None or review is None:
        return []
    from goals.models import Domain

    def goals(client: Client) -> QuerySet[Any]:
        return goal._default_manager.filter(client=client).only("public_id", "domain", "created_at", "created_by_id")

    def added(row: Any, reader: Reader) -> Entry:
        return Entry(
            at=row.created_at,
            source="goal_added",
            tie=str(row.public_id),
            kind="goals",
            title="Goal added",
            facts=(Domain(row.domain).label, f"by {reader.who(row.created_by_id)}"),
            href=reader.url("client_goal", reader.client.public_id, row.public_id),
        )

    def reviews(client: Client) -> QuerySet[Any]:
        fields = ("public_id", "progress", "reviewed_at", "reviewed_by_id", "goal__domain", "goal__public_id")
        return review._default_manager.filter(goal__client=client).select_related("goal").only(*fields)

    def reviewed(row: Any, reader: Reader) -> Entry:
        return Entry(
            at=row.reviewed_at,
            source="goal_reviewed",
            tie=str(row.public_id),
            kind="goals",
            title="Goal reviewed",
            facts=(Domain(row.goal.domain).label, f"{row.progress}/10", f"by {reader.who(row.reviewed_by_id)}"),
            href=reader.url("client_goal", reader.client.public_id, row.goal.public_id),
        )

    return [
        Source("goal_added", "goals", goals, added),
        Source("goal_reviewed", "goals", reviews, reviewed, at="reviewed_at"),
    ]


# Who treats the client: transfers (each with its handover note), discharges and re-openings.
# Titles and facts only; the notes are read where they always are (session notes, the record).


def _care() -> list[Source]:
    from caseload.models import Discharge, Handover

    def handovers(client: Client) -> QuerySet[Any]:
        people = ("written_by", "from_therapist", "to_therapist")
        return (
            Handover.objects.filter(client=client)
            .select_related(*people)
            .only(
                "public_id",
                "created_at",
                "acknowledged_at",
                *(f"{person}_id" for person in people),
                *(field for person in people for field in _name_fields(person)),
            )
        )

    def transferred(row: Any, reader: Reader) -> Entry:
        handed_by_admin = row.written_by_id != row.from_therapist_id
        return Entry(
            at=row.created_at,
            source="transfer",
            tie=str(row.public_id),
            kind="care",
            title=f"Transferred to {reader.who(row.to_therapist_id, row.to_therapist)}",
            facts=_joined(
                f"from {reader.who(row.from_therapist_id, row.from_therapist)}" if row.from_therapist_id else "",
                f"by {reader.who(row.written_by_id, row.written_by)}" if handed_by_admin else "",
                "handover note read" if row.acknowledged_at else "handover note not read yet",
            ),
            href=reader.url("notes_list", reader.client.public_id),
        )

    def discharges(client: Client) -> QuerySet[Any]:
        people = ("discharged_by", "reopened_by")
        return (
            Discharge.objects.filter(client=client)
            .select_related(*people)
            .only(
                "public_id",
                "discharged_at",
                "reopened_at",
                *(f"{person}_id" for person in people),
                *(field for person in people for field in _name_fields(person)),
            )
        )

    def discharged(row: Any, reader: Reader) -> Entry:
        return Entry(
            at=row.discharged_at,
            source="discharge",
            tie=str(row.public_id),
            kind="care",
            title="Discharged",
            facts=(f"by {reader.who(row.discharged_by_id, row.discharged_by)}",),
            href=reader.url("client_record", reader.client.public_id),
        )

    def reopened(row: Any, reader: Reader) -> Entry:
        return Entry(
            at=row.reopened_at,
            source="reopen",
            tie=str(row.public_id),
            kind="care",
            title="Record re-opened",
            facts=(f"by {reader.who(row.reopened_by_id, row.reopened_by)}",),
            href=reader.url("client_record", reader.client.public_id),
        )

    return [
        Source("transfer", "care", handovers, transferred),
        Source("discharge", "care", discharges, discharged, at="discharged_at"),
        Source("reopen", "care", discharges, reopened, at="reopened_at"),
    ]


__all__: Sequence[str] = (
    "KINDS",
    "Cursor",
    "Entry",
    "Page",
    "Source",
    "audit_source",
    "kinds_available",
    "open_cursor",
    "page_for",
    "register",
    "seal_cursor",
)
