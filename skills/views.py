"""The client's skills pages: the practice timer and log at /skills/, the exercise cards."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from skills.actions import do_log_practice
from skills.cards import all_cards, card_by_id
from skills.forms import PracticeForm
from skills.models import Practice
from tracking.actions import own_client
from tracking.queries import client_today

LOG_LENGTH = 30


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def practice(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    today = client_today(client)
    form = PracticeForm(request.POST or None, initial={"done_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            do_log_practice(request.user, form.entry())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Logged. Every minute of practice counts.")
            return redirect("skills_practice")
    week_start = today - timedelta(days=today.weekday())
    rows = Practice.objects.filter(client=client)
    context = {
        "form": form,
        "log": rows[:LOG_LENGTH],
        "week_minutes": rows.filter(done_on__gte=week_start, done_on__lte=today).aggregate(t=Sum("minutes"))["t"] or 0,
        "cards": all_cards()[:3],
    }
    return render(request, "skills/practice.html", context, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_GET
def cards(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "skills/cards.html", {"cards": all_cards()})


@role_required(Role.CLIENT)
@require_GET
def card(request: AuthenticatedHttpRequest, card_id: str) -> HttpResponse:
    found = card_by_id(card_id)
    if found is None:
        raise Http404("No such card.")
    return render(request, "skills/card.html", {"card": found})
