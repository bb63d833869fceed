"""Tasks on other apps' pages: the client's home and the therapist's client record."""

from datetime import date
from typing import Any

from django import template
from django.utils.dateformat import format as date_format

from audit.log import record_read
from caseload.models import Client
from homework.forms import AssignForm
from homework.models import Task
from homework.queries import HomeCard, RecordCard, home_card, record_card

register = template.Library()


@register.simple_tag
def homework_home(client: Client) -> HomeCard:
    return home_card(client)


@register.simple_tag(takes_context=True)
def homework_record(context: dict[str, Any], client: Client) -> dict[str, Any]:
    """The record card's tasks and form. Showing the client's notes is a read of their words: audited."""
    card: RecordCard = record_card(client)
    user = context["request"].user
    if card.notes_shown:
        record_read(user, client, "homework.notes")
    form = None if client.is_discharged else AssignForm(client=client, back="record")
    return {"card": card, "form": form}


@register.filter
def client_due(task: Task, today: date) -> str:
    """A task's date in the client's words: a suggestion, never a deadline missed."""
    if task.due_on is None:
        return ""
    if task.due_on == today:
        return "Suggested for today"
    if task.due_on < today:
        return f"Suggested for {date_format(task.due_on, 'j M')}. It is still worth doing when you can."
    return f"Suggested by {date_format(task.due_on, 'D j M')}"
