"""The treating therapist's session notes for one client, at /clients/<client_id>/notes/."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from audit.log import record_read
from caseload.access import client_for
from caseload.models import Client
from lib.decorators import role_required
from lib.http import AuthenticatedHttpRequest
from notes.actions import (
    do_add_addendum,
    do_delete_draft,
    do_discard_orphaned_draft,
    do_edit_draft,
    do_sign,
    do_write_draft,
    therapist_today,
)
from notes.forms import AddendumForm, DiscardForm, NoteForm, SignForm
from notes.models import SIGNED_NOTE_LOCKED, SessionNote
from notes.queries import addenda_of, discarded_drafts_of, handovers_of, notes_of
from practice.models import NoteFormat
from privacy.access_log import zone_of

PAGE_SIZE = 20


def note_of(client: Client, note_id: uuid.UUID) -> SessionNote:
    return get_object_or_404(
        SessionNote.objects.filter(client=client).select_related("client__user", "author", "signed_by"),
        public_id=note_id,
    )


def render_in_zone(
    request: AuthenticatedHttpRequest, client: Client, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    with timezone.override(zone_of(client)):
        return render(request, template, {"client": client, **context}, status=status)


def refused(request: AuthenticatedHttpRequest, client: Client, message: str, back: str) -> HttpResponse:
    """A clear page saying why nothing was changed (a signed note, a discharged client's record)."""
    return render_in_zone(request, client, "notes/refused.html", {"message": message, "back": back}, status=403)


def read_only(client: Client) -> str:
    return f"{client.name} has been discharged; their record is read-only."


def why_draft_is_locked(request: AuthenticatedHttpRequest, client: Client, note: SessionNote) -> str:
    """Why this person may not change, sign or delete this note; empty when they may."""
    if note.is_signed:
        return SIGNED_NOTE_LOCKED
    if client.is_discharged:
        return read_only(client)
    if note.author_id != request.user.pk:
        return (
            f"Only the therapist who started this draft can change or sign it. {note.author.name} no longer "
            f"treats {client.name}: if the draft is not needed, you can discard it, with a reason, from its page."
        )
    return ""


def is_orphaned(request: AuthenticatedHttpRequest, client: Client, note: SessionNote) -> bool:
    """A draft on an open record that someone else started: its author no longer treats the client."""
    return not note.is_signed and not client.is_discharged and note.author_id != request.user.pk


def refusal(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def note_url(client: Client, note: SessionNote) -> str:
    return reverse("notes_view", args=[client.public_id, note.public_id])


def show_note(
    request: AuthenticatedHttpRequest,
    client: Client,
    note: SessionNote,
    *,
    sign_form: SignForm | None = None,
    addendum_form: AddendumForm | None = None,
    discard_form: DiscardForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The note in full: every showing is a read of the record, audited (error pages after a post too)."""
    record_read(request.user, client, "notes.view", note.public_id)
    is_open = not client.is_discharged
    can_sign = is_open and not note.is_signed and note.author_id == request.user.pk
    orphaned = is_orphaned(request, client, note)
    context = {
        "note": note,
        "sections": note.section_texts(),
        "addenda": addenda_of(note) if note.is_signed else [],
        "intact": note.is_intact() if note.is_signed else None,
        "can_edit": can_sign,
        "sign_form": (sign_form or SignForm()) if can_sign else None,
        "addendum_form": (addendum_form or AddendumForm()) if is_open and note.is_signed else None,
        "orphaned": orphaned,
        "discard_form": (discard_form or DiscardForm()) if orphaned else None,
    }
    return render_in_zone(request, client, "notes/note.html", context, status=status)


@role_required(Role.THERAPIST)
@require_GET
def notes_list(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    page = Paginator(notes_of(client), PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(request.user, client, "notes.list")
    first = page.number == 1
    context = {
        "page": page,
        "handovers": handovers_of(client) if first else [],
        "discarded": discarded_drafts_of(client) if first else [],
    }
    return render_in_zone(request, client, "notes/list.html", context)


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def note_new(request: AuthenticatedHttpRequest, client_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    if client.is_discharged:
        return refused(request, client, read_only(client), reverse("notes_list", args=[client.public_id]))
    note_format = NoteFormat(client.practice.note_format)
    today = therapist_today(request.user)
    form = NoteForm(request.POST or None, note_format=note_format, today=today, initial={"session_on": today})
    if form.is_bound and form.is_valid():
        try:
            note = do_write_draft(request.user, client, form.entry())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Draft saved. Sign it when it is ready; until then you can change it.")
            return redirect(note_url(client, note))
    context = {"form": form, "format_label": note_format.label, "note": None}
    return render_in_zone(request, client, "notes/edit.html", context, status=400 if form.errors else 200)


@role_required(Role.THERAPIST)
@require_GET
def note_view(request: AuthenticatedHttpRequest, client_id: uuid.UUID, note_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    return show_note(request, client, note_of(client, note_id))


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
def note_edit(request: AuthenticatedHttpRequest, client_id: uuid.UUID, note_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    note = note_of(client, note_id)
    if why := why_draft_is_locked(request, client, note):
        return refused(request, client, why, note_url(client, note))
    if request.method == "GET":
        record_read(request.user, client, "notes.view", note.public_id)
    today = therapist_today(request.user)
    form = NoteForm(request.POST or None, note_format=note.format, today=today, initial=NoteForm.initial_for(note))
    if form.is_bound and form.is_valid():
        try:
            do_edit_draft(request.user, note, form.entry())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Draft saved.")
            return redirect(note_url(client, note))
    context = {"form": form, "format_label": note.get_format_display(), "note": note}
    return render_in_zone(request, client, "notes/edit.html", context, status=400 if form.errors else 200)


@role_required(Role.THERAPIST)
@require_POST
def note_sign(request: AuthenticatedHttpRequest, client_id: uuid.UUID, note_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    note = note_of(client, note_id)
    if why := why_draft_is_locked(request, client, note):
        return refused(request, client, why, note_url(client, note))
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            do_sign(request.user, note)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The note is signed.")  # the status box says it is locked, and by whom
            return redirect(note_url(client, note))
    return show_note(request, client, note, sign_form=form, status=400)


@role_required(Role.THERAPIST)
@require_POST
def note_addendum(request: AuthenticatedHttpRequest, client_id: uuid.UUID, note_id: uuid.UUID) -> HttpResponse:
    client = client_for(request.user, client_id)
    note = note_of(client, note_id)
    if client.is_discharged:
        return refused(request, client, read_only(client), note_url(client, note))
    if not note.is_signed:
        message = "This note is still a draft: change it directly, and sign it when it is ready."
        return refused(request, client, message, note_url(client, note))
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            do_add_addendum(request.user, note, form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Addendum added and signed.")
            return redirect(note_url(client, note))
    return show_note(request, client, note, addendum_form=form, status=400)


@role_required(Role.THERAPIST)
@require_POST
def note_delete(request: AuthenticatedHttpRequest, client_id: uuid.UUID, note_id: uuid.UUID) -> HttpResponse:
    """Delete your own draft; a draft whose author no longer treats the client is discarded, with a reason."""
    client = client_for(request.user, client_id)
    note = note_of(client, note_id)
    if is_orphaned(request, client, note):
        return discard(request, client, note)
    if why := why_draft_is_locked(request, client, note):
        return refused(request, client, why, note_url(client, note))
    try:
        do_delete_draft(request.user, note)
    except (ValidationError, PermissionDenied) as exc:  # signed, deleted or handed on in another tab meanwhile
        return refused(request, client, refusal(exc), note_url(client, note))
    messages.success(request, "Draft deleted.")
    return redirect("notes_list", client.public_id)


def discard(request: AuthenticatedHttpRequest, client: Client, note: SessionNote) -> HttpResponse:
    form = DiscardForm(request.POST)
    if not form.is_valid():
        return show_note(request, client, note, discard_form=form, status=400)
    try:
        do_discard_orphaned_draft(request.user, note, form.cleaned_data["reason"])
    except (ValidationError, PermissionDenied) as exc:
        return refused(request, client, refusal(exc), note_url(client, note))
    messages.success(request, f"{note.author.name}'s draft is discarded. The reason is kept with the notes.")
    return redirect("notes_list", client.public_id)
