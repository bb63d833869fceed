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

SHOWN = 5  # ruler results and values changes on the page until the therapist asks for all of them


@role_required(Role.THERAPIST)
@require_GET
def client_motivation(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    """The recent rulers and values changes; ``?all=1`` shows every one (the same number of queries)."""
    client = client_for(request.user, client_id)
    record_read(request.user, client, "motivation.view")
    everything = request.GET.get("all") == "1"
    limit = None if everything else SHOWN
    summary = overview(client)  # its newest few tell whether there is more than SHOWN, without counting
    context = {
        "overview": summary,
        "view": balance_view(client),
        "results": ruler_results(client, limit),
        "history": values_history(client, limit),
        "everything": everything,
        "shown": SHOWN,
        "more_results": not everything and len(summary.rulers) > SHOWN,
        "more_history": not everything and len(summary.values) > SHOWN,
    }
    return render_in_zone(request, client, "motivation/client_motivation.html", context)


@role_required(Role.THERAPIST)
@require_GET
def client_balance(request: AuthenticatedHttpRequest, client_id: uuid.UUID, version_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    context = balance_context(client, version_id, request.GET.get("since"))
    record_read(request.user, client, "motivation.balance", target_ref=version_id)
    return render_in_zone(request, client, "motivation/client_balance.html", context)
