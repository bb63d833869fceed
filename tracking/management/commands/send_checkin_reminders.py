"""Send the daily check-in reminders that are due. Run from cron every 5 minutes."""

from typing import Any

from django.core.management.base import BaseCommand

from tracking.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Email clients whose check-in reminder time has come today (safe to run as often as you like)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_due_reminders()
        self.stdout.write(f"Sent {count} reminder{'' if count == 1 else 's'}.")
