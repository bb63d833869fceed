"""The recovery plan: the client's own pages (/plan/) and their therapist's (/clients/<id>/plan/)."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role, User
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from plan.actions import (
    StaleEdit,
    do_review_prevention_plan,
    do_revise_plan,
    do_save_prevention_plan,
    do_sign,
    do_start_plan,
)
from plan.display import (
    agreement_line,
    circle_cards,
    day_label,
    is_theirs_to_sign,
    people_to_call,
    prevention_sections,
    review_line,
)
from plan.forms import PlanForm, prevention_entries, prevention_forms
from plan.history import history
from plan.models import PlanVersion, PreventionPlan
from plan.queries import history_of, newest_and_agreed, newest_version, prevention_plan_of
from privacy.access_log import zone_of


def own_client(user: User) -> Client:
    return get_object_or_404(Client.objects.visible_to(user).select_related("user", "practice"), user=user)


def plan_context(
    viewer: User, client: Client, newest: PlanVersion | None, agreed: PlanVersion | None
) -> dict[str, Any]:
    """What the plan card needs, for whoever is looking (the client or their therapist)."""
    zone = zone_of(client)
    today = timezone.localdate(timezone=zone)
    context: dict[str, Any] = {"client": client, "version": newest, "agreed": agreed, "today": today}
    if newest is not None:
        by_client = viewer.pk == client.user_id
        cards = circle_cards(newest, for_client=by_client)
        context |= {
            "cards": cards,
            "progress": newest.progress_on(today),
            "agreement": agreement_line(newest, viewer, client, zone, today),
            "version_on": day_label(newest.created_at, zone, today),
            "can_sign": is_theirs_to_sign(newest, viewer, client),
            "inner_is_empty": not cards[0].items,
        }
    if agreed is not None and agreed.agreed_at is not None:
        context["agreed_on"] = day_label(agreed.agreed_at, zone, today)
    return context


def render_in_zone(
    request: AuthenticatedHttpRequest, client: Client, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Dates on the plan are the client's dates, whoever reads it."""
    with timezone.override(zone_of(client)):
        return render(request, template, context, status=status)


def save_plan(actor: User, client: Client, newest: PlanVersion | None, form: PlanForm) -> PlanVersion:
    if newest is None:
        return do_start_plan(actor, client, **form.plan_fields())
    return do_revise_plan(actor, client, based_on=form.cleaned_data["based_on"], **form.plan_fields())


def edit_plan(request: AuthenticatedHttpRequest, client: Client, done: str, context: dict[str, Any]) -> HttpResponse:
    """The one form for starting or revising the plan, for the client and the therapist alike."""
    newest = newest_version(client)
    initial = PlanForm.initial_for(newest, timezone.localdate(timezone=zone_of(client)))
    form = PlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            version = save_plan(request.user, client, newest, form)
        except StaleEdit as exc:
            form.add_error(None, exc)
            data = request.POST.copy()
            data["based_on"] = str(initial.get("based_on", ""))  # so a second save is made knowingly
            form.data = data
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Saved as version {version.number}. It counts once you have both signed it.")
            return redirect(done)
    context |= {"form": form, "version": newest, "client": client}
    return render_in_zone(request, client, "plan/edit.html", context, status=400 if form.errors else 200)


