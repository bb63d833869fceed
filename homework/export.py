"""The client's tasks in their data export."""

from caseload.models import Client
from homework.models import Task
from privacy.export import register_section


@register_section
def tasks(client: Client) -> tuple[str, object]:
    rows = Task.objects.filter(client=client).select_related("assigned_by").order_by("assigned_at", "pk")
    return "tasks", [
        {
            "kind": task.get_kind_display(),
            "points_at": task.ref,
            "title": task.title,
            "instructions": task.instructions,
            "suggested_by": task.assigned_by.name if task.assigned_by else "",
            "set": task.assigned_at,
            "due": task.due_on,
            "done": task.completed_at,
            "my_note": task.completion_note,
            "taken_off_the_list": None if task.closed_at_discharge else task.cancelled_at,
            "closed_when_the_programme_ended": task.cancelled_at if task.closed_at_discharge else None,
            "to_look_at_again": task.look_again,
        }
        for task in rows.iterator(chunk_size=500)
    ]
