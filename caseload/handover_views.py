"""A client leaves a therapist: transferred to a colleague with a handover note, or discharged."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from caseload.actions import do_acknowledge_handover, do_discharge, do_reopen, do_transfer_client
from caseload.forms import DischargeForm, TransferForm
from caseload.models import Client, Handover
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from notes.models import SessionNote
from notes.queries import drafts_of


def unfinished_drafts(request: AuthenticatedHttpRequest, client: Client, *, own_only: bool) -> list[SessionNote]:
    """Drafts nobody could sign once the client leaves: listed (and the listing audited) so they are finished first."""
    drafts = [note for note in drafts_of(client) if note.author_id == request.user.pk or not own_only]
    if drafts:
        record_read(request.user, client, "notes.drafts")
    return drafts


@role_required(Role.THERAPIST)
@require_POST
def transfer(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, public_id)
    form = TransferForm(request.POST, practice_id=client.practice_id, exclude=request.user)
    # Once the client is handed on, only the new therapist could discard these drafts, and nobody sign them.
    drafts = unfinished_drafts(request, client, own_only=True)
    if form.is_valid() and not drafts:
        try:
            do_transfer_client(request.user, client, form.cleaned_data["therapist"], form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{client.name} is now with {form.cleaned_data['therapist'].name}.")
            return redirect("caseload")
    context = {"client": client, "transfer_form": form, "drafts": drafts}
    return render(request, "caseload/transfer.html", context, status=400)


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def discharge(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, public_id)
    form = DischargeForm(request.POST if request.method == "POST" else None)
    # A discharged record is read-only: a draft left now could never be signed, deleted or discarded.
    drafts = [] if client.is_discharged else unfinished_drafts(request, client, own_only=False)
    if form.is_bound and form.is_valid() and not drafts:
        try:
            do_discharge(request.user, client, form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if Client.objects.visible_to(request.user).filter(pk=client.pk).exists():
                messages.success(request, f"{client.name} is discharged. Their record is now read-only.")
                return redirect("client_record", client.public_id)
            messages.success(request, f"{client.name} is discharged, and your access to their record has ended.")
            return redirect("caseload")
    retention = client.practice.retention_days_after_discharge
    context = {
        "client": client,
        "form": form,
        "retention_days": retention,
        "already": client.is_discharged,
        "drafts": drafts,
    }
    refused = form.errors or (form.is_bound and drafts)
    return render(request, "caseload/discharge.html", context, status=400 if refused else 200)


@role_required(Role.THERAPIST)
@require_POST
def reopen(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, public_id)
    try:
        do_reopen(request.user, client)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{client.name}'s record is open again.")
    return redirect("client_record", client.public_id)


@role_required(Role.THERAPIST)
@require_POST
def acknowledge_handover(
    request: AuthenticatedHttpRequest, public_id: uuid.UUID, handover_id: uuid.UUID
) -> HttpResponse:
    client = client_for(request.user, public_id)
    handover = get_object_or_404(Handover.objects.select_related("client"), client=client, public_id=handover_id)
    try:
        do_acknowledge_handover(request.user, handover)
    except PermissionDenied:
        messages.error(request, "This handover note was written for another therapist.")
    return redirect("client_record", client.public_id)


@role_required(Role.THERAPIST)
@require_GET
def discharged(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Clients this therapist discharged whose records they can still read: names and dates only."""
    clients = (
        Client.objects.visible_to(request.user).discharged().select_related("user").order_by("-discharged_at", "pk")
    )
    return render(request, "caseload/discharged.html", {"clients": clients, "now": timezone.now()})
