"""A client's tasks for their therapist, mounted at /clients/<client_id>/tasks/: the history, setting and taking off."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from homework.actions import do_assign_task, do_cancel_task
from homework.forms import BACK_TO, AssignForm
from homework.models import Kind, Task
from homework.queries import today_for
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.access_log import zone_of

PAGE_SIZE = 20


def _back(request: AuthenticatedHttpRequest, client: Client) -> HttpResponse:
    """Back to where the form was: the client record or this page (a fixed choice, never a URL from the form)."""
    return redirect(BACK_TO.get(request.POST.get("back", ""), BACK_TO["tasks"]), client.public_id)


def _also(task: Task, client: Client) -> str:
    """What else the therapist should know once a task is set."""
    if task.kind == Kind.QUESTIONNAIRE:
        if task.due_on is not None and task.due_on > today_for(client):
            return f" It joins their questionnaires on {task.due_on:%a} {task.due_on.day} {task.due_on:%b}."
        return " It is waiting among their questionnaires too."
    if task.look_again:
        return f" {client.name} has already done this; the task asks them to look at it again."
    return ""


def _tasks_page(
    request: AuthenticatedHttpRequest, client: Client, form: AssignForm | None = None, status: int = 200
) -> HttpResponse:
    record_read(request.user, client, "homework.tasks")
    rows = Task.objects.filter(client=client).select_related("assigned_by")
    closed = Paginator(rows.closed(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "client": client,
        "open_tasks": list(rows.open().soonest_first()),
        "closed": closed,
        "today": today_for(client),
        "form": form or AssignForm(client=client),
    }
    with timezone.override(zone_of(client)):
        return render(request, "homework/therapist/tasks.html", context, status=status)


@role_required(Role.THERAPIST)
@require_GET
def client_tasks(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    return _tasks_page(request, client_for(request.user, client_id))


@role_required(Role.THERAPIST)
@require_POST
def assign(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    form = AssignForm(request.POST, client=client)
    if form.is_valid():
        try:
            task = do_assign_task(request.user, client, form.new_task())
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, f"“{task.title}” is on {client.name}'s list.{_also(task, client)}")
            return _back(request, client)
    return _tasks_page(request, client, form, status=400)


@role_required(Role.THERAPIST)
@require_POST
def cancel(request: AuthenticatedHttpRequest, client_id: uuid.UUID, task_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    task = get_object_or_404(Task.objects.filter(client=client), public_id=task_id)
    try:
        task = do_cancel_task(request.user, task)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"“{task.title}” is off {client.name}'s list.")
    return _back(request, client)