def sign(request: AuthenticatedHttpRequest, client: Client, version_id: uuid.UUID, done: str) -> HttpResponse:
    version = get_object_or_404(
        PlanVersion.objects.filter(plan__client=client).select_related("plan__client__user"), public_id=version_id
    )
    try:
        version = do_sign(request.user, version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Signed. The plan is agreed." if version.is_agreed else "Signed. Thank you.")
    return redirect(done)


def prevention_summary(viewer: User, client: Client, plan: PreventionPlan | None = None) -> dict[str, Any]:
    """The relapse-prevention plan's dates, in the client's calendar (one query when not given the plan)."""
    if plan is None:
        plan = PreventionPlan.objects.filter(client=client).select_related("reviewed_by").first()
    if plan is None:
        return {"prevention": None}
    zone = zone_of(client)
    today = timezone.localdate(timezone=zone)
    return {
        "prevention": plan,
        "review_line": review_line(plan, viewer, client, zone, today),
        "prevention_updated_on": day_label(plan.updated_at, zone, today),
    }


def prevention_context(viewer: User, client: Client) -> dict[str, Any]:
    plan = prevention_plan_of(client)
    context = prevention_summary(viewer, client, plan) if plan else {"prevention": None}
    return context | {
        "client": client,
        "sections": prevention_sections(plan),
        "people": people_to_call(plan.people_to_call) if plan else [],
    }


def edit_prevention(
    request: AuthenticatedHttpRequest, client: Client, done: str, context: dict[str, Any]
) -> HttpResponse:
    """The one form for the relapse-prevention plan: a formset per section and the people to call."""
    plan = prevention_plan_of(client)
    formsets, people = prevention_forms(request.POST if request.method == "POST" else None, plan)
    errors: list[str] = []
    if request.method == "POST":
        if all([*(formset.is_valid() for formset in formsets.values()), people.is_valid()]):
            try:
                do_save_prevention_plan(
                    request.user, client, prevention_entries(formsets), people.cleaned_data["people_to_call"]
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request, "Your relapse-prevention plan is saved." if request.user.is_client else "Saved."
                )
                return redirect(done)
        else:
            errors = ["Some entries need another look: see the notes beside them."]
    sections = [(section, formsets[section.kind]) for section in prevention_sections(None)]
    context |= {"sections": sections, "people_form": people, "errors": errors, "client": client, "prevention": plan}
    return render_in_zone(request, client, "plan/prevention_edit.html", context, status=400 if errors else 200)


# The client's own pages.


@role_required(Role.CLIENT)
@require_GET
def plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    newest, agreed = newest_and_agreed(client)
    context = plan_context(request.user, client, newest, agreed)
    if newest is not None:
        context["sign_url"] = reverse("plan_sign", args=[newest.public_id])
    return render_in_zone(request, client, "plan/plan.html", context)


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    return edit_plan(request, own_client(request.user), reverse("plan"), {"back": reverse("plan")})


@role_required(Role.CLIENT)
@require_GET
def plan_history(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    return render_in_zone(
        request, client, "plan/history.html", {"changes": history(history_of(client)), "client": client}
    )


@role_required(Role.CLIENT)
@require_POST
def plan_sign(request: AuthenticatedHttpRequest, version_id: uuid.UUID) -> HttpResponse:
    return sign(request, own_client(request.user), version_id, reverse("plan"))


# The client's therapist.


@role_required(Role.THERAPIST)
@require_GET
def client_plan(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    record_read(request.user, client, "plan.view")
    versions = history_of(client)
    newest = versions[0] if versions else None
    agreed = next((version for version in versions if version.is_agreed), None)
    context = plan_context(request.user, client, newest, agreed)
    context["changes"] = history(versions)
    context |= prevention_summary(request.user, client)
    if newest is not None:
        context["sign_url"] = reverse("client_plan_sign", args=[client.public_id, newest.public_id])
    return render_in_zone(request, client, "plan/client_plan.html", context)


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def client_plan_edit(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    if request.method == "GET":
        record_read(request.user, client, "plan.view")
    back = reverse("client_plan", args=[client.public_id])
    return edit_plan(request, client, back, {"back": back})


@role_required(Role.THERAPIST)
@require_POST
def client_plan_sign(request: AuthenticatedHttpRequest, client_id: uuid.UUID, version_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    return sign(request, client, version_id, reverse("client_plan", args=[client.public_id]))


# The relapse-prevention plan.


@role_required(Role.CLIENT)
@require_GET
def prevention(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    return render_in_zone(request, client, "plan/prevention.html", prevention_context(request.user, client))


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def prevention_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    back = reverse("plan_prevention")
    return edit_prevention(request, own_client(request.user), back, {"back": back})


@role_required(Role.THERAPIST)
@require_GET
def client_prevention(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    record_read(request.user, client, "plan.prevention.view")
    context = prevention_context(request.user, client)
    return render_in_zone(request, client, "plan/client_prevention.html", context)


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def client_prevention_edit(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    if request.method == "GET":
        record_read(request.user, client, "plan.prevention.view")
    back = reverse("client_plan_prevention", args=[client.public_id])
    return edit_prevention(request, client, back, {"back": back})


@role_required(Role.THERAPIST)
@require_POST
def client_prevention_review(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    try:
        do_review_prevention_plan(request.user, client)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Marked as reviewed today.")
    return redirect("client_plan_prevention", client.public_id)
