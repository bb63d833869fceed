from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.actions import do_give_consent, do_withdraw_consent
from privacy.markdown import render_plain_markdown
from privacy.models import Consent, consent_text, current_consent_version


@role_required(Role.CLIENT)
def privacy_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    consent = Consent.objects.filter(user=request.user).first()
    return render(request, "privacy/home.html", {"consent": consent})


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def consent(request: AuthenticatedHttpRequest) -> HttpResponse:
    version = current_consent_version()
    if request.method == "POST":
        if request.POST.get("agree") != version:
            messages.error(request, "Please tick the box to say you agree, or leave for now.")
        else:
            do_give_consent(request.user, request)
            return redirect("home")
    text = mark_safe(render_plain_markdown(consent_text(version)))  # nosec: our own file, escaped first
    return render(request, "privacy/consent.html", {"version": version, "text": text})


@role_required(Role.CLIENT)
@require_POST
def withdraw_consent(request: AuthenticatedHttpRequest) -> HttpResponse:
    do_withdraw_consent(request.user, request)
    messages.success(request, "Your consent is withdrawn. Nothing more is recorded until you agree again.")
    return redirect("privacy_home")
