"""Reads of a client's recovery plan, each a fixed number of queries however long the history."""

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet, Subquery

from caseload.models import Client
from plan.models import Circle, CircleItem, PlanVersion, PreventionPlan

SIGNED_BY_BOTH = Q(client_signed_at__isnull=False, therapist_signed_at__isnull=False)


def versions_of(client: Client) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan__client=client).select_related("created_by", "therapist_signed_by")


def newest_version(client: Client) -> PlanVersion | None:
    """The latest draft or agreement, signed or not (one query)."""
    return versions_of(client).order_by("-number").first()


def current_agreed_version(client: Client) -> PlanVersion | None:
    """The newest version both client and therapist signed: the plan that counts (one query)."""
    return versions_of(client).filter(SIGNED_BY_BOTH).order_by("-number").first()


def newest_and_agreed(client: Client) -> tuple[PlanVersion | None, PlanVersion | None]:
    """The newest version and the newest agreed one, often the same row (one query)."""
    mine = PlanVersion.objects.filter(plan__client=client).order_by("-number").values("pk")[:1]
    mine_agreed = PlanVersion.objects.filter(SIGNED_BY_BOTH, plan__client=client).order_by("-number").values("pk")[:1]
    rows = list(versions_of(client).filter(Q(pk=Subquery(mine)) | Q(pk=Subquery(mine_agreed))).order_by("-number"))
    return (rows[0] if rows else None), next((version for version in rows if version.is_agreed), None)


def inner_circle(client: Client) -> list[str]:
    """The inner circle of the agreed plan, else of the newest draft; empty without a plan (two queries)."""
    agreed_first = ExpressionWrapper(SIGNED_BY_BOTH, output_field=BooleanField())
    version = (
        PlanVersion.objects.filter(plan__client=client)
        .annotate(agreed=agreed_first)
        .order_by("-agreed", "-number")
        .first()
    )
    if version is None:
        return []
    return [item.text for item in version.items.filter(circle=Circle.INNER)]


def history_of(client: Client) -> list[PlanVersion]:
    """Every version with its items, newest first (two queries)."""
    items = Prefetch("items", queryset=CircleItem.objects.order_by("circle", "order", "pk"))
    return list(versions_of(client).order_by("-number").prefetch_related(items))


def prevention_plan_of(client: Client) -> PreventionPlan | None:
    """The relapse-prevention plan with its entries in order, or None (two queries, one without a plan)."""
    return (
        PreventionPlan.objects.filter(client=client)
        .select_related("reviewed_by", "updated_by")
        .prefetch_related("entries")
        .first()
    )
