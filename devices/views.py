"""The device checklist: the client's pages (/devices/) and their therapist's (/clients/<id>/devices/)."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from devices.actions import do_add_device, do_remove_device, do_set_steps
from devices.forms import AddDeviceForm, ChecklistForm
from devices.models import Device
from devices.queries import devices_of, progress_of
from devices.steps import STEPS
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest


def own_client(request: AuthenticatedHttpRequest) -> Client:
    return get_object_or_404(Client.objects.visible_to(request.user), user=request.user)


def own_device(client: Client, device_id: uuid.UUID) -> Device:
    """The same 404 for a device that does not exist and one that is someone else's."""
    return get_object_or_404(Device.objects.filter(client=client).prefetch_related("steps"), public_id=device_id)


def list_page(
    request: AuthenticatedHttpRequest, client: Client, form: AddDeviceForm, status: int = 200
) -> HttpResponse:
    progress = devices_of(client)
    context: dict[str, Any] = {"devices": progress, "form": form, "steps": len(STEPS)}
    return render(request, "devices/devices.html", context, status=status)


@role_required(Role.CLIENT)
@require_GET
def devices(request: AuthenticatedHttpRequest) -> HttpResponse:
    return list_page(request, own_client(request), AddDeviceForm())


@role_required(Role.CLIENT)
@require_POST
def device_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request)
    form = AddDeviceForm(request.POST)
    if form.is_valid():
        try:
            device = do_add_device(request.user, form.cleaned_data["kind"], form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Added {device.label}. Work through its checklist at your own pace.")
            return redirect("device", device.public_id)
    return list_page(request, client, form, status=400)


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def device(request: AuthenticatedHttpRequest, device_id: uuid.UUID) -> HttpResponse:
    client = own_client(request)
    item = own_device(client, device_id)
    progress = progress_of(item)
    form = ChecklistForm(request.POST if request.method == "POST" else None, progress=progress)
    if form.is_bound and form.is_valid():
        try:
            do_set_steps(request.user, item, form.entries())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Saved. Every step counts.")
            return redirect("devices")
    rows = [
        {
            "status": status,
            "state": form[f"state-{status.step.id}"],
            "note": form[f"note-{status.step.id}"],
            "guidance": status.step.guidance_for(item.platforms),
        }
        for status in progress.statuses
    ]
    context = {"device": item, "progress": progress, "form": form, "rows": rows}
    return render(request, "devices/device.html", context, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_POST
def device_remove(request: AuthenticatedHttpRequest, device_id: uuid.UUID) -> HttpResponse:
    item = own_device(own_client(request), device_id)
    label = item.label
    do_remove_device(request.user, item)
    messages.success(request, f"Removed {label} from your list.")
    return redirect("devices")


# The client's therapist reads.


@role_required(Role.THERAPIST)
@require_GET
def client_devices(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    record_read(request.user, client, "devices.view")
    progress = devices_of(client)
    by_step = [
        {
            "step": step,
            "cells": [item.statuses[index] for item in progress],
            "done": sum(1 for item in progress if item.statuses[index].state == "done"),
            "applicable": sum(1 for item in progress if item.statuses[index].state != "na"),
        }
        for index, step in enumerate(STEPS)
    ]
    context = {"client": client, "devices": progress, "by_step": by_step}
    return render(request, "devices/client_devices.html", context)
