"""Session notes in a client's data export: only when the practice's setting says so, and only signed notes."""

from caseload.models import Client
from notes.models import SessionNote
from privacy.export import register_section


@register_section
def session_notes(client: Client) -> tuple[str, object]:
    """None (not included) unless the practice includes notes in exports; drafts never."""
    if not client.practice.notes_in_client_export:
        return "session_notes", None
    notes = SessionNote.objects.signed().filter(client=client).select_related("author", "signed_by")
    notes = notes.prefetch_related("addenda__author").order_by("session_on", "created_at", "pk")
    return "session_notes", [
        {
            "session_on": note.session_on,
            "duration_minutes": note.duration_minutes,
            "format": note.get_format_display(),
            "written_by": note.author.name,
            "sections": {section.title: text for section, text in note.section_texts()},
            "signed": note.signed_at,
            "signed_by": note.signed_by.name if note.signed_by else None,
            "addenda": [
                {"written": addendum.created_at, "by": addendum.author.name, "text": addendum.text}
                for addendum in note.addenda.all()
            ],
        }
        for note in notes
    ]
