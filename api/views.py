import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from api.actions import do_create_token, do_revoke_token
from api.forms import TokenForm
from api.models import ApiToken
from lib.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _, new_secret = do_create_token(request.user, form.cleaned_data["name"])
        form = TokenForm()
    rows = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True).order_by("-created_at")
    return render(request, "api/tokens.html", {"form": form, "tokens": rows, "new_secret": new_secret})


@login_required
@require_POST
def revoke(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, public_id=public_id, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    do_revoke_token(request.user, token)
    messages.success(request, "Token revoked.")
    return redirect("api_tokens")
