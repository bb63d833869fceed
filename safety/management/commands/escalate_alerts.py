"""Escalate every overdue, unacknowledged risk alert to the clinical lead. Run from cron every few minutes."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from safety.actions import escalate_due_alerts


class Command(BaseCommand):
    help = "Pass overdue risk alerts to the practice's clinical lead (safe to run as often as you like)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_due_alerts(timezone.now())
        self.stdout.write(f"Escalated {count} alert{'' if count == 1 else 's'}.")
