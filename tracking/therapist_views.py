"""What a therapist reads of a client's check-ins, urges and lapses: decrypted, paged, audited."""

import uuid
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.access_log import zone_of
from tracking.models import CheckIn, Lapse, Urge
from tracking.queries import summary_for

PAGE_SIZE = 30


def _page(request: AuthenticatedHttpRequest, client: Client, tab: str, rows: QuerySet[Any]) -> HttpResponse:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(request.user, client, f"tracking.{tab}")
    context = {"client": client, "tab": tab, "page": page, "summary": summary_for(client)}
    with timezone.override(zone_of(client)):
        return render(request, f"tracking/therapist/{tab}.html", context)


@role_required(Role.THERAPIST)
@require_GET
def check_ins(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    return _page(request, client, "checkins", CheckIn.objects.filter(client=client))


@role_required(Role.THERAPIST)
@require_GET
def urges(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    return _page(request, client, "urges", Urge.objects.filter(client=client).select_related("trigger"))


@role_required(Role.THERAPIST)
@require_GET
def lapses(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    return _page(request, client, "lapses", Lapse.objects.filter(client=client))
