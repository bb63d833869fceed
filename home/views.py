from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from lib.http import AuthenticatedHttpRequest


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each role lands on its own home."""
    user = request.user
    if user.is_therapist:
        return redirect("caseload")
    if user.is_practice_admin:
        return redirect("practice_people")
    if user.is_client:
        return render(request, "home/client_home.html", {"client": user.client})
    return render(request, "home/supporter_home.html")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
