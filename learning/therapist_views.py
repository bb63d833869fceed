"""What a therapist reads of a client's course: progress per module, and only the reflections shared."""

import uuid
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from learning import catalogue
from learning.catalogue import Module
from learning.models import JournalEntry, ReadingProgress
from learning.queries import progress_by_slug
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.access_log import zone_of

PAGE_SIZE = 30


@dataclass(frozen=True)
class ProgressRow:
    module: Module
    progress: ReadingProgress | None


@role_required(Role.THERAPIST)
@require_GET
def client_learning(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    progress = progress_by_slug(client)
    rows = [ProgressRow(m, progress.get(m.slug)) for m in catalogue.modules()]
    shared = JournalEntry.objects.filter(client=client, shared_with_therapist=True).order_by("-shared_at", "-pk")
    page = Paginator(shared, PAGE_SIZE).get_page(request.GET.get("page"))
    titles = {m.source_name: m.title for m in catalogue.modules()}
    for entry in page:
        entry.module_title = titles.get(entry.source, "")  # type: ignore[attr-defined]
    record_read(request.user, client, "learning.client")
    context = {
        "client": client,
        "rows": rows,
        "read": sum(1 for row in rows if row.progress and row.progress.finished_at),
        "page": page,
    }
    with timezone.override(zone_of(client)):
        return render(request, "learning/therapist/client_learning.html", context)
