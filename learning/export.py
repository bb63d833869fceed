"""The client's reading progress and journal in their data export."""

from caseload.models import Client
from learning import catalogue
from learning.models import JournalEntry, ReadingProgress
from privacy.export import register_section


@register_section
def reading(client: Client) -> tuple[str, object]:
    titles = {m.slug: m.title for m in catalogue.modules()}
    rows = ReadingProgress.objects.filter(client=client).order_by("opened_at", "pk")
    return "reading_progress", [
        {"module": p.slug, "title": titles.get(p.slug, ""), "opened": p.opened_at, "finished": p.finished_at}
        for p in rows
    ]


@register_section
def journal(client: Client) -> tuple[str, object]:
    rows = JournalEntry.objects.filter(client=client).order_by("created_at", "pk")
    return "journal", [
        {
            "source": e.source,
            "question": e.prompt,
            "text": e.text,
            "shared_with_therapist": e.shared_with_therapist,
            "shared": e.shared_at,
            "written": e.created_at,
            "updated": e.updated_at,
        }
        for e in rows.iterator(chunk_size=500)
    ]
