"""The client's questionnaires: what is due, one question per screen, a review before sending, the result.

Every step is a card: a plain request gets the whole page, an htmx request only the card. A
question's address carries an opaque token, never the item's id: which questions were shown
(the ASQ's "How?" only after "yes, I have tried") must not be readable from browser history or logs.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role, User
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from measures.access import administration_for
from measures.actions import do_save_answer, do_submit
from measures.definitions import Definition
from measures.due import client_definition, client_definitions, client_today, due_for, recent_for
from measures.forms import AnswerForm, SubmitForm, option_key
from measures.models import Administration, Status
from measures.progress import answers_of, first_unanswered, is_blank, neighbours, settle
from measures.scoring import item_text
from safety.views import AFTER_CHECK

PAGE = "measures/client/questionnaire.html"


def own_client(user: User) -> Client:
    return get_object_or_404(Client.objects.visible_to(user).select_related("user__practice", "practice"), user=user)


def is_htmx(request: AuthenticatedHttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def step(request: AuthenticatedHttpRequest, card: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The whole page, or only its card when htmx swaps it in place."""
    if is_htmx(request):
        return render(request, card, context, status=200 if status < 500 else status)
    return render(request, PAGE, {**context, "card": card}, status=status)


def closed(request: AuthenticatedHttpRequest, administration: Administration) -> HttpResponse:
    """Sent or withdrawn questionnaires are read-only: say so kindly, not with an error page."""
    status = 409 if request.method == "POST" else 200
    return step(request, "measures/client/_closed.html", {"administration": administration}, status)


QUESTION_SALT = "waymark.measures.question"


def question_token(administration: Administration, item_id: str) -> str:
    """A short, stable token for one question of one administration, which says nothing about the question."""
    return salted_hmac(QUESTION_SALT, f"{administration.public_id}:{item_id}", algorithm="sha256").hexdigest()[:16]


def item_for_token(administration: Administration, definition: Definition, token: str) -> str | None:
    return next(
        (item.id for item in definition.items if constant_time_compare(token, question_token(administration, item.id))),
        None,
    )


def item_url(administration: Administration, item_id: str) -> str:
    return reverse("measures_item", args=[administration.public_id, question_token(administration, item_id)])


def outcome_url(request: AuthenticatedHttpRequest, administration: Administration) -> str:
    """Where the client goes after sending: crisis help at once for an acute result, else the result.

    The crisis page learns it comes straight after a check through the session, never the URL,
    so nothing in the browser's history or a log says what the answers were.
    """
    if administration.result_data.get("alert_severity") == "critical":
        request.session[AFTER_CHECK] = True
        return reverse("crisis")
    return reverse("measures_result", args=[administration.public_id])


@dataclass(frozen=True)
class Open:
    """An administration the client can still answer, with its definition and their answers so far."""

    administration: Administration
    definition: Definition
    answers: dict[str, object]
    shown: list[str]


def open_for(administration: Administration) -> Open | None:
    if not administration.is_open:
        return None
    definition = client_definition(administration.client, administration.instrument_id)
    if definition is None:
        return None
    answers, shown = settle(definition, answers_of(administration))
    return Open(administration, definition, answers, shown)


