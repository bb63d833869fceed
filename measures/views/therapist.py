"""The therapist's questionnaire pages for one client: what is asked, results over time, one result."""

import json
import uuid
from collections import defaultdict
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from audit.log import record, record_read
from audit.models import Action
from caseload.access import client_for
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from measures import catalogue, registry
from measures.actions import (
    INTAKE_SET,
    do_assign_intake_set,
    do_correct,
    do_end_schedule,
    do_enter_paper_form,
    do_schedule,
)
from measures.change import completed_on, history
from measures.definitions import Definition, fmt
from measures.fhir_export import questionnaire_response_for, validated
from measures.models import Administration, Schedule
from measures.progress import answers_of, free_text_of, is_blank
from measures.scoring import item_text, shown_items
from measures.staff_forms import AssignForm, CorrectionForm, PaperForm, item_numbers


def client_zone(client: Client) -> ZoneInfo:
    """The client's zone without another query (client_for loads the user and the practice)."""
    return ZoneInfo(client.user.time_zone or client.practice.time_zone or settings.TIME_ZONE)


def _today(client: Client) -> date:
    return timezone.localdate(timezone=client_zone(client))


def _definition(client: Client, instrument_id: str, version: str | None = None) -> Definition:
    try:
        return catalogue.definition_for(client.practice, instrument_id, version)
    except registry.UnknownInstrument as exc:
        raise Http404("No such questionnaire") from exc


def _administration(client: Client, administration_id: uuid.UUID) -> Administration:
    rows = Administration.objects.submitted().filter(client=client)
    return get_object_or_404(rows.select_related("entered_by", "corrects", "corrected_by"), public_id=administration_id)


# The measures page.


