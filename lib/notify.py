"""Content-free notifications: they say there is something to read, never what it is about.

An inbox or a lock screen may be seen by someone else, so nothing here names a person, a
questionnaire, a risk or the kind of service; the reader signs in to find out.
"""

from django.conf import settings

from accounts.models import User
from lib.mail import queue_email

UPDATE_SUBJECT = "You have a new update"
UPDATE_LINE = "You have a new update — sign in to read."
UNWATCHED_LINE = "This mailbox is not watched."


def sign_in_url() -> str:
    return settings.SITE_URL + "/accounts/login/"


def content_free_body(*lines: str) -> str:
    return "\n\n".join([*lines, sign_in_url(), UNWATCHED_LINE]) + "\n"


def notify_update(user: User) -> None:
    """Email "you have a new update" once the current transaction commits; nothing if the account is off."""
    if user.is_active and user.email:
        queue_email([user.email], UPDATE_SUBJECT, content_free_body(UPDATE_LINE), from_name=user.site_name)