@role_required(Role.CLIENT)
@require_GET
def due(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    definitions = client_definitions(client)
    context = {
        "due": due_for(client, client_today(client), definitions),
        "recent": recent_for(client, definitions=definitions),
        "zone": client.user.local_zone_name(),
    }
    return render(request, "measures/client/due.html", context)


@role_required(Role.CLIENT)
@require_GET
def start(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Straight to the first question not answered yet (so stopping and coming back just works)."""
    administration = administration_for(request.user, public_id)
    current = open_for(administration)
    if current is None:
        return closed(request, administration)
    item_id = first_unanswered(current.definition, current.answers)
    return redirect(item_url(administration, item_id) if item_id else reverse("measures_review", args=[public_id]))


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def item(request: AuthenticatedHttpRequest, public_id: uuid.UUID, token: str) -> HttpResponse:
    administration = administration_for(request.user, public_id)
    current = open_for(administration)
    if current is None:
        return closed(request, administration)
    item_id = item_for_token(administration, current.definition, token)
    if item_id is None:
        raise Http404("No such question")
    if item_id not in current.shown:
        return redirect("measures_start", public_id)
    saved = current.answers.get(item_id)
    initial = {"value": "" if saved is None else (saved if isinstance(saved, str) else option_key(saved))}
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        definition=current.definition,
        item=current.definition.item_map[item_id],
    )
    if request.method == "POST" and form.is_valid():
        try:
            administration = do_save_answer(request.user, administration, item_id, form.cleaned_data["value"])
        except ValidationError as exc:
            form.add_error("value", exc)
        else:
            answers, _ = settle(current.definition, answers_of(administration))
            _, after = neighbours(current.definition, answers, item_id)
            return redirect(item_url(administration, after) if after else reverse("measures_review", args=[public_id]))
    before, _ = neighbours(current.definition, current.answers, item_id)
    context = {
        "administration": administration,
        "definition": current.definition,
        "item": current.definition.item_map[item_id],
        "text": item_text(current.definition, item_id, current.answers),
        "form": form,
        "position": current.shown.index(item_id) + 1,
        "total": len(current.shown),
        "here": item_url(administration, item_id),
        "previous_url": item_url(administration, before) if before else "",
    }
    return step(request, "measures/client/_question.html", context, status=400 if form.errors else 200)


def review_rows(current: Open) -> list[dict[str, str]]:
    rows = []
    for item_id in current.shown:
        item_def = current.definition.item_map[item_id]
        value = current.answers.get(item_id)
        option_set = current.definition.options_for(item_def)
        option = option_set.match(value) if option_set is not None and not is_blank(value) else None
        answer = option.label if option else ("" if is_blank(value) else str(value))
        rows.append(
            {
                "text": item_text(current.definition, item_id, current.answers),
                "answer": answer,
                "url": item_url(current.administration, item_id),
            }
        )
    return rows


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Every answer on one card, and the button that sends them (once, however often it is tapped)."""
    administration = administration_for(request.user, public_id)
    form = SubmitForm(request.POST if request.method == "POST" else None, initial={"submission_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid() and administration.status != Status.WITHDRAWN:
        try:
            administration = do_submit(request.user, administration, form.cleaned_data["submission_key"])
        except ValidationError as exc:
            codes = {error.code for error in exc.error_list}
            if "closed" in codes:
                return closed(request, administration)
            unscorable = "unscorable" in codes
            messages.error(request, "Some questions still need an answer." if unscorable else exc.messages[0])
            return redirect("measures_start", public_id)
        return redirect(outcome_url(request, administration))
    current = open_for(administration)
    if current is None:
        return closed(request, administration)
    missing = first_unanswered(current.definition, current.answers)
    if missing is not None:
        return redirect(item_url(administration, missing))
    context = {
        "administration": administration,
        "definition": current.definition,
        "rows": review_rows(current),
        "form": form,
        "total": len(current.shown),
        "here": reverse("measures_review", args=[public_id]),
        "previous_url": item_url(administration, current.shown[-1]),
    }
    return step(request, "measures/client/_review.html", context, status=400 if form.errors else 200)


def explanation(definition: Definition, administration: Administration) -> dict[str, Any]:
    """What the result page may say: bands in plain words, a screen's outcome without a score, or the numbers."""
    result = administration.result_data
    scores = [("total", result.get("total")), *(result.get("subscales") or {}).items()]
    bands = [
        {"title": definition.scale_map[key].title, "band": score["band"]}
        for key, score in scores
        if score and score.get("band") and key in definition.scale_map
    ]
    numbers, notes = [], []
    if not definition.is_validated_scale:
        numbers = [
            {"title": definition.scale_map[key].title, "score": score["score"]}
            for key, score in scores
            if score and key in definition.scale_map
        ]
        answers = answers_of(administration)
        notes = [
            {"text": item_text(definition, item.id, answers), "answer": answers[item.id]}
            for item in definition.items
            if item.type == "free_text" and not is_blank(answers.get(item.id))
        ]
    return {
        "is_screen": definition.screen is not None,
        "bands": [] if definition.screen is not None else bands,
        "numbers": numbers,
        "notes": notes,
        "alert": result.get("alert_severity"),
    }


@role_required(Role.CLIENT)
@require_GET
def result(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    administration = administration_for(request.user, public_id)
    if administration.is_open:
        return redirect("measures_start", public_id)
    if administration.status != Status.SUBMITTED:
        return closed(request, administration)
    correction = Administration.objects.filter(corrects=administration).only("public_id").first()
    if correction is not None:
        return redirect("measures_result", correction.public_id)
    client = administration.client
    definition = client_definition(client, administration.instrument_id, administration.instrument_version)
    if definition is None:
        return closed(request, administration)
    context = {
        "administration": administration,
        "definition": definition,
        "next": next(iter(due_for(client, client_today(client))), None),  # a screen asked for at once comes first
        **explanation(definition, administration),
    }
    return render(request, "measures/client/result.html", context)
