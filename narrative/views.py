"""The client's story under /story/: an overview, one question per screen, earlier versions, a printable page."""

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from caseload.models import Client
from lib.decorators import role_required
from lib.drafts import saved_then_go
from lib.http import AuthenticatedHttpRequest
from narrative import steps
from narrative.actions import do_mark_comments_seen, do_save_step, own_client
from narrative.forms import StepForm
from narrative.models import StepVersion
from narrative.queries import comments_of, story_of, versions_of
from privacy.access_log import zone_of

FINISHED = "Your story is saved. You can come back and change any step whenever you like."


def step_or_404(step_id: str) -> steps.Step:
    step = steps.step_by_id(step_id)
    if step is None:
        raise Http404("No such step")
    return step


def saved_label(version: StepVersion | None, client: Client) -> str:
    """ "Saved at 14:05" today, "Saved on 3 May" before, in the client's own time."""
    if version is None:
        return "Not saved yet"
    zone = zone_of(client)
    saved = timezone.localtime(version.saved_at, zone)
    if saved.date() == timezone.localdate(timezone=zone):
        return f"Saved at {saved:%H:%M}"
    return f"Saved on {saved.day} {saved:%B %Y}"


def epoch_ms(moment: datetime | None) -> int:
    return int(moment.timestamp() * 1000) if moment else 0


def where_next(step: steps.Step, go: str) -> str:
    """Next and Back both save first; the ends of the story lead back to the overview."""
    target = steps.before(step) if go == "back" else steps.after(step) if go == "next" else None
    return reverse("narrative_step", args=[target.id]) if target else reverse("narrative")


def render_in_zone(
    request: AuthenticatedHttpRequest, client: Client, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    with timezone.override(zone_of(client)):
        return render(request, template, context, status=status)


@role_required(Role.CLIENT)
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    return render_in_zone(request, client, "narrative/overview.html", {"client": client, "story": story_of(client)})


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def step_page(request: AuthenticatedHttpRequest, step_id: str) -> HttpResponse:
    step = step_or_404(step_id)
    client = own_client(request.user)
    version = StepVersion.objects.filter(client=client, step=step.id).order_by("-number").first()
    autosave = request.POST.get("autosave") == "1"
    if request.method == "POST":
        form = StepForm(step, request.POST)
        if form.is_valid():
            try:
                version = do_save_step(request.user, step.id, form.cleaned_data["text"], form.chosen()).version
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if autosave:
                    return JsonResponse({"saved_at": epoch_ms(version.saved_at), "label": saved_label(version, client)})
                if request.POST.get("go") == "next" and steps.after(step) is None:
                    messages.success(request, FINISHED)
                return saved_then_go(request, where_next(step, request.POST.get("go", "")))
        if autosave:  # the words stay on the open page until a save succeeds
            problems = " ".join(str(message) for errors in form.errors.values() for message in errors)
            return JsonResponse({"error": problems}, status=400)
    else:
        form = StepForm(step, initial=StepForm.initial_from(version))
    comments = comments_of(client, step)
    if request.method == "GET" and any(comment.seen_at is None for comment in comments):
        do_mark_comments_seen(request.user, step.id)  # the page still shows them as new this once
    context = {
        "client": client,
        "step": step,
        "count": len(steps.all_steps()),
        "form": form,
        "version": version,
        "saved": saved_label(version, client),
        "comments": comments,
        "is_last": steps.after(step) is None,
    }
    return render_in_zone(request, client, "narrative/step.html", context, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_GET
def step_versions(request: AuthenticatedHttpRequest, step_id: str) -> HttpResponse:
    step = step_or_404(step_id)
    client = own_client(request.user)
    context = {"client": client, "step": step, "versions": versions_of(client, step)}
    return render_in_zone(request, client, "narrative/versions.html", context)


@role_required(Role.CLIENT)
@require_GET
def print_story(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    context = {"client": client, "story": story_of(client, with_comments=False)}
    return render_in_zone(request, client, "narrative/print.html", context)
