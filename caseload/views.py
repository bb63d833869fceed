"""The therapist's caseload: every active client, who needs attention first."""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.forms import InviteForm
from accounts.models import Role
from audit.log import record_reads
from caseload import triage
from caseload.models import Client, Stage
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest


class TriageFilter(forms.Form):
    """The caseload's filters; a value we do not offer is an error, not a guess."""

    q = forms.CharField(required=False, max_length=80, label="Name")
    stage = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[("", "Any stage"), *Stage.choices]
    )
    flag = forms.ChoiceField(required=False, choices=[("", "Any or none"), *triage.Flag.choices], label="Needs")


def filter_data(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The filters asked for. A name comes only in a POST body: a URL ends up in browser history and
    server logs, so a name in a query string (an old bookmark) is not read."""
    if request.method == "POST":
        return {key: request.POST.get(key, "") for key in ("q", "stage", "flag")}
    return {key: request.GET.get(key, "") for key in ("stage", "flag")}


def caseload_url(**filters: object) -> str:
    """The caseload with the filters that name no one (stage and flag), for links and the address bar."""
    query = urlencode({key: value for key, value in filters.items() if value})
    return reverse("caseload") + (f"?{query}" if query else "")


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def caseload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TriageFilter(filter_data(request))
    wanted = form.cleaned_data if form.is_valid() else {}
    found = triage.narrowed(Client.objects.visible_to(request.user), wanted.get("stage"), wanted.get("q", ""))
    assert request.user.practice is not None  # a therapist always belongs to a practice
    rows = triage.rows_for(found, request.user.practice)
    counts = triage.flag_counts(rows)
    flags = [
        (flag.value, flag.label, counts[flag], caseload_url(stage=wanted.get("stage"), flag=flag.value))
        for flag in triage.Flag
    ]
    if wanted.get("flag"):
        rows = [row for row in rows if wanted["flag"] in row.flags]
    clients = [row.client for row in rows]
    record_reads(request.user, clients, "caseload.list")
    context = {
        "rows": rows,
        "clients": clients,
        "form": form,
        "flags": flags,
        "filtered": any(wanted.values()),
        "name": wanted.get("q", ""),
        "stage": wanted.get("stage"),
    }
    if getattr(request, "htmx", False):  # htmx swaps only 2xx answers; the form shows what was wrong
        response = render(request, "caseload/_caseload_rows.html", context)
        if form.is_valid():  # the address bar keeps the stage and flag (for back and reload), never the name
            response["HX-Push-Url"] = caseload_url(stage=wanted.get("stage"), flag=wanted.get("flag"))
        return response
    return render(request, "caseload/caseload.html", context, status=200 if form.is_valid() else 400)


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def invite_client(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    site_url = request.build_absolute_uri("/").rstrip("/")
    if request.method == "POST" and form.send(request.user, Role.CLIENT, site_url):
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
        return redirect("caseload")
    return render(request, "caseload/invite.html", {"form": form}, status=400 if form.errors else 200)
