"""Reading a client's tasks: what is open, what was done, and where the client does each one.

Every function here runs a fixed number of queries, however long the client's history.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from caseload.models import Client
from homework.assignable import module_url
from homework.models import Kind, Task
from homework.worksheets import PLANS, WORKSHEETS
from privacy.access_log import zone_of

GO_LABELS = {
    Kind.READING: "Read it",
    Kind.QUESTIONNAIRE: "Answer it",
    Kind.WORKSHEET: "Open it",
    Kind.PLAN_REVIEW: "Open the plan",
}


def today_for(client: Client) -> date:
    return timezone.localdate(timezone=zone_of(client))


@dataclass(frozen=True)
class TaskRow:
    """A task as the client sees it on a list: where to go to do it, and how its date reads."""

    task: Task
    today: date
    url: str | None = None  # where it is done; None when the task's own page is the place

    @property
    def go_label(self) -> str:
        return GO_LABELS.get(Kind(self.task.kind), "")

    @property
    def overdue(self) -> bool:
        return self.task.is_overdue(self.today)

    @property
    def due_today(self) -> bool:
        return self.task.is_open and self.task.due_on == self.today


def _questionnaire_urls(client: Client, tasks: Sequence[Task]) -> dict[str, str]:
    """The open questionnaire for each instrument a task names (one query, only when a task names one)."""
    from measures.models import Administration

    wanted = {task.ref for task in tasks if task.kind == Kind.QUESTIONNAIRE}
    if not wanted:
        return {}
    waiting = Administration.objects.open().filter(client=client, instrument_id__in=wanted).order_by("-due_on", "-pk")
    return {row.instrument_id: reverse("measures_start", args=[row.public_id]) for row in waiting}


def where_done(task: Task, questionnaires: dict[str, str]) -> str | None:
    if task.kind == Kind.READING:
        return module_url(task.ref)
    if task.kind == Kind.QUESTIONNAIRE:
        return questionnaires.get(task.ref) or reverse("measures_due")
    if task.kind == Kind.WORKSHEET and task.ref in WORKSHEETS:
        return WORKSHEETS[task.ref].url()
    if task.kind == Kind.PLAN_REVIEW and task.ref in PLANS:
        return PLANS[task.ref].url()
    return None


def client_rows(client: Client, tasks: Iterable[Task], today: date | None = None) -> list[TaskRow]:
    """Tasks with the links the client follows to do them."""
    tasks = list(tasks)
    today = today or today_for(client)
    questionnaires = _questionnaire_urls(client, [task for task in tasks if task.is_open])
    return [TaskRow(task, today, where_done(task, questionnaires) if task.is_open else None) for task in tasks]


HOME_LIMIT = 5


@dataclass(frozen=True)
class HomeCard:
    rows: list[TaskRow]
    more: int  # open tasks beyond those shown


def home_card(client: Client) -> HomeCard:
    """The client's open tasks, soonest due first: two queries (three with a questionnaire among them)."""
    open_tasks = Task.objects.open().filter(client=client)
    tasks = list(open_tasks.soonest_first()[:HOME_LIMIT])
    more = open_tasks.count() - len(tasks) if len(tasks) == HOME_LIMIT else 0
    return HomeCard(client_rows(client, tasks), more)


RECORD_OPEN_LIMIT = 8
RECORD_DONE_LIMIT = 3


@dataclass(frozen=True)
class RecordCard:
    open: list[Task]
    open_count: int
    done: list[Task]
    today: date
    zone: ZoneInfo

    @property
    def notes_shown(self) -> bool:
        return any(task.completion_note for task in self.done)


def record_card(client: Client) -> RecordCard:
    """Open tasks, soonest due first, and the latest done: three queries."""
    open_tasks = Task.objects.open().filter(client=client)
    shown = list(open_tasks.soonest_first().select_related("assigned_by")[:RECORD_OPEN_LIMIT])
    count = open_tasks.count() if len(shown) == RECORD_OPEN_LIMIT else len(shown)
    done = list(Task.objects.filter(client=client).completed()[:RECORD_DONE_LIMIT])
    return RecordCard(shown, count, done, today_for(client), zone_of(client))
