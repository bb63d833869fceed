"""The client's own pages under /today/: the streak, the daily check-in, urges and lapses."""

import uuid
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.access_log import zone_of
from tracking.actions import do_check_in, do_log_urge, do_record_lapse, do_update_lapse, own_client
from tracking.forms import CheckInForm, LapseForm, UrgeForm, new_key
from tracking.models import CheckIn, Lapse, Outcome, Trigger, Urge
from tracking.queries import (
    CHECK_IN_DAYS_BACK,
    check_in_stats,
    client_today,
    lapse_times,
    recent_days,
    streak_for,
)
from tracking.streaks import local_day

PAGE_SIZE = 20
SAVED = "Thank you. Your check-in is saved."
UPDATED = "Your check-in is updated."


def _day_asked(value: str | None, today: date) -> date:
    """The day a check-in is for: one of the last week's, else today."""
    try:
        day = parse_date(value or "")
    except ValueError:  # shaped like a date but no such day, e.g. 30 February
        day = None
    if day is None or not today - timedelta(days=CHECK_IN_DAYS_BACK) <= day <= today:
        return today
    return day


def today_context(client: Client, form: CheckInForm, day: date, check_in: CheckIn | None) -> dict[str, Any]:
    """The streak card, the check-in form and the last 14 days: four queries, however long the history."""
    lapses = lapse_times(client)
    streak = streak_for(client, lapses=lapses)
    zone = zone_of(client)
    return {
        "streak": streak,
        "stats": check_in_stats(client, streak.today),
        "days": recent_days(client, streak.today),
        "form": form,
        "day": day,
        "is_today": day == streak.today,
        "check_in": check_in,
        "recent_lapse": streak.last_lapse_on is not None and (streak.today - streak.last_lapse_on).days <= 14,
        # A day marked "not sober" with no lapse recorded: offer, gently, to record it.
        "offer_lapse": check_in is not None
        and not check_in.sober
        and all(local_day(moment, zone) != check_in.day for moment in lapses),
    }


def is_htmx(request: AuthenticatedHttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def today(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    today_ = client_today(client)
    day = _day_asked(request.POST.get("day") if request.method == "POST" else request.GET.get("day"), today_)
    check_in = CheckIn.objects.filter(client=client, day=day).first()
    form = CheckInForm(request.POST or None, initial=CheckInForm.initial_from(check_in, day))
    saved = ""
    if request.method == "POST" and form.is_valid():
        try:
            check_in, created = do_check_in(
                request.user, form.cleaned_data["day"], form.answers(), form.cleaned_data["key"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            saved = SAVED if created else UPDATED
            if not is_htmx(request):
                messages.success(request, saved)
                return redirect("tracking_today")
            day = check_in.day
            form = CheckInForm(initial=CheckInForm.initial_from(check_in, day))
    context = today_context(client, form, day, check_in) | {"saved_message": saved}
    if is_htmx(request):  # htmx swaps only 2xx answers, so mistakes come back as 200 too
        return render(request, "tracking/_today_panel.html", context)
    return render(request, "tracking/today.html", context, status=400 if form.errors else 200)


def _client_zone(request: AuthenticatedHttpRequest) -> tuple[Client, ZoneInfo]:
    client = own_client(request.user)
    return client, zone_of(client)


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def urge_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    client, zone = _client_zone(request)
    triggers = list(Trigger.objects.filter(client=client))
    with timezone.override(zone):
        initial = {"occurred_at": timezone.localtime().replace(second=0, microsecond=0), "key": new_key()}
        form = UrgeForm(request.POST or None, initial=initial, triggers=triggers)
        if request.method == "POST" and form.is_valid():
            try:
                urge, _ = do_log_urge(request.user, form.entry(), form.cleaned_data["key"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                lapse = Lapse.objects.filter(urge=urge).first() if urge.outcome == Outcome.LAPSE else None
                if lapse is not None:
                    messages.success(request, "Thank you for being honest. When you are ready, add what happened.")
                    return redirect("tracking_lapse_edit", public_id=lapse.public_id)
                messages.success(request, "Your urge is logged. Noticing it is a skill, and you used it.")
                return redirect("tracking_urges")
        return render(request, "tracking/urge_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_GET
def urges(request: AuthenticatedHttpRequest) -> HttpResponse:
    client, zone = _client_zone(request)
    rows = Urge.objects.filter(client=client).select_related("trigger")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    with timezone.override(zone):
        return render(request, "tracking/urges.html", {"page": page})


@role_required(Role.CLIENT)
@require_GET
def urge_detail(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client, zone = _client_zone(request)
    urge = get_object_or_404(Urge.objects.select_related("trigger", "lapse"), client=client, public_id=public_id)
    with timezone.override(zone):
        return render(request, "tracking/urge.html", {"urge": urge})


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def lapse_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _, zone = _client_zone(request)
    with timezone.override(zone):
        initial = {"occurred_at": timezone.localtime().replace(second=0, microsecond=0), "key": new_key()}
        form = LapseForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                lapse, _ = do_record_lapse(request.user, form.entry(), form.cleaned_data["key"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Thank you for writing this down. It is how the next time goes differently.")
                return redirect("tracking_lapse", public_id=lapse.public_id)
        return render(request, "tracking/lapse_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def lapse_edit(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client, zone = _client_zone(request)
    lapse = get_object_or_404(Lapse, client=client, public_id=public_id)
    with timezone.override(zone):
        form = LapseForm(request.POST or None, initial=LapseForm.initial_from(lapse))
        if request.method == "POST" and form.is_valid():
            try:
                do_update_lapse(request.user, lapse, form.entry())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Saved.")
                return redirect("tracking_lapse", public_id=lapse.public_id)
        context = {"form": form, "lapse": lapse}
        return render(request, "tracking/lapse_form.html", context, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_GET
def lapses(request: AuthenticatedHttpRequest) -> HttpResponse:
    client, zone = _client_zone(request)
    page = Paginator(Lapse.objects.filter(client=client), PAGE_SIZE).get_page(request.GET.get("page"))
    with timezone.override(zone):
        return render(request, "tracking/lapses.html", {"page": page})


@role_required(Role.CLIENT)
@require_GET
def lapse_detail(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client, zone = _client_zone(request)
    lapse = get_object_or_404(Lapse, client=client, public_id=public_id)
    with timezone.override(zone):
        return render(request, "tracking/lapse.html", {"lapse": lapse})
