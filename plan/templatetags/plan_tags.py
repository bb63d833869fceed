"""The plan's small cards on other apps' pages (the client's home, the therapist's client record)."""

from dataclasses import dataclass

from django import template
from django.utils import timezone

from caseload.models import Client
from plan.models import PeriodProgress, PlanVersion
from plan.queries import newest_and_agreed
from privacy.access_log import zone_of

register = template.Library()


@dataclass(frozen=True)
class PlanSummary:
    version: PlanVersion | None  # the agreed version, else the newest draft
    newest: PlanVersion | None
    progress: PeriodProgress | None


@register.simple_tag
def plan_summary(client: Client) -> PlanSummary:
    """One query, whatever the plan's history."""
    newest, agreed = newest_and_agreed(client)
    version = agreed or newest
    today = timezone.localdate(timezone=zone_of(client))
    return PlanSummary(version, newest, version.progress_on(today) if version else None)
