"""The plan in words: its agreement state for whoever is reading, and its circles as cards."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.dateformat import format as format_date

from accounts.models import User
from caseload.models import Client
from plan.actions import circles_of
from plan.models import (
    CIRCLE_GUIDE,
    PREVENTION_GUIDE,
    Circle,
    PlanVersion,
    PreventionEntry,
    PreventionKind,
    PreventionPlan,
)


@dataclass(frozen=True)
class CircleCard:
    circle: str
    title: str
    guide: str
    items: list[str]


# The same circles as the therapist reads them: plain clinical words, not spoken to the client.
STAFF_GUIDE: dict[str, str] = {
    Circle.INNER: "Behaviours to abstain from. Sobriety is counted from these only.",
    Circle.MIDDLE: "Slippery behaviours and warning signs.",
    Circle.OUTER: "Healthy, life-giving activities.",
}


def circle_cards(version: PlanVersion, *, for_client: bool) -> list[CircleCard]:
    circles = circles_of(version)
    return [
        CircleCard(c, CIRCLE_GUIDE[c][0], CIRCLE_GUIDE[c][1] if for_client else STAFF_GUIDE[c], circles[c])
        for c in Circle.values
    ]


def day_label(moment: datetime, zone: ZoneInfo, today: date) -> str:
    """ "3 March" this year, "3 March 2024" before it, on the client's calendar."""
    local = moment.astimezone(zone)
    return format_date(local, "j F" if local.year == today.year else "j F Y")


def agreement_line(version: PlanVersion, viewer: User, client: Client, zone: ZoneInfo, today: date) -> str:
    """Who has signed this version and who is still to, in the words of the person reading it."""
    by_client = viewer.pk == client.user_id
    client_name = "you" if by_client else client.name
    signer = version.therapist_signed_by
    if signer is None:  # their account has since been erased
        therapist_name = "your therapist" if by_client else "a former therapist"
    else:
        therapist_name = "you" if signer.pk == viewer.pk else signer.name
    client_at, therapist_at = version.client_signed_at, version.therapist_signed_at
    if client_at and therapist_at:
        agreed_on = day_label(max(client_at, therapist_at), zone, today)
        return f"Agreed by {client_name} and {therapist_name} on {agreed_on}."
    if client_at:
        waiting = "your therapist" if by_client else "you"
        return (
            f"{_first_upper(client_name)} signed on {day_label(client_at, zone, today)}. Waiting for {waiting} to sign."
        )
    if therapist_at:
        waiting = "you" if by_client else client.name
        signed_on = day_label(therapist_at, zone, today)
        return f"{_first_upper(therapist_name)} signed on {signed_on}. Waiting for {waiting} to sign."
    if by_client:
        return "Not signed yet. When you and your therapist are both happy with it, you each sign it."
    return f"Not signed yet. When you and {client.name} are both happy with it, you each sign it."


def is_theirs_to_sign(version: PlanVersion, viewer: User, client: Client) -> bool:
    if viewer.pk == client.user_id:
        return version.client_signed_at is None
    return version.therapist_signed_at is None


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


# The relapse-prevention plan in words.


@dataclass(frozen=True)
class PreventionSection:
    kind: str
    title: str
    guide: str
    example: str
    entries: list[PreventionEntry]


@dataclass(frozen=True)
class Person:
    line: str
    tel: str  # "" when the line has no phone number in it


# A run of at least six digits, with the spaces, dots, dashes and brackets people write numbers with.
PHONE = re.compile(r"\+?\(?\d[\d\s().-]{4,}\d")


def prevention_sections(plan: PreventionPlan | None) -> list[PreventionSection]:
    entries = list(plan.entries.all()) if plan else []
    return [
        PreventionSection(kind, *PREVENTION_GUIDE[kind], [entry for entry in entries if entry.kind == kind])
        for kind in PreventionKind.values
    ]


def people_to_call(text: str) -> list[Person]:
    """One person per line; a line with a phone number in it becomes a link that rings it."""
    people = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        found = PHONE.search(line)
        digits = re.sub(r"[^\d]", "", found.group()) if found else ""
        tel = ("+" if found and found.group().startswith("+") else "") + digits if len(digits) >= 6 else ""
        people.append(Person(line, tel))
    return people


def review_line(plan: PreventionPlan, viewer: User, client: Client, zone: ZoneInfo, today: date) -> str:
    """ "Reviewed with Dr Tan on 3 March", in the words of whoever is reading."""
    if plan.reviewed_at is None:
        return "Not reviewed yet."
    on = day_label(plan.reviewed_at, zone, today)
    reviewer = plan.reviewed_by
    by_client = viewer.pk == client.user_id
    if reviewer is None:
        return f"Reviewed on {on}."
    if reviewer.pk == client.user_id:
        return f"You reviewed it on {on}." if by_client else f"{client.name} reviewed it on {on}."
    if by_client:
        return f"Reviewed with {reviewer.name} on {on}."
    if reviewer.pk == viewer.pk:
        return f"Reviewed with {client.name} on {on}."
    return f"{reviewer.name} reviewed it with {client.name} on {on}."
