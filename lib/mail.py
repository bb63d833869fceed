"""Email leaves through the task queue, after the transaction that caused it commits."""

from email.utils import formataddr, parseaddr
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task


def sender(from_name: str = "") -> str:
    """DEFAULT_FROM_EMAIL, shown under the practice's neutral name when one is given."""
    name = " ".join(from_name.split())
    if not name:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


@task()
def send_email(to: list[str], subject: str, body: str, from_name: str = "") -> None:
    EmailMessage(subject=subject, body=body, from_email=sender(from_name), to=to).send()


def queue_email(to: list[str], subject: str, body: str, *, from_name: str = "") -> None:
    transaction.on_commit(partial(send_email.enqueue, list(to), subject, body, from_name=from_name))
