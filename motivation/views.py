"""The client's motivation tools (/motivation/): the decisional balance, the rulers, what matters to them."""

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role, User
from caseload.models import Client
from lib.decorators import role_required
from lib.drafts import saved_then_go
from lib.http import AuthenticatedHttpRequest
from measures.actions import do_self_start
from motivation.actions import MAX_ITEMS, MAX_TOP, NOTHING_CHANGED, do_save_balance, do_save_values
from motivation.forms import BalanceForm, ValuesForm
from motivation.models import ITEM_CHARS, BalanceVersion, ValuesVersion
from motivation.queries import (
    RULERS,
    balance_entries,
    balance_view,
    current_values,
    overview,
    ruler_results,
    values_history,
    waiting_rulers,
)
from privacy.access_log import zone_of

SAVED_BALANCE = "Saved, with today's date. You can come back and compare any time."
SAVED_VALUES = "Saved, with today's date. Your SOS page shows them now."
ALREADY_SAVED = "Saved: your newest version already has these words."


def own_client(user: User) -> Client:
    return get_object_or_404(Client.objects.visible_to(user).select_related("user", "practice"), user=user)


def render_in_zone(
    request: AuthenticatedHttpRequest, client: Client, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Dates are the client's dates, whoever reads them."""
    with timezone.override(zone_of(client)):
        return render(request, template, {"client": client, **context}, status=status)


def save_or_explain(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    save: Callable[[], BalanceVersion | ValuesVersion],
    newest: BalanceVersion | ValuesVersion | None,
    saved: str,
) -> str:
    """Save a worksheet and return what to tell the client (`saved`); "" with the reason on the form if refused.

    drafts.js sends a save again when the answer to the first was lost on a bad connection. The second then
    finds nothing new, from a form opened before the newest version existed: the first was kept, so say so.
    """
    try:
        save()
    except ValidationError as exc:
        started_from = request.POST.get("started_from")
        if newest and NOTHING_CHANGED in exc.messages and started_from not in (None, str(newest.public_id)):
            return ALREADY_SAVED
        form.add_error(None, exc)
        return ""
    return saved


def balance_context(client: Client, version_id: uuid.UUID | None, since: str | None) -> dict[str, Any]:
    """A snapshot against an earlier one, and every snapshot's date to choose from (404 for one not theirs)."""
    return {"view": balance_view(client, version_id, since or None), "entries": balance_entries(client)}


@role_required(Role.CLIENT)
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    return render_in_zone(request, client, "motivation/overview.html", {"overview": overview(client)})


@role_required(Role.CLIENT)
@require_GET
def balance(request: AuthenticatedHttpRequest, version_id: uuid.UUID | None = None) -> HttpResponse:
    client = own_client(request.user)
    context = balance_context(client, version_id, request.GET.get("since"))
    return render_in_zone(request, client, "motivation/balance.html", context)


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def balance_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    newest = BalanceVersion.objects.filter(client=client).prefetch_related("items").first()
    form = BalanceForm(request.POST if request.method == "POST" else None, initial=BalanceForm.initial_for(newest))
    if form.is_bound and form.is_valid():
        done = save_or_explain(
            request, form, lambda: do_save_balance(request.user, client, form.boxes()), newest, SAVED_BALANCE
        )
        if done:
            messages.success(request, done)
            return saved_then_go(request, reverse("motivation_balance"))
    context = {"form": form, "newest": newest, "max_items": MAX_ITEMS, "item_chars": ITEM_CHARS}
    return render_in_zone(request, client, "motivation/balance_edit.html", context, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_GET
def rulers(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    context = {"results": ruler_results(client), "waiting": waiting_rulers(client)}
    return render_in_zone(request, client, "motivation/rulers.html", context)


@role_required(Role.CLIENT)
@require_POST
def rulers_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    try:
        administration = do_self_start(request.user, client, RULERS)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("motivation_rulers")
    return redirect("measures_start", administration.public_id)


@role_required(Role.CLIENT)
@require_GET
def values(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    return render_in_zone(request, client, "motivation/values.html", {"history": values_history(client)})


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def values_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    chosen = current_values(client)
    newest: ValuesVersion | None = chosen[0].version if chosen else None
    initial, own_slots = ValuesForm.initial_for(chosen)
    form = ValuesForm(request.POST if request.method == "POST" else None, initial=initial, own_slots=own_slots)
    if form.is_bound and form.is_valid():
        done = save_or_explain(
            request, form, lambda: do_save_values(request.user, client, form.choices()), newest, SAVED_VALUES
        )
        if done:
            messages.success(request, done)
            return saved_then_go(request, reverse("motivation_values"))
    context = {"form": form, "newest": newest, "max_top": MAX_TOP}
    return render_in_zone(request, client, "motivation/values_edit.html", context, status=400 if form.errors else 200)
