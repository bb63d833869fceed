"""The practice's instruments: bundled and licensed, uploading a licensed one, and FHIR Questionnaires."""

import json
import re
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from audit.log import record
from audit.models import Action
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from measures import catalogue, registry
from measures.definitions import Definition, DefinitionError
from measures.fhir_export import questionnaire_for, validated
from measures.licensing import do_add_licensed_instrument, do_retire_licensed_instrument
from measures.models import LicensedInstrument
from measures.staff_forms import UploadForm
from practice.models import Practice


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def instruments(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = do_add_licensed_instrument(
                request.user,
                form.cleaned_data["definition"],
                form.cleaned_data["companion"],
                name=form.file_name("definition"),
            )
        except DefinitionError as exc:
            form.add_error(None, exc.problems)
        else:
            messages.success(request, f"{added.title} (version {added.version}) added. {_what_next(added)}")
            return redirect("practice_instruments")
    practice = Practice.objects.get(pk=request.user.practice_pk)
    bundled = sorted(registry.catalogue().definitions.values(), key=lambda d: d.short_name.casefold())
    licensed = LicensedInstrument.objects.filter(practice=practice).select_related("uploaded_by")
    rows = [(row, _loaded(row)) for row in licensed.order_by("-active", "instrument_id", "-uploaded_at")]
    context = {"bundled": bundled, "licensed": rows, "form": form}
    return render(request, "measures/admin/instruments.html", context, status=400 if form.errors else 200)


def _loaded(row: LicensedInstrument) -> Definition | None:
    """The upload's definition, or None if the file no longer loads."""
    try:
        return catalogue.parsed(row.definition, row.companion, row.instrument_id)
    except DefinitionError:
        return None


def _what_next(row: LicensedInstrument) -> str:
    definition = _loaded(row)
    if definition is not None and not definition.wording_verified:
        return (
            "Its items have no wording yet, so therapists can enter it from paper but cannot assign it: "
            "upload a new version with the wording from your licence."
        )
    return "Therapists can assign it now."


@role_required(Role.ADMIN)
@require_POST
def retire(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    instrument = get_object_or_404(
        LicensedInstrument, public_id=public_id, practice_id=request.user.practice_pk, active=True
    )
    try:
        do_retire_licensed_instrument(request.user, instrument)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, f"{instrument.title} is no longer offered. Results already given are kept.")
    return redirect("practice_instruments")


@role_required(Role.ADMIN, Role.THERAPIST)
def questionnaire_fhir(request: AuthenticatedHttpRequest, instrument_id: str) -> HttpResponse:
    """Any instrument this practice has, as a FHIR R4 Questionnaire (no client data: wording only)."""
    practice = Practice.objects.get(pk=request.user.practice_pk)
    try:
        definition = catalogue.definition_for(practice, instrument_id)
    except registry.UnknownInstrument as exc:
        raise Http404("No such questionnaire") from exc
    data = validated(questionnaire_for(definition))
    record(Action.EXPORT, "measures.questionnaire.fhir", actor=request.user, target_ref=definition.id)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/fhir+json; charset=utf-8"
    )
    version = re.sub(r"[^A-Za-z0-9._-]", "-", definition.version)
    response["Content-Disposition"] = f'attachment; filename="questionnaire-{definition.id}-{version}.json"'
    return response
