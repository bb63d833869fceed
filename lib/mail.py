"""Email leaves through the task queue, after the transaction that caused it commits."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task


@task()
def send_email(to: list[str], subject: str, body: str) -> None:
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to).send()


def queue_email(to: list[str], subject: str, body: str) -> None:
    transaction.on_commit(partial(send_email.enqueue, list(to), subject, body))
