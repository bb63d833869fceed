"""Crisis help for everyone, and the therapist's risk alerts: the list, one alert, acknowledging it."""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from audit.log import record_read, record_reads
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from practice.models import DEFAULT_CRISIS_LINES, CrisisLine
from safety.access import alert_for, with_people
from safety.actions import AlreadyAcknowledged, already_acknowledged, do_acknowledge_alert
from safety.forms import AcknowledgeForm
from safety.models import AlertSeverity, RiskAlert, SafetyPlan
from safety.risk import has_recent_acute_alert, reason_label, treating_therapist, who_hears_first

RECENTLY = timedelta(days=14)
# Set by the questionnaire flow after an acute result; read once by the crisis page.
AFTER_CHECK = "waymark_after_check"
RECENT_LIMIT = 20


def crisis(request: HttpRequest) -> HttpResponse:
    """Crisis help for anyone, signed in or not: the practice's lines, or the defaults.

    Straight after a check-in with an acute result (a one-time session flag) it also says who was told.
    """
    user = request.user
    lines = crisis_lines_for(user.practice_id if user.is_authenticated else None)  # type: ignore[union-attr]
    after_check = bool(request.session.pop(AFTER_CHECK, False)) and has_recent_acute_alert(user, timezone.now())  # type: ignore[arg-type]
    is_client = isinstance(user, User) and user.is_client
    has_plan = (
        isinstance(user, User)
        and user.is_client
        and SafetyPlan.objects.filter(client__user=user).with_something_written().exists()
    )
    context = {
        "lines": lines,
        "after_check": after_check,
        "told": told_after_check(user) if after_check else "",  # type: ignore[arg-type]
        "is_client": is_client,
        "has_plan": has_plan,
    }
    return render(request, "safety/crisis.html", context)


def told_after_check(user: User) -> str:
    """Who the client's acute alert reached, so the crisis page never says "your therapist" without one."""
    client = Client.objects.filter(user=user).select_related("practice__clinical_lead").first()
    return who_hears_first(client) if client is not None else ""


def crisis_lines_for(practice_id: int | None) -> list[CrisisLine]:
    """The practice's crisis lines, or the defaults when it has none (or there is no practice)."""
    lines = list(CrisisLine.objects.filter(practice_id=practice_id)) if practice_id else []
    return lines or [CrisisLine(name=n, number=num, description=d) for n, num, d in DEFAULT_CRISIS_LINES]


def result_url(alert: RiskAlert) -> str:
    """The result the alert came from, or the client's record for an alert raised some other way."""
    administration_ref = getattr(alert, "administration_ref", None)
    if administration_ref is not None:
        return reverse(
            "therapist_measures_result",
            kwargs={"client_id": alert.client.public_id, "administration_id": administration_ref},
        )
    return reverse("client_record", args=[alert.client.public_id])


def dress(alerts: list[RiskAlert], treating: set[int]) -> list[RiskAlert]:
    """Words and links for the templates; only the treating therapist gets links into the client's record.

    Those include the client's safety plan: the suicidality pathway asks for a review after an alert.
    """
    for alert in alerts:
        is_treating = alert.client_id in treating
        alert.reason_words = reason_label(alert.reason)  # type: ignore[attr-defined]
        alert.is_treating = is_treating  # type: ignore[attr-defined]
        alert.result_url = result_url(alert) if is_treating else ""  # type: ignore[attr-defined]
        alert.plan_url = (  # type: ignore[attr-defined]
            reverse("client_safety_plan", args=[alert.client.public_id]) if is_treating else ""
        )
    return alerts


def treated_by(user: User, alerts: list[RiskAlert]) -> set[int]:
    """Which of these alerts' clients the user treats (the rest reached them as clinical lead): one query."""
    client_ids = {alert.client_id for alert in alerts}
    if not client_ids:
        return set()
    return set(Client.objects.visible_to(user).filter(pk__in=client_ids).values_list("pk", flat=True))


@role_required(Role.THERAPIST)
def alerts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Unacknowledged alerts first (act-now first, oldest first), then those acknowledged lately."""
    visible = with_people(RiskAlert.objects.visible_to(request.user))
    critical_first = Case(
        When(severity=AlertSeverity.CRITICAL, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    waiting = list(visible.unacknowledged().order_by(critical_first, "created_at", "pk"))
    since = timezone.now() - RECENTLY
    done = list(visible.filter(acknowledged_at__gte=since).order_by("-acknowledged_at", "-pk")[:RECENT_LIMIT])
    treating = treated_by(request.user, waiting + done)
    # Each client whose alert is listed sees this read in their access log.
    record_reads(request.user, [alert.client for alert in waiting + done], "risk_alert.list")
    context = {
        "waiting": dress(waiting, treating),
        "done": dress(done, treating),
        "form": AcknowledgeForm(),
        "now": timezone.now(),
    }
    return render(request, "safety/alerts.html", context)


def show_alert(
    request: AuthenticatedHttpRequest, alert: RiskAlert, form: AcknowledgeForm, status: int = 200
) -> HttpResponse:
    dress([alert], treated_by(request.user, [alert]))
    context = {"alert": alert, "form": form, "now": timezone.now(), "therapist": treating_therapist(alert.client)}
    return render(request, "safety/alert.html", context, status=status)


@role_required(Role.THERAPIST)
def alert(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    alert = alert_for(request.user, public_id)
    record_read(request.user, alert.client, "risk_alert.read", alert.public_id)
    return show_alert(request, alert, AcknowledgeForm())


@role_required(Role.THERAPIST)
@require_POST
def acknowledge(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    alert = alert_for(request.user, public_id)
    form = AcknowledgeForm(request.POST)
    try:
        if alert.acknowledged_at is not None:
            raise AlreadyAcknowledged(already_acknowledged(alert, request.user))
        if not form.is_valid():
            return show_alert(request, alert, form, status=400)
        do_acknowledge_alert(request.user, alert, form.cleaned_data["note"])
    except AlreadyAcknowledged as exc:
        messages.info(request, exc.messages[0])
        return redirect("alert", alert.public_id)
    messages.success(request, f"Alert for {alert.client.name} acknowledged. Thank you.")
    return redirect("alerts")
