"""The practice admin's pages: people and practice settings. No clinical content here."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.actions import do_revoke_invitation, do_set_active
from accounts.forms import InviteForm
from accounts.models import Invitation, Role, User
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from practice.actions import do_save_practice_settings
from practice.forms import CrisisLineFormSet, PracticeSettingsForm
from practice.models import Practice


@role_required(Role.ADMIN)
def people(request: AuthenticatedHttpRequest) -> HttpResponse:
    members = User.objects.filter(practice_id=request.user.practice_pk).order_by("role", "display_name", "email")
    invitations = (
        Invitation.objects.open(timezone.now()).filter(practice_id=request.user.practice_pk).order_by("-created_at")
    )
    return render(
        request, "practice/people.html", {"members": members, "invitations": invitations, "invite_form": InviteForm()}
    )


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def invite_therapist(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    site_url = request.build_absolute_uri("/").rstrip("/")
    if request.method == "POST" and form.send(request.user, Role.THERAPIST, site_url):
        messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
        return redirect("practice_people")
    return render(request, "practice/invite.html", {"form": form}, status=400 if form.errors else 200)


def _member(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> User:
    try:
        return User.objects.get(public_id=public_id, practice_id=request.user.practice_pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc


@role_required(Role.ADMIN)
@require_POST
def set_active(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    person = _member(request, public_id)
    active = request.POST.get("active") == "1"
    try:
        do_set_active(request.user, person, active=active)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            f"{person.name} can sign in again."
            if active
            else f"{person.name} is deactivated and signed out everywhere.",
        )
    return redirect("practice_people")


@role_required(Role.ADMIN)
@require_POST
def withdraw_invitation(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    invitation = (
        Invitation.objects.open(timezone.now())
        .filter(practice_id=request.user.practice_pk, public_id=public_id)
        .first()
    )
    if invitation is None:
        raise Http404
    do_revoke_invitation(request.user, invitation)
    messages.success(request, "Invitation withdrawn.")
    return redirect("practice_people")


@role_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def practice_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    practice = Practice.objects.get(pk=request.user.practice_pk)
    form = PracticeSettingsForm(request.POST or None, instance=practice)
    lines = CrisisLineFormSet(request.POST or None, instance=practice, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        do_save_practice_settings(request.user, practice, form, lines)
        messages.success(request, "Practice settings saved.")
        return redirect("practice_settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "practice/settings.html", {"form": form, "lines": lines}, status=status)
