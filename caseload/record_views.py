"""One client's record: the summary, the cards of every area, and the timeline."""

import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from caseload.forms import TransferForm
from caseload.models import Client
from caseload.timeline import RECORD_PAGE_SIZE, Cursor, Page, kinds_available, open_cursor, page_for, seal_cursor
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.access_log import zone_of


class TimelineForm(forms.Form):
    """The timeline's filter (no kind ticked: every kind) and where the page starts (a sealed cursor)."""

    kind = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label="Show only")
    before = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client
        self.fields["kind"].choices = list(kinds_available().items())  # type: ignore[attr-defined]

    def clean_before(self) -> Cursor | None:
        value = self.cleaned_data["before"]
        return open_cursor(value, self.client) if value else None


def timeline_url(client: Client, kinds: Sequence[str], before: Cursor | None = None) -> str:
    """The timeline with the same filter, from its newest entry or from `before`."""
    query = [("kind", kind) for kind in kinds] + ([("before", seal_cursor(before, client))] if before else [])
    url = reverse("client_timeline", args=[client.public_id])
    return f"{url}?{urlencode(query)}" if query else url


def older_url(client: Client, page: Page, kinds: Sequence[str]) -> str:
    """The link to the next page of the same filter ("" when nothing is older)."""
    return timeline_url(client, kinds, page.older) if page.older else ""


@role_required(Role.THERAPIST)
def client_record(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, public_id)
    record_read(request.user, client, "client.record")
    form = TransferForm(practice_id=client.practice_id, exclude=request.user)
    page = page_for(client, request.user, zone_of(client), size=RECORD_PAGE_SIZE)
    context = {
        "client": client,
        "transfer_form": form,
        "timeline": page,
        "timeline_form": TimelineForm(client=client),
        "older_url": older_url(client, page, ()),
    }
    return render(request, "caseload/client_record.html", context)


@role_required(Role.THERAPIST)
@require_GET
def timeline(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The whole timeline, filtered and paged; for htmx, only the next page's entries."""
    client = client_for(request.user, public_id)
    form = TimelineForm(request.GET, client=client)
    if not form.is_valid():
        return render(request, "caseload/timeline.html", {"client": client, "timeline_form": form}, status=400)
    record_read(request.user, client, "client.timeline")
    kinds = form.cleaned_data["kind"]
    page = page_for(client, request.user, zone_of(client), kinds, form.cleaned_data["before"])
    context = {
        "client": client,
        "timeline": page,
        "timeline_form": form,
        "older_url": older_url(client, page, kinds),
        "newest_url": timeline_url(client, kinds) if form.cleaned_data["before"] else "",
    }
    htmx = bool(getattr(request, "htmx", False))
    return render(request, "caseload/_timeline_entries.html" if htmx else "caseload/timeline.html", context)