@role_required(Role.THERAPIST)
def measures(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    return _measures_page(request, client)


def _measures_page(
    request: AuthenticatedHttpRequest, client: Client, form: AssignForm | None = None, status: int = 200
) -> HttpResponse:
    record_read(request.user, client, "measures.results")
    offered = catalogue.definitions_for(client.practice)
    definitions = dict(offered)
    zone = client_zone(client)
    today = timezone.localdate(timezone=zone)
    results: dict[str, list[Administration]] = defaultdict(list)
    for row in Administration.objects.current().filter(client=client).order_by("submitted_at", "pk"):
        results[row.instrument_id].append(row)
    for instrument_id, rows in results.items():
        if instrument_id not in definitions:  # a licensed instrument no longer offered: its own wording
            definitions[instrument_id] = _definition(client, instrument_id, rows[-1].instrument_version)
    # The intake set first (the ones a therapist looks for), then the rest as the catalogue lists them.
    order = {key: index for index, key in enumerate(dict.fromkeys((*INTAKE_SET, *definitions)))}
    histories = [
        history(definitions[instrument_id], rows, zone, key=f"chart-{instrument_id}")
        for instrument_id, rows in sorted(results.items(), key=lambda pair: order[pair[0]])
    ]
    context = {
        "client": client,
        "asked": _asked(client, definitions, today),
        "form": form or AssignForm(definitions=offered, today=today),
        "intake_names": ", ".join(offered[key].short_name for key in INTAKE_SET if key in offered),
        "paper_forms": sorted(offered.values(), key=lambda d: d.short_name.casefold()),
        "histories": histories,
    }
    return render(request, "measures/therapist/measures.html", context, status=status)


def _asked(client: Client, definitions: dict[str, Definition], today: date) -> list[dict[str, Any]]:
    """Active schedules with what is next, and questionnaires asked once (follow-ups) still waiting."""
    waiting: dict[int | None, list[Administration]] = defaultdict(list)
    for row in Administration.objects.open().filter(client=client).order_by("due_on", "pk"):
        waiting[row.schedule_id].append(row)
    pairs: list[tuple[Schedule | None, Administration | None, str]] = []
    for schedule in Schedule.objects.filter(client=client, ended_at__isnull=True).order_by("created_at", "pk"):
        next_up = waiting.pop(schedule.pk, [None])[0]
        if schedule.every_days or next_up:
            pairs.append((schedule, next_up, schedule.instrument_id))
    pairs += [(None, row, row.instrument_id) for rows in waiting.values() for row in rows]
    return [
        {
            "schedule": schedule,
            "next": next_up,
            "name": definitions[instrument_id].short_name if instrument_id in definitions else instrument_id,
            "how_often": how_often(schedule.every_days if schedule else None),
            "overdue": next_up is not None and next_up.is_overdue(today),
        }
        for schedule, next_up, instrument_id in pairs
    ]


def how_often(every_days: int | None) -> str:
    if not every_days:
        return "Once"
    if every_days % 7 == 0:
        weeks = every_days // 7
        return "Every week" if weeks == 1 else f"Every {weeks} weeks"
    return "Every day" if every_days == 1 else f"Every {every_days} days"


@role_required(Role.THERAPIST)
@require_POST
def assign(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    definitions = catalogue.definitions_for(client.practice)
    form = AssignForm(request.POST, definitions=definitions, today=_today(client))
    if form.is_valid():
        try:
            do_schedule(
                request.user,
                client,
                form.cleaned_data["instrument"],
                every_days=form.every_days,
                starts_on=form.cleaned_data["starts_on"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            name = definitions[form.cleaned_data["instrument"]].short_name
            messages.success(request, f"{name} assigned to {client.name}.")
            return redirect("therapist_measures", client_id=client.public_id)
    return _measures_page(request, client, form, status=400)


@role_required(Role.THERAPIST)
@require_POST
def assign_intake(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    try:
        asked = do_assign_intake_set(request.user, client)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if asked:
            names = ", ".join(_definition(client, row.instrument_id).short_name for row in asked)
            messages.success(request, f"Intake questionnaires due today: {names}.")
        else:
            messages.info(request, "The intake questionnaires are already waiting for the client.")
    return redirect("therapist_measures", client_id=client.public_id)


@role_required(Role.THERAPIST)
@require_POST
def end_schedule(request: AuthenticatedHttpRequest, client_id: uuid.UUID, schedule_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    schedule = get_object_or_404(Schedule, client=client, public_id=schedule_id)
    try:
        do_end_schedule(request.user, schedule)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Schedule ended. Anything not started yet is withdrawn.")
    return redirect("therapist_measures", client_id=client.public_id)


# Paper forms.


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def paper(request: AuthenticatedHttpRequest, client_id: uuid.UUID, instrument_id: str) -> HttpResponse:
    client = client_for(request.user, client_id)
    definition = _definition(client, instrument_id)
    form = PaperForm(request.POST or None, definition=definition, today=_today(client))
    if request.method == "POST" and form.is_valid():
        try:
            entered = do_enter_paper_form(
                request.user, client, instrument_id, form.answers(), form.cleaned_data["completed_on"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{definition.short_name} paper form entered and scored.")
            return redirect(
                "therapist_measures_result", client_id=client.public_id, administration_id=entered.public_id
            )
    context = {"client": client, "definition": definition, "form": form}
    return render(request, "measures/therapist/paper.html", context, status=400 if form.errors else 200)


# One result.


@role_required(Role.THERAPIST)
def result(request: AuthenticatedHttpRequest, client_id: uuid.UUID, administration_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    administration = _administration(client, administration_id)
    return _result_page(request, client, administration)


def _result_page(
    request: AuthenticatedHttpRequest,
    client: Client,
    administration: Administration,
    form: CorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    record_read(request.user, client, "measures.result", administration.public_id)
    definition = _definition(client, administration.instrument_id, administration.instrument_version)
    answers = answers_of(administration)
    if any(not is_blank(text) for text in free_text_of(administration).values()):
        record_read(request.user, client, "measures.result.free_text", administration.public_id)
    corrected = hasattr(administration, "corrected_by")
    scales = _scales(definition, administration.result_data)
    if form is None and not corrected:
        initial = {key: str(value) for key, value in answers.items() if not is_blank(value)}
        form = CorrectionForm(initial=initial, definition=definition)
    context = {
        "client": client,
        "administration": administration,
        "definition": definition,
        "on": completed_on(administration, client_zone(client)),
        "rows": answer_rows(definition, administration),
        "result": administration.result_data,
        "scales": scales,
        "show_band": any(scale.get("band") for scale in scales),
        "show_cutoff": any(scale.get("clinical") is not None for scale in scales),
        "corrected_by": administration.corrected_by if corrected else None,
        "form": None if corrected else form,
    }
    return render(request, "measures/therapist/result.html", context, status=status)


def _scales(definition: Definition, result: dict[str, Any]) -> list[dict[str, Any]]:
    scores = {"total": result["total"]} if result.get("total") else {}
    scores.update(result.get("subscales") or {})
    return [
        {"title": definition.scale_map[key].title if key in definition.scale_map else key, **value}
        for key, value in scores.items()
        if value
    ]


def answer_rows(definition: Definition, administration: Administration) -> list[dict[str, Any]]:
    """Every item that was asked or answered: its wording, the answer's words, and whether it is critical."""
    answers = answers_of(administration)
    result = administration.result_data
    shown = set(shown_items(definition, answers))
    imputed = set(result.get("imputed") or [])
    critical = {flag["item"]: flag for flag in result.get("critical") or []}
    numbers = item_numbers(definition)
    rows = []
    for item in definition.items:
        number = numbers[item.id]
        value = answers.get(item.id)
        if item.id not in shown and is_blank(value):
            continue
        if item.type == "free_text":
            answer = "" if is_blank(value) else str(value)
        else:
            option_set = definition.options_for(item)
            option = option_set.match(value) if option_set and not is_blank(value) else None
            answer = "" if option is None else option.label
            if option is not None and option.label != fmt(option.value) and not isinstance(option.value, str):
                answer += f" ({fmt(option.value)})"
        if item.id in imputed and item.if_unanswered is not None:
            option_set = definition.options_for(item)
            counted = option_set.match(item.if_unanswered) if option_set else None
            answer = f"Not answered: counted as “{counted.label if counted else fmt(item.if_unanswered)}”"
        rows.append(
            {
                "number": number,
                "id": item.id,
                "text": item_text(definition, item.id, answers)
                if not item.text_pending_verification
                else f"Item {number} (wording not in Waymark yet)",
                "answer": answer,
                "free_text": item.type == "free_text",
                "critical": critical.get(item.id),
            }
        )
    return rows


@role_required(Role.THERAPIST)
@require_POST
def correct(request: AuthenticatedHttpRequest, client_id: uuid.UUID, administration_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    administration = _administration(client, administration_id)
    definition = _definition(client, administration.instrument_id, administration.instrument_version)
    form = CorrectionForm(request.POST, definition=definition)
    if form.is_valid():
        try:
            correction = do_correct(request.user, administration, form.answers(), form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Corrected. The earlier entry is kept, linked to this one.")
            return redirect(
                "therapist_measures_result", client_id=client.public_id, administration_id=correction.public_id
            )
    return _result_page(request, client, administration, form, status=400)


@role_required(Role.THERAPIST)
def result_fhir(request: AuthenticatedHttpRequest, client_id: uuid.UUID, administration_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    administration = _administration(client, administration_id)
    definition = _definition(client, administration.instrument_id, administration.instrument_version)
    data = validated(questionnaire_response_for(administration, definition))
    record(
        Action.EXPORT, "measures.result.fhir", actor=request.user, client=client, target_ref=administration.public_id
    )
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/fhir+json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="questionnaire-response-{administration.public_id}.json"'
    return response
