from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from privacy.actions import do_erase_due_account
from privacy.models import DeletionRequest


class Command(BaseCommand):
    help = "Erase every account whose deletion cooling-off period is over. Safe to run as often as you like."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        due = DeletionRequest.objects.filter(erase_after__lte=now).values_list("user__public_id", flat=True)
        erased = sum(do_erase_due_account(str(public_id), now) for public_id in list(due))
        self.stdout.write(f"Erased {erased} account{'' if erased == 1 else 's'}.")
