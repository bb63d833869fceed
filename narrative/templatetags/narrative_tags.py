"""The story's small cards on other pages (the client's home, the therapist's client record)."""

from django import template

from caseload.models import Client
from narrative.queries import Story, story_of
from narrative.steps import Step

register = template.Library()


@register.simple_tag
def story_summary(client: Client, *, new_comments: bool = False) -> Story:
    """Progress through the steps (one query), with the comments the client has not read yet (two)."""
    return story_of(client, with_comments=new_comments, unseen_only=True)


@register.filter
def choice_labels(chosen: list[str], step: Step) -> list[str]:
    """The labels of the tick boxes chosen on this step: {{ version.chosen|choice_labels:step }}."""
    return step.choice_labels(chosen)
