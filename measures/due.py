"""What a client has to answer, and what they answered lately: a fixed number of queries, whatever the history."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

from caseload.models import Client
from measures import catalogue, registry
from measures.definitions import Definition
from measures.models import Administration, Status

RECENT = 5


def client_today(client: Client) -> date:
    """The date where the client lives, which decides what is due."""
    return timezone.localdate(timezone=ZoneInfo(client.user.local_zone_name()))


def client_definition(client: Client, instrument_id: str, version: str | None = None) -> Definition | None:
    """The definition a client may see: loaded for their practice, and worded exactly as published."""
    try:
        definition = catalogue.definition_for(client.practice, instrument_id, version)
    except registry.UnknownInstrument:
        return None
    return definition if definition.wording_verified else None


def client_definitions(client: Client) -> dict[str, Definition]:
    """Every definition the client may see, by id (one query, for the practice's licensed ones)."""
    definitions = catalogue.definitions_for(client.practice)
    return {key: definition for key, definition in definitions.items() if definition.wording_verified}


@dataclass(frozen=True)
class DueItem:
    administration: Administration
    definition: Definition
    days_overdue: int

    @property
    def started(self) -> bool:
        return self.administration.status == Status.IN_PROGRESS

    @property
    def questions(self) -> int:
        return len([item for item in self.definition.items if item.show_when is None])


@dataclass(frozen=True)
class DoneItem:
    administration: Administration
    definition: Definition


def asked_at_once(definitions: Mapping[str, Definition]) -> frozenset[str]:
    """Instruments a critical answer asks for at once (PHQ-9 item 9 → the ASQ): the safety screens."""
    return frozenset(
        rule.then_ask for definition in definitions.values() for rule in definition.critical_items if rule.then_ask
    )


def due_for(
    client: Client, today: date | None = None, definitions: Mapping[str, Definition] | None = None
) -> list[DueItem]:
    """Open questionnaires due today or earlier: a safety screen a critical answer asks for first, then oldest first."""
    today = today or client_today(client)
    rows = Administration.objects.open().filter(client=client, due_on__lte=today).order_by("due_on", "created_at")
    definitions = client_definitions(client) if definitions is None else definitions
    due = []
    for row in rows:
        definition = definitions.get(row.instrument_id)
        if definition is not None:
            due.append(DueItem(row, definition, (today - row.due_on).days))
    first = asked_at_once(definitions)
    return sorted(due, key=lambda entry: entry.administration.instrument_id not in first)  # stable: oldest first


def recent_for(
    client: Client, limit: int = RECENT, definitions: Mapping[str, Definition] | None = None
) -> list[DoneItem]:
    """The last few completed questionnaires whose results stand."""
    rows = Administration.objects.current().filter(client=client).order_by("-submitted_at")[:limit]
    definitions = client_definitions(client) if definitions is None else definitions
    done = []
    for row in rows:
        definition = definitions.get(row.instrument_id)
        if definition is not None:
            done.append(DoneItem(row, definition))
    return done
