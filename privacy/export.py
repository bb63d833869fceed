"""Everything a client has, as one JSON document built from registered sections.

Each app registers the sections for its own data from its AppConfig.ready::

    from privacy.export import register_section

    @register_section
    def urges(client: Client) -> tuple[str, object]:
        return "urges", [...]

A section returns its name (a key of the document) and JSON-ready data: dicts, lists,
strings, numbers, datetimes and UUIDs. It must never include hashes, keys or other
people's private data.
"""

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

if TYPE_CHECKING:
    from caseload.models import Client

ExportSection = Callable[["Client"], tuple[str, object]]

EXPORT_SECTIONS: list[ExportSection] = []


def register_section(section: ExportSection) -> ExportSection:
    """Add a section to every client's export (once, however often the module is imported)."""
    if section not in EXPORT_SECTIONS:
        EXPORT_SECTIONS.append(section)
    return section


def build_export(client: "Client") -> dict[str, object]:
    document: dict[str, object] = {"exported_at": timezone.now()}
    for section in EXPORT_SECTIONS:
        name, data = section(client)
        if name in document:
            raise ValueError(f"two export sections are both called {name!r}")
        document[name] = data
    return document


def to_json(document: dict[str, object]) -> str:
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
