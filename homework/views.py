"""The client's tasks, mounted at /tasks/: what their therapist suggested, and marking it done."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from caseload.models import Client
from homework.actions import do_complete_task
from homework.forms import DoneForm
from homework.models import Task
from homework.queries import client_rows, today_for
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.access_log import zone_of

PAGE_SIZE = 20


def own_client(request: AuthenticatedHttpRequest) -> Client:
    return get_object_or_404(Client.objects.select_related("user", "practice"), user=request.user)


def own_task(client: Client, task_id: uuid.UUID) -> Task:
    """One of this client's own tasks; anyone else's is the same 404 as none at all."""
    return get_object_or_404(Task.objects.filter(client=client).select_related("assigned_by"), public_id=task_id)


@role_required(Role.CLIENT)
@require_GET
def tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request)
    today = today_for(client)
    open_rows = client_rows(client, Task.objects.open().filter(client=client).soonest_first(), today)
    done = Paginator(Task.objects.filter(client=client).closed(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"client": client, "open_rows": open_rows, "done": done, "today": today}
    with timezone.override(zone_of(client)):
        return render(request, "homework/tasks.html", context)


def _task_page(
    request: AuthenticatedHttpRequest, client: Client, task: Task, form: DoneForm, status: int = 200
) -> HttpResponse:
    row = client_rows(client, [task])[0]
    with timezone.override(zone_of(client)):
        return render(request, "homework/task.html", {"row": row, "task": task, "form": form}, status=status)


@role_required(Role.CLIENT)
@require_GET
def task(request: AuthenticatedHttpRequest, task_id: uuid.UUID) -> HttpResponse:
    client = own_client(request)
    return _task_page(request, client, own_task(client, task_id), DoneForm())


@role_required(Role.CLIENT)
@require_POST
def task_done(request: AuthenticatedHttpRequest, task_id: uuid.UUID) -> HttpResponse:
    client = own_client(request)
    found = own_task(client, task_id)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            do_complete_task(request.user, found, form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Marked as done. Well done for making the time.")
            return redirect("homework_tasks")
    return _task_page(request, client, found, form, status=400)
