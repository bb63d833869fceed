"""The client's intake, one topic per screen, and the therapist's readable summary of it."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from intake import answers, steps, summary
from intake.actions import do_save_intake_step, do_submit_intake
from intake.forms import FORMS
from intake.models import IntakeHistory
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest


def intake_of(request: AuthenticatedHttpRequest) -> IntakeHistory:
    """The client's own intake, or a blank one not yet saved."""
    client = request.user.client
    return IntakeHistory.objects.filter(client=client).first() or IntakeHistory(client=client)


@role_required(Role.CLIENT)
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    intake = intake_of(request)
    return render(request, "intake/overview.html", {"intake": intake, "topics": answers.progress(intake)})


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def step(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    if slug not in steps.STEP_BY_SLUG:
        raise Http404("No such topic")
    intake = intake_of(request)
    form_class = FORMS[slug]
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                intake = do_save_intake_step(request.user, slug, form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                following = steps.after(slug)
                if intake.is_submitted or following is None:
                    return redirect("intake_review")
                return redirect("intake_step", slug=following)
    else:
        form = form_class(initial=form_class.initial_from(intake))
    context = {
        "intake": intake,
        "step": steps.STEP_BY_SLUG[slug],
        "number": steps.number_of(slug),
        "count": len(steps.STEPS),
        "previous": steps.before(slug),
        "form": form,
    }
    return render(request, "intake/step.html", context, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    intake = intake_of(request)
    return render(request, "intake/review.html", {"intake": intake, "topics": answers.topics(intake)})


@role_required(Role.CLIENT)
@require_POST
def submit(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        do_submit_intake(request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Thank you. Your therapist can now read your answers.")
    return redirect("intake_review")


@role_required(Role.THERAPIST)
def therapist_summary(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    intake = IntakeHistory.objects.filter(client=client).first()
    record_read(request.user, client, "intake.read", target_ref=intake.public_id if intake else "")
    context: dict[str, object] = {"client": client, "intake": intake}
    if intake is not None:
        context["topics"] = answers.progress(intake)
        if intake.is_submitted:
            context.update(
                narrative=summary.narrative(intake),
                five_cs=summary.five_cs(intake),
                free_text=summary.free_text(intake),
                high_incongruence=summary.incongruence_is_high(intake),
                reminder=summary.ICD11_REMINDER,
            )
    return render(request, "intake/summary.html", context)
