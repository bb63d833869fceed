"""A real SMTP server on loopback and the database task queue, for tests where mail matters."""

import socket
from email import message_from_bytes
from email.message import Message
from typing import Any
from unittest.mock import patch

from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import TestCase, override_settings

# Words that would tell whoever glances at the inbox what this service is about.
CLINICAL_WORDS = (
    "therap",
    "porn",
    "sex",
    "addict",
    "compuls",
    "recover",
    "clinic",
    "counsel",
    "urge",
    "lapse",
    "crisis",
    "mental",
    "waymark",
)


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.envelopes: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpServerMixin(TestCase):
    """Starts an SMTP server for each test and points email and the task queue at the real things."""

    inbox: Inbox

    def start_smtp(self, **settings: Any) -> None:
        self.inbox = Inbox()
        port = free_port()
        server = Controller(self.inbox, hostname="127.0.0.1", port=port, ready_timeout=10)
        server.start()
        self.addCleanup(server.stop)
        overrides = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_TIMEOUT=10,
            DEFAULT_FROM_EMAIL="no-reply@waymark.example.org",
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
            **settings,
        )
        overrides.enable()
        self.addCleanup(overrides.disable)

    def run_worker(self) -> None:
        """Run every queued task once, as `manage.py db_worker --batch` does.

        The worker closes "old" connections between tasks; inside a test's transaction that would
        close the test's own connection (PostgreSQL), so keep it, as Django's test client does.
        What the tasks queue after their own commit (an email) reaches the queue too.
        """
        keep_connection = patch("django_tasks_db.management.commands.db_worker.close_old_connections")
        with keep_connection, self.captureOnCommitCallbacks(execute=True):
            call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
