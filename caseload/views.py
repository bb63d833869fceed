"""The therapist's list of clients and each client's record."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import InviteForm
from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from caseload.actions import do_transfer_client
from caseload.forms import TransferForm
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest


@role_required(Role.THERAPIST)
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    clients = Client.objects.visible_to(request.user).select_related("user").order_by("user__display_name")
    return render(request, "caseload/caseload.html", {"clients": clients})


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def invite_client(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    site_url = request.build_absolute_uri("/").rstrip("/")
    if request.method == "POST" and form.send(request.user, Role.CLIENT, site_url):
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
        return redirect("caseload")
    return render(request, "caseload/invite.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.THERAPIST)
def client_record(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, public_id)
    record_read(request.user, client, "client.record")
    form = TransferForm(practice_id=client.practice_id, exclude=request.user)
    return render(request, "caseload/client_record.html", {"client": client, "transfer_form": form})


@role_required(Role.THERAPIST)
@require_POST
def transfer(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, public_id)
    form = TransferForm(request.POST, practice_id=client.practice_id, exclude=request.user)
    if form.is_valid():
        try:
            do_transfer_client(request.user, client, form.cleaned_data["therapist"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{client.name} is now with {form.cleaned_data['therapist'].name}.")
            return redirect("caseload")
    return render(request, "caseload/client_record.html", {"client": client, "transfer_form": form}, status=400)
