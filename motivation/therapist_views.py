"""What a therapist reads of a client's motivation work: read-only, audited, in the client's calendar."""

import uuid

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from motivation.queries import balance_view, overview, ruler_results, values_history
from motivation.views import balance_context, render_in_zone


@role_required(Role.THERAPIST)
@require_GET
def client_motivation(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    record_read(request.user, client, "motivation.view")
    context = {
        "overview": overview(client),
        "view": balance_view(client),
        "results": ruler_results(client),
        "history": values_history(client),
    }
    return render_in_zone(request, client, "motivation/client_motivation.html", context)


@role_required(Role.THERAPIST)
@require_GET
def client_balance(request: AuthenticatedHttpRequest, client_id: uuid.UUID, version_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    context = balance_context(client, version_id, request.GET.get("since"))
    record_read(request.user, client, "motivation.balance", target_ref=version_id)
    return render_in_zone(request, client, "motivation/client_balance.html", context)
