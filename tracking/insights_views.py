"""The insights page: the client's at /today/insights/, their therapist's reading of it (audited)."""

import uuid
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from tracking import insights_charts as charts
from tracking.actions import own_client
from tracking.insights import DEFAULT_PERIOD, PERIODS, BadPeriod, Insights, insights_for, period_from

SHORT_OUTCOMES = {"rode_it_out": "Rode it out", "middle_circle": "Middle circle", "lapse": "Lapse"}
BAD_PERIOD = "That period is not one we offer, so here are the last 3 months."


def _describe_heat(data: Insights) -> str:
    busiest = data.busiest
    if busiest is None:
        return "No urges logged in this period."
    day, hour, count = busiest
    return (
        f"{data.urge_total} urge{'s' if data.urge_total != 1 else ''} by weekday and hour. "
        f"The most were on {day}s from {hour:02d}:00 to {hour:02d}:59 ({count})."
    )


def _charts(data: Insights) -> dict[str, str]:
    share = data.ridden_out_share
    outcome_items = [(SHORT_OUTCOMES.get(value, label), count) for value, label, count in data.outcomes]
    top = data.triggers[0] if data.triggers else None
    longest = max((run.days for run in data.runs), default=0)
    svgs = {
        "heat": charts.heat_map("heat", "Urges by weekday and hour", _describe_heat(data), data.heat),
        "triggers": charts.bars(
            "triggers",
            "Most common triggers",
            f"Most often: {top[0]} ({top[1]})." if top else "No triggers noted in this period.",
            data.triggers,
            "No triggers noted in this period.",
        ),
        "outcomes": charts.bars(
            "outcomes",
            "How urges ended",
            "No urges logged in this period." if share is None else f"{round(share * 100)}% of urges were ridden out.",
            outcome_items,
            "No urges logged in this period.",
        ),
        "intensity": charts.weekly_line(
            "intensity",
            "Urge intensity, weekly average",
            f"{len(data.intensity_weeks)} weeks with urges, on a scale of 0 to 10.",
            data.intensity_weeks,
            0,
            10,
            "No urges logged in this period.",
        ),
        "mood": charts.weekly_line(
            "mood",
            "Check-in mood, weekly average",
            f"{len(data.mood_weeks)} weeks with check-ins; mood from 1 (very low) to 5 (very good).",
            data.mood_weeks,
            1,
            5,
            "No check-ins in this period.",
        ),
        "streaks": charts.streak_history(
            "streaks",
            "Sober runs between lapses",
            f"{len(data.runs)} run{'s' if len(data.runs) != 1 else ''} of sober days; the longest {longest} days.",
            data.runs,
        ),
    }
    return {name: mark_safe(svg) for name, svg in svgs.items()}  # every text escaped by insights_charts


def _page(request: AuthenticatedHttpRequest, client: Client, template: str, extra: dict[str, Any]) -> HttpResponse:
    notice = ""
    try:
        period = period_from(request.GET.get("period"))
    except BadPeriod:
        period, notice = period_from(DEFAULT_PERIOD), BAD_PERIOD
    data = insights_for(client, period)
    share = data.ridden_out_share
    context = {
        "data": data,
        "charts": _charts(data),
        "periods": PERIODS,
        "notice": notice,
        "ridden_out_percent": None if share is None else round(share * 100),
        "client": client,
    } | extra
    return render(request, template, context, status=400 if notice else 200)


@role_required(Role.CLIENT)
@require_GET
def client_insights(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _page(request, own_client(request.user), "tracking/insights.html", {"mine": True})


@role_required(Role.THERAPIST)
@require_GET
def therapist_insights(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    record_read(request.user, client, "tracking.insights")
    return _page(request, client, "tracking/therapist/insights.html", {"mine": False})
