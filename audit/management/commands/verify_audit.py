from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.log import verify_chain
from audit.models import AuditEvent


class Command(BaseCommand):
    help = "Check the audit log's hash chain; exits non-zero if any row was changed, removed or reordered."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(verify_chain())
        for problem in problems:
            self.stderr.write(f"event {problem.event_id}: {problem.problem}")
        if problems:
            raise CommandError(f"The audit chain is broken in {len(problems)} place(s).")
        self.stdout.write(f"The audit chain holds: {AuditEvent.objects.count()} events checked.")
