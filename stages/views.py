"""The therapist's stage page for a client (/clients/<id>/stage/): the criteria, the move, the history."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.access_log import zone_of
from stages.actions import StaleMove, do_move_stage
from stages.criteria import Record, confirmable_ahead, exit_checklist
from stages.forms import MoveForm
from stages.queries import summary_for


def stage_page(request: AuthenticatedHttpRequest, client: Client, form: MoveForm | None = None) -> HttpResponse:
    summary = summary_for(client, form, history=None)
    with timezone.override(zone_of(client)):
        return render(
            request, "stages/client_stage.html", {"client": client, "summary": summary}, status=400 if form else 200
        )


@role_required(Role.THERAPIST)
@require_GET
def client_stage(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    record_read(request.user, client, "stages.view")
    return stage_page(request, client)


@role_required(Role.THERAPIST)
@require_POST
def client_stage_move(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    record = Record(client)
    form = MoveForm(
        request.POST, client=client, checks=exit_checklist(client, record) + confirmable_ahead(client, record)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            change = do_move_stage(
                request.user,
                client,
                data["to_stage"],
                data["note"],
                data["reason"],
                seen_stage=data["seen_stage"],
                confirmed=data["confirmed"],
            )
        except StaleMove as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("client_stage", client.public_id)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{client.name} is now in stage {change.to_stage}: {change.to_stage_name}.")
            return redirect(reverse("client_record", args=[client.public_id]) + "#stage")
    record_read(request.user, client, "stages.view")
    return stage_page(request, client, form)
