"""Goals: the client's own pages (/goals/) and their therapist's (/clients/<id>/goals/).

Both work on the same goals with the same templates; ``as_therapist`` in the context picks the
therapist's URLs (goals_tags.goals_url) and layout.
"""

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role, User
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from goals.actions import do_add_goal, do_add_step, do_change_goal, do_review_goal, do_tick_step
from goals.forms import EditGoalForm, NewGoalForm, ReviewForm, StepForm, TickForm
from goals.links import url
from goals.models import DOMAIN_HINTS, Domain, Goal, GoalStatus
from goals.queries import goal_of, goals_of, step_of
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.access_log import zone_of

T = TypeVar("T")


def own_client(user: User) -> Client:
    return get_object_or_404(Client.objects.visible_to(user).select_related("user", "practice"), user=user)


def is_htmx(request: AuthenticatedHttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def page(
    request: AuthenticatedHttpRequest, client: Client, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Dates are the client's dates, whoever reads them."""
    context |= {"client": client, "as_therapist": request.user.is_therapist}
    with timezone.override(zone_of(client)):
        return render(request, template, context, status=status)


def attempt(form: Form, run: Callable[[], T]) -> T | None:
    """Run an action for a valid form and return what it made; its refusals land on the form (None)."""
    if not form.is_valid():
        return None
    try:
        return run()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


def goals_list(request: AuthenticatedHttpRequest, client: Client) -> HttpResponse:
    goals = goals_of(client)
    context = {
        "active": [goal for goal in goals if goal.status == GoalStatus.ACTIVE],
        "closed": [goal for goal in goals if goal.status != GoalStatus.ACTIVE],
        "domains": [(label, DOMAIN_HINTS[value]) for value, label in Domain.choices],
    }
    return page(request, client, "goals/goals.html", context)


def new_goal(request: AuthenticatedHttpRequest, client: Client) -> HttpResponse:
    form = NewGoalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (
        added := attempt(form, lambda: do_add_goal(request.user, client, **form.cleaned_data))
    ):
        messages.success(request, "Your goal is added." if request.user.is_client else "Goal added.")
        return redirect(url(client, request.user.is_therapist, "goal", added.public_id))
    return page(request, client, "goals/new.html", {"form": form}, status=400 if form.errors else 200)


def goal_page(
    request: AuthenticatedHttpRequest, client: Client, goal: Goal, status: int = 200, **forms: Form
) -> HttpResponse:
    reviews = list(goal.reviews.all())
    initial = {"progress": reviews[0].progress} if reviews else {}
    context = {
        "goal": goal,
        "steps": list(goal.steps.all()),
        "reviews": reviews,
        "step_form": forms.get("step_form") or StepForm(),
        "review_form": forms.get("review_form") or ReviewForm(initial=initial),
    }
    return page(request, client, "goals/goal.html", context, status=status)


def edit_goal(request: AuthenticatedHttpRequest, client: Client, goal: Goal) -> HttpResponse:
    form = EditGoalForm(request.POST if request.method == "POST" else None, initial=EditGoalForm.initial_for(goal))

    if (
        request.method == "POST"
        and attempt(form, lambda: do_change_goal(request.user, goal, **form.cleaned_data)) is not None
    ):
        messages.success(request, "Saved.")
        return redirect(url(client, request.user.is_therapist, "goal", goal.public_id))
    return page(request, client, "goals/edit.html", {"goal": goal, "form": form}, status=400 if form.errors else 200)


def add_step(request: AuthenticatedHttpRequest, client: Client, goal: Goal) -> HttpResponse:
    form = StepForm(request.POST)
    if attempt(form, lambda: do_add_step(request.user, goal, form.cleaned_data["text"])):
        messages.success(request, "Step added.")
        return redirect(url(client, request.user.is_therapist, "goal", goal.public_id) + "#steps")
    return goal_page(request, client, goal_of(client, goal.public_id), status=400, step_form=form)


def tick_step(request: AuthenticatedHttpRequest, client: Client, goal: Goal, step_id: uuid.UUID) -> HttpResponse:
    step = step_of(goal, step_id)
    form = TickForm(request.POST)
    if not attempt(form, lambda: do_tick_step(request.user, step, form.cleaned_data["done"])):
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    if is_htmx(request):
        fresh = goal_of(client, goal.public_id)
        return page(request, client, "goals/_steps.html", {"goal": fresh, "steps": list(fresh.steps.all())})
    return redirect(url(client, request.user.is_therapist, "goal", goal.public_id) + "#steps")


def review(request: AuthenticatedHttpRequest, client: Client, goal: Goal) -> HttpResponse:
    form = ReviewForm(request.POST)
    if attempt(form, lambda: do_review_goal(request.user, goal, **form.cleaned_data)):
        messages.success(request, "Review saved. Thank you for taking stock.")
        return redirect(url(client, request.user.is_therapist, "goal", goal.public_id) + "#reviews")
    return goal_page(request, client, goal_of(client, goal.public_id), status=400, review_form=form)


# The client's own pages.


@role_required(Role.CLIENT)
@require_GET
def goals(request: AuthenticatedHttpRequest) -> HttpResponse:
    return goals_list(request, own_client(request.user))


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def goals_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return new_goal(request, own_client(request.user))


@role_required(Role.CLIENT)
@require_GET
def goal(request: AuthenticatedHttpRequest, goal_id: uuid.UUID) -> HttpResponse:
    client = own_client(request.user)
    return goal_page(request, client, goal_of(client, goal_id))


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def goal_edit(request: AuthenticatedHttpRequest, goal_id: uuid.UUID) -> HttpResponse:
    client = own_client(request.user)
    return edit_goal(request, client, goal_of(client, goal_id))


@role_required(Role.CLIENT)
@require_POST
def goal_step_add(request: AuthenticatedHttpRequest, goal_id: uuid.UUID) -> HttpResponse:
    client = own_client(request.user)
    return add_step(request, client, goal_of(client, goal_id))


@role_required(Role.CLIENT)
@require_POST
def goal_step_tick(request: AuthenticatedHttpRequest, goal_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    client = own_client(request.user)
    return tick_step(request, client, goal_of(client, goal_id), step_id)


@role_required(Role.CLIENT)
@require_POST
def goal_review(request: AuthenticatedHttpRequest, goal_id: uuid.UUID) -> HttpResponse:
    client = own_client(request.user)
    return review(request, client, goal_of(client, goal_id))


# The client's therapist.


def therapist_client(request: AuthenticatedHttpRequest, client_id: uuid.UUID, read: bool = False) -> Client:
    client = client_for(request.user, client_id)
    if read:
        record_read(request.user, client, "goals.view")
    return client


@role_required(Role.THERAPIST)
@require_GET
def client_goals(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    return goals_list(request, therapist_client(request, client_id, read=True))


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def client_goals_new(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    return new_goal(request, therapist_client(request, client_id))


@role_required(Role.THERAPIST)
@require_GET
def client_goal(request: AuthenticatedHttpRequest, client_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    client = therapist_client(request, client_id, read=True)
    return goal_page(request, client, goal_of(client, goal_id))


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def client_goal_edit(request: AuthenticatedHttpRequest, client_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    client = therapist_client(request, client_id, read=request.method == "GET")
    return edit_goal(request, client, goal_of(client, goal_id))


@role_required(Role.THERAPIST)
@require_POST
def client_goal_step_add(request: AuthenticatedHttpRequest, client_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    client = therapist_client(request, client_id)
    return add_step(request, client, goal_of(client, goal_id))


@role_required(Role.THERAPIST)
@require_POST
def client_goal_step_tick(
    request: AuthenticatedHttpRequest, client_id: uuid.UUID, goal_id: uuid.UUID, step_id: uuid.UUID
) -> HttpResponse:
    client = therapist_client(request, client_id)
    return tick_step(request, client, goal_of(client, goal_id), step_id)


@role_required(Role.THERAPIST)
@require_POST
def client_goal_review(request: AuthenticatedHttpRequest, client_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    client = therapist_client(request, client_id)
    return review(request, client, goal_of(client, goal_id))
