"""Reads of session notes in a fixed number of queries, whatever the history."""

from django.db.models import Count

from caseload.models import Client, Handover
from notes.models import Addendum, DiscardedDraft, SessionNote, SessionNoteQuerySet


def notes_of(client: Client) -> SessionNoteQuerySet:
    """Every note of the client's (by any therapist who treated them), newest session first, with addenda counted."""
    return (
        SessionNote.objects.filter(client=client)
        .select_related("author", "signed_by")
        .annotate(addenda_count=Count("addenda"))
        .order_by("-session_on", "-created_at", "-pk")
    )


def handovers_of(client: Client) -> list[Handover]:
    return list(Handover.objects.filter(client=client).select_related("written_by", "from_therapist", "to_therapist"))


def addenda_of(note: SessionNote) -> list[Addendum]:
    addenda = list(note.addenda.select_related("author").order_by("created_at", "pk"))
    for addendum in addenda:
        addendum.note = note  # already loaded: checking each addendum's hash needs no query
    return addenda


def drafts_of(client: Client) -> list[SessionNote]:
    """The client's unsigned drafts, by whoever started them, oldest session first (one query)."""
    drafts = SessionNote.objects.drafts().filter(client=client).select_related("author")
    return list(drafts.order_by("session_on", "created_at", "pk"))


def discarded_drafts_of(client: Client) -> list[DiscardedDraft]:
    return list(DiscardedDraft.objects.filter(client=client).select_related("author", "discarded_by"))
