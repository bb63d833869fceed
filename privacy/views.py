from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role, User
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from privacy.access_log import describe, events_about, zone_of
from privacy.actions import do_cancel_deletion, do_export, do_give_consent, do_request_deletion, do_withdraw_consent
from privacy.export import to_json
from privacy.forms import DeleteAccountForm
from privacy.markdown import render_plain_markdown
from privacy.models import Consent, DeletionRequest, consent_text, current_consent_version

ACCESS_LOG_PAGE_SIZE = 50


def own_client(user: User) -> Client:
    return get_object_or_404(Client.objects.visible_to(user).select_related("user", "practice"), user=user)


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
    text = mark_safe(render_plain_markdown(consent_text(version, request.user.site_name)))  # nosec: our own file, escaped first
    return render(request, "privacy/consent.html", {"version": version, "text": text})


@role_required(Role.CLIENT)
@require_POST
def withdraw_consent(request: AuthenticatedHttpRequest) -> HttpResponse:
    do_withdraw_consent(request.user, request)
    messages.success(request, "Your consent is withdrawn. Nothing more is recorded until you agree again.")
    return redirect("privacy_home")


@role_required(Role.CLIENT)
@require_http_methods(["GET"])
def access_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    page = Paginator(events_about(client), ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = describe(page.object_list, zone_of(client))
    return render(request, "privacy/access_log.html", {"page": page, "rows": rows})


@role_required(Role.CLIENT)
@require_POST
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    document = do_export(request.user, client)
    today = timezone.localdate(timezone=zone_of(client))
    response = HttpResponse(to_json(document), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="my-data-{today:%Y-%m-%d}.json"'
    return response


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        scheduled = do_request_deletion(request.user)
        logout(request)
        return render(request, "privacy/delete_requested.html", {"pending": scheduled})
    pending = DeletionRequest.objects.filter(user=request.user).first()
    context = {
        "form": form,
        "pending": pending,
        "days": settings.WAYMARK_DELETION_COOLING_OFF_DAYS,
        "would_erase_after": DeletionRequest.due_from(timezone.now()),
    }
    return render(request, "privacy/delete.html", context, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_POST
def cancel_deletion(request: AuthenticatedHttpRequest) -> HttpResponse:
    if do_cancel_deletion(request.user):
        messages.success(request, "Deletion is cancelled. Your account and everything in it stay as they were.")
    return redirect("privacy_home")
