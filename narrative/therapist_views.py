"""What the client's therapist does with the story: read it (audited), its earlier versions, and comment on a step."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from narrative.actions import do_comment_on_step
from narrative.forms import CommentForm
from narrative.queries import story_of, versions_of
from narrative.views import render_in_zone, step_or_404


def story_page(
    request: AuthenticatedHttpRequest, client: Client, bound: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    """The whole story with its comments (two queries), a comment form under each step."""
    record_read(request.user, client, "narrative.read")
    story = story_of(client)
    forms = {row.step.id: CommentForm(prefix=row.step.id) for row in story.rows}
    if bound is not None:
        forms[bound.prefix or ""] = bound
    rows = [(row, forms[row.step.id]) for row in story.rows]
    context = {"client": client, "story": story, "rows": rows, "can_comment": not client.is_discharged}
    return render_in_zone(request, client, "narrative/therapist/story.html", context, status=status)


@role_required(Role.THERAPIST)
@require_GET
def client_story(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    return story_page(request, client_for(request.user, client_id))


@role_required(Role.THERAPIST)
@require_GET
def client_step_versions(request: AuthenticatedHttpRequest, client_id: uuid.UUID, step_id: str) -> HttpResponse:
    client = client_for(request.user, client_id)
    step = step_or_404(step_id)
    record_read(request.user, client, "narrative.versions")
    context = {"client": client, "step": step, "versions": versions_of(client, step)}
    return render_in_zone(request, client, "narrative/therapist/versions.html", context)


@role_required(Role.THERAPIST)
@require_POST
def client_step_comment(request: AuthenticatedHttpRequest, client_id: uuid.UUID, step_id: str) -> HttpResponse:
    client = client_for(request.user, client_id)
    step = step_or_404(step_id)
    form = CommentForm(request.POST, prefix=step.id)
    if form.is_valid():
        try:
            do_comment_on_step(request.user, client, step.id, form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Comment saved. {client.name} will see it under \u201c{step.title}\u201d.")
            return redirect(reverse("client_narrative", args=[client.public_id]) + f"#step-{step.id}")
    return story_page(request, client, form, status=400)
