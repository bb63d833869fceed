"""The session notes card on the therapist's client record."""

from dataclasses import dataclass

from django import template

from caseload.models import Client
from notes.models import SessionNote
from notes.queries import notes_of

register = template.Library()

LATEST = 3


@dataclass(frozen=True)
class NotesSummary:
    latest: list[SessionNote]
    count: int


@register.simple_tag
def notes_summary(client: Client) -> NotesSummary:
    """Two queries, however many notes there are."""
    return NotesSummary(latest=list(notes_of(client)[:LATEST]), count=SessionNote.objects.filter(client=client).count())
