"""The safety plan's small cards on other apps' pages (the client's home, the therapist's client record)."""

from django import template

from caseload.models import Client
from safety.models import SafetyPlan

register = template.Library()


@register.simple_tag
def safety_plan_of(client: Client) -> SafetyPlan | None:
    """The client's plan if anything is written in it: one query."""
    return SafetyPlan.objects.filter(client=client).with_something_written().first()
