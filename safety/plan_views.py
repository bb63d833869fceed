"""The safety plan: the client's own pages (/help/plan/) and their therapist's (/clients/<id>/safety-plan/)."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.access_log import zone_of
from safety.forms import SafetyPlanForm
from safety.models import SAFETY_PLAN_STEPS, SafetyPlan
from safety.plan_actions import do_mark_safety_plan_reviewed, do_save_safety_plan
from safety.views import crisis_lines_for


def plan_context(client: Client, plan: SafetyPlan | None) -> dict[str, Any]:
    """The six steps with their lines; the practice's crisis lines are shown live with the professionals."""
    steps = [(step, plan.lines(step.field) if plan else []) for step in SAFETY_PLAN_STEPS]
    return {
        "client": client,
        "plan": plan if plan and not plan.is_empty else None,
        "steps": steps,
        "lines": crisis_lines_for(client.practice_id),
    }


def render_in_zone(
    request: AuthenticatedHttpRequest, client: Client, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Dates on the plan are the client's dates, whoever reads it."""
    with timezone.override(zone_of(client)):
        return render(request, template, context, status=status)


def plan_of(client: Client) -> SafetyPlan | None:
    return SafetyPlan.objects.filter(client=client).select_related("reviewed_by").first()


def bound_form(request: AuthenticatedHttpRequest, plan: SafetyPlan | None) -> SafetyPlanForm:
    if request.method == "POST":
        return SafetyPlanForm(request.POST)
    return SafetyPlanForm(initial=SafetyPlanForm.initial_for(plan))


def saved(request: AuthenticatedHttpRequest, client: Client, form: SafetyPlanForm) -> bool:
    """Save a valid form through the action; errors land on the form, with nothing typed lost."""
    if not form.is_valid():
        return False
    try:
        do_save_safety_plan(request.user, client, form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    messages.success(request, "Your safety plan is saved." if request.user.is_client else "Safety plan saved.")
    return True


def own_client(request: AuthenticatedHttpRequest) -> Client:
    return get_object_or_404(Client.objects.select_related("user", "practice"), user=request.user)


# The client's own pages.


@role_required(Role.CLIENT)
@require_GET
def safety_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request)
    return render_in_zone(request, client, "safety/plan.html", plan_context(client, plan_of(client)))


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def safety_plan_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request)
    plan = plan_of(client)
    form = bound_form(request, plan)
    if request.method == "POST" and saved(request, client, form):
        return redirect("safety_plan")
    context = plan_context(client, plan) | {"form": form}
    return render_in_zone(request, client, "safety/plan_edit.html", context, status=400 if form.errors else 200)


# The client's therapist.


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def client_safety_plan(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    plan = plan_of(client)
    if request.method == "GET":
        record_read(request.user, client, "safety_plan.view", plan.public_id if plan else "")
    form = bound_form(request, plan)
    if request.method == "POST" and saved(request, client, form):
        return redirect("client_safety_plan", client.public_id)
    context = plan_context(client, plan) | {"form": form}
    return render_in_zone(request, client, "safety/client_plan.html", context, status=400 if form.errors else 200)


@role_required(Role.THERAPIST)
@require_POST
def client_safety_plan_reviewed(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    try:
        do_mark_safety_plan_reviewed(request.user, client)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Marked as reviewed. {client.name} can see the date on their plan.")
    return redirect(reverse("client_safety_plan", args=[client.public_id]))
