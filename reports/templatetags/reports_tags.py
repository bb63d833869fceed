"""The progress report's card on the client record: the period form, with its defaults."""

from django import template

from caseload.models import Client
from reports.forms import PeriodForm, period_form_for

register = template.Library()


@register.simple_tag
def report_period_form(client: Client) -> PeriodForm:
    return period_form_for(client)
