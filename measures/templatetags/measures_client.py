"""The client's due list, for the home page's include (so the home view stays as it is)."""

from django import template

from caseload.models import Client
from measures.due import DueItem, due_for

register = template.Library()


@register.simple_tag
def client_due(client: Client) -> list[DueItem]:
    return due_for(client)
