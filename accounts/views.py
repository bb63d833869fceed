from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.actions import InvitationError, do_accept_invitation, find_open_invitation
from accounts.forms import AcceptInvitationForm
from lib.http import AuthenticatedHttpRequest

INVITE_TOKEN = "waymark_invite_token"


@require_http_methods(["GET"])
def invitation_link(request: HttpRequest, token: str) -> HttpResponse:
    """Move the secret from the URL into the session at once, so it is not left in history."""
    request.session[INVITE_TOKEN] = token[:200]
    return redirect("accept_invitation")


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest) -> HttpResponse:
    token = request.session.get(INVITE_TOKEN, "")
    try:
        invitation = find_open_invitation(token)
    except InvitationError as exc:
        return render(request, "accounts/invitation_problem.html", {"problem": str(exc)}, status=410)
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"display_name": invitation.display_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = do_accept_invitation(
                token,
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except InvitationError as exc:
            return render(request, "accounts/invitation_problem.html", {"problem": str(exc)}, status=410)
        request.session.pop(INVITE_TOKEN, None)
        messages.success(request, "Welcome. Your account is ready.")
        # allauth's own sign-in: the session is listed (and can be ended) and counts as a fresh
        # authentication, so setting up two-step sign-in next does not ask for the password again.
        return perform_login(request, user, redirect_url=reverse("home"))
    return render(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})


@login_required
def account_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html")


@require_POST
def quick_exit(request: HttpRequest) -> HttpResponse:
    """End the session and tell the browser to forget this site's data; the script then leaves."""
    if request.user.is_authenticated:
        logout(request)
    response = redirect(settings.WAYMARK_NEUTRAL_SITE)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
