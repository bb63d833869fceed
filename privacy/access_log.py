"""Who looked at a client's record, in words the client understands.

Other apps add labels for their own audit codes with ``register_labels`` (from their
AppConfig.ready); a code without a label falls back to a plain description of its action.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db.models import QuerySet

from accounts.models import Role, User
from audit.models import Action, AuditEvent
from caseload.models import Client

WHAT_LABELS: dict[str, str] = {
    "client.record": "Opened your record",
    "client.transfer": "Moved your care to another therapist",
}

FALLBACK_LABELS: dict[str, str] = {
    Action.WRITE: "Made a change to your information",
    Action.EXPORT: "Exported your information",
}
GENERIC_LABEL = "Looked at your information"


def register_labels(labels: Mapping[str, str]) -> None:
    """Give audit codes (``AuditEvent.what``) a plain-language label for the client's access log."""
    WHAT_LABELS.update(labels)


def label_for(event: AuditEvent) -> str:
    return WHAT_LABELS.get(event.what) or FALLBACK_LABELS.get(event.action, GENERIC_LABEL)


@dataclass(frozen=True)
class AccessRow:
    when: datetime
    who: str
    what: str


def zone_of(client: Client) -> ZoneInfo:
    """The client's own time zone, else their practice's."""
    name = client.user.time_zone or client.practice.time_zone or settings.TIME_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def events_about(client: Client) -> QuerySet[AuditEvent]:
    """Every audit event about this client caused by anyone but the client, newest first."""
    # exclude() keeps events with no actor (automatic jobs): NULL is "not the client".
    return (
        AuditEvent.objects.filter(client_ref=client.public_id)
        .exclude(actor_ref=client.user.public_id)
        .order_by("-at", "-pk")
    )


def who_label(event: AuditEvent, names: Mapping[object, str]) -> str:
    if event.actor_ref is None:
        return "An automatic process"
    role = Role(event.actor_role).label.lower() if event.actor_role in Role.values else ""
    name = names.get(event.actor_ref)
    if name is None:
        return "A former supporter" if event.actor_role == Role.SUPPORTER else "A former staff member"
    return f"{name} ({role})" if role else name


def describe(events: Iterable[AuditEvent], zone: ZoneInfo) -> list[AccessRow]:
    """Turn events into rows with one query for all the people named, whatever their number."""
    events = list(events)
    actor_ids = {e.actor_ref for e in events if e.actor_ref is not None}
    names: dict[object, str] = {}
    if actor_ids:
        people = User.objects.filter(public_id__in=actor_ids).only("public_id", "display_name", "email")
        names = {person.public_id: person.name for person in people}
    return [AccessRow(when=e.at.astimezone(zone), who=who_label(e, names), what=label_for(e)) for e in events]
