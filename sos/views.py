"""SOS: one calm page for the moment an urge hits, and the client's list of reasons to stay sober."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from motivation.queries import current_values
from plan.display import people_to_call
from plan.models import Circle
from plan.queries import newest_and_agreed, prevention_plan_of
from sos.actions import SosOutcome, do_add_reason, do_change_reason, do_log_sos_urge, do_remove_reason
from sos.forms import ReasonForm, SosForm
from sos.models import Reason
from tracking.forms import new_key
from tracking.models import Lapse, Outcome

GROUNDING = (
    (5, "things you can see", "Look around slowly. Name them, out loud or in your head."),
    (4, "things you can feel", "Your feet on the floor, the chair, your clothes, the air."),
    (3, "things you can hear", "Near and far. Let each sound come and go."),
    (2, "things you can smell", "Or two smells you like, if nothing is near."),
    (1, "thing you can taste", "Or take a sip of water and notice it."),
)

SURF_STEPS = (
    "Sit or stand comfortably. Put your phone down somewhere you can see the time.",
    "Breathe in slowly for four counts, and out for six. Keep doing this.",
    "Notice where you feel the urge in your body: chest, stomach, hands, face. Just notice.",
    "Picture the urge as a wave. It rises, it peaks, and it falls. You do not have to act to make it fall.",
    "Rate it again every few minutes. Most urges ease within ten to twenty minutes.",
)


def own_client(request: AuthenticatedHttpRequest) -> Client:
    return get_object_or_404(Client.objects.select_related("user", "practice"), user=request.user)


def sos_context(client: Client) -> dict[str, Any]:
    """Everything on the page, a fixed number of queries however much the client has written."""
    newest, agreed = newest_and_agreed(client)
    version = agreed or newest
    outer = [item.text for item in version.items.filter(circle=Circle.OUTER)] if version else []
    prevention = prevention_plan_of(client)
    return {
        "reasons": list(Reason.objects.filter(client=client)),
        "values": current_values(client),
        "outer": outer,
        "people": people_to_call(prevention.people_to_call) if prevention else [],
        "responses": [entry for entry in prevention.entries.all() if entry.substitute] if prevention else [],
        "grounding": GROUNDING,
        "surf_steps": SURF_STEPS,
    }


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def sos(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request)
    form = SosForm(request.POST or None, initial={"before": 5, "after": 5, "key": new_key()})
    if request.method == "POST" and form.is_valid():
        answers = SosOutcome(form.cleaned_data["before"], form.cleaned_data["after"], form.cleaned_data["outcome"])
        try:
            urge, _ = do_log_sos_urge(request.user, answers, form.cleaned_data["key"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if urge.outcome == Outcome.LAPSE and (lapse := Lapse.objects.filter(urge=urge).first()) is not None:
                messages.success(request, "Thank you for being honest. When you are ready, add what happened.")
                return redirect("tracking_lapse_edit", public_id=lapse.public_id)
            if urge.outcome == Outcome.RODE_IT_OUT:
                messages.success(request, "You rode it out. That took real strength, and it is logged.")
            else:
                messages.success(request, "It is logged. You stopped at the middle circle, and that counts.")
            return redirect("tracking_urges")
    context = sos_context(client) | {"form": form}
    return render(request, "sos/sos.html", context, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def reasons(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_add_reason(request.user, form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error("text", exc.messages)
        else:
            messages.success(request, "Added to your reasons.")
            return redirect("sos_reasons")
    context = {"form": form, "reasons": list(Reason.objects.filter(client=client))}
    return render(request, "sos/reasons.html", context, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def reason_edit(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = own_client(request)
    reason = get_object_or_404(Reason.objects.select_related("client"), client=client, public_id=public_id)
    form = ReasonForm(request.POST or None, initial={"text": reason.text})
    if request.method == "POST" and form.is_valid():
        try:
            do_change_reason(request.user, reason, form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error("text", exc.messages)
        else:
            messages.success(request, "Saved.")
            return redirect("sos_reasons")
    return render(request, "sos/reason_edit.html", {"form": form, "reason": reason}, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_POST
def reason_remove(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = own_client(request)
    reason = get_object_or_404(Reason.objects.select_related("client"), client=client, public_id=public_id)
    do_remove_reason(request.user, reason)
    messages.success(request, "Removed from your reasons.")
    return redirect("sos_reasons")
