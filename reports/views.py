"""The progress report: choose a period, download the PDF (audited; nothing in the URL names the client)."""

import logging
import time
import uuid

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from reports.forms import period_form_for
from reports.pdf import render_pdf
from reports.report import build

log = logging.getLogger(__name__)


@role_required(Role.THERAPIST)
@require_GET
def report(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    return render(request, "reports/report_form.html", {"client": client, "form": period_form_for(client)})


@role_required(Role.THERAPIST)
@require_GET
def report_pdf(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    form = period_form_for(client, request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "reports/report_form.html", {"client": client, "form": form}, status=400)
    started = time.perf_counter()
    record_read(request.user, client, "report.pdf")
    period = form.cleaned_data if form.is_bound else form.initial  # no period given: the default one
    made = build(client, request.user, period["start"], period["end"])
    pdf = render_pdf(render_to_string("reports/report.html", {"report": made}))
    log.info("progress report made in %.0f ms", (time.perf_counter() - started) * 1000)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response
