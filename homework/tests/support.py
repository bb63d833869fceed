"""Alex's tasks, set by Dr Tan, with the clock stopped at 04:00 on Tuesday 11 June 2024 in Singapore."""

from datetime import UTC, date, datetime, timedelta

from caseload.models import Client
from homework.actions import NewTask, do_assign_task, do_complete_task
from homework.models import Kind, Task
from lib.testing import WaymarkTestCase

NOW = datetime(2024, 6, 10, 20, 0, tzinfo=UTC)
TODAY = date(2024, 6, 11)


class HomeworkCase(WaymarkTestCase):
    def set_task(
        self,
        kind: Kind = Kind.CUSTOM,
        ref: str = "",
        title: str = "A walk after lunch",
        due_in: int | None = None,
        instructions: str = "",
        client: Client | None = None,
    ) -> Task:
        client = client or self.client_record
        therapist = self.therapist if client == self.client_record else self.other_therapist
        due_on = TODAY + timedelta(days=due_in) if due_in is not None else None
        return do_assign_task(therapist, client, NewTask(kind, ref, title, instructions, due_on))

    def done_task(self, title: str = "Call my brother", note: str = "", days_ago: int = 1) -> Task:
        """A task Alex finished `days_ago` days ago."""
        task = self.set_task(title=title)
        return do_complete_task(self.alex, task, note, at=datetime.now(UTC) - timedelta(days=days_ago))

    def history(self, done: int, cancelled: int = 0) -> None:
        """A long past: tasks done, with notes, and tasks taken off the list (written straight to the table)."""
        for n in range(done + cancelled):
            task = Task(client=self.client_record, kind=Kind.CUSTOM, title=f"Old task {n}", assigned_by=self.therapist)
            if n < done:
                task.completed_at, task.completion_note = NOW - timedelta(days=n + 1), f"Note {n}"
            else:
                task.cancelled_at = NOW - timedelta(days=n + 1)
            task.save()
