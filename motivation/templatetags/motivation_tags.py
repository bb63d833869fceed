"""Motivation's small cards on other pages (the client's home, the therapist's client record)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django import template
from django.db.models import Count, Max

from caseload.models import Client
from motivation.models import BalanceVersion, ChosenValue
from motivation.queries import RulerResult, current_values, ruler_results
from privacy.access_log import zone_of

register = template.Library()


@dataclass(frozen=True)
class Summary:
    """Dates are days in the client's own calendar."""

    balance_count: int
    balance_on: date | None
    rulers: RulerResult | None
    values: list[ChosenValue]
    values_on: date | None

    @property
    def top_values(self) -> list[ChosenValue]:
        return [value for value in self.values if value.top]

    @property
    def started(self) -> bool:
        return bool(self.balance_count or self.rulers or self.values)


@register.simple_tag
def motivation_summary(client: Client) -> Summary:
    """Three queries, however long the history."""
    zone = zone_of(client)
    balances = BalanceVersion.objects.filter(client=client).aggregate(n=Count("pk"), last=Max("created_at"))
    latest = ruler_results(client, limit=1, notes=False)
    values = current_values(client)
    return Summary(
        balance_count=balances["n"],
        balance_on=_day(balances["last"], zone),
        rulers=latest[0] if latest else None,
        values=values,
        values_on=_day(values[0].version.created_at, zone) if values else None,
    )


def _day(moment: datetime | None, zone: ZoneInfo) -> date | None:
    return moment.astimezone(zone).date() if moment is not None else None


@register.filter
def with_notes(results: Sequence[RulerResult]) -> list[RulerResult]:
    """The results where the client answered a follow-up question."""
    return [result for result in results if result.notes]
