"""Create years of daily tracking data for one client, for benchmarks and trying the pages out."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from caseload.models import Client
from tracking.history import generate_history
from tracking.models import CheckIn


class Command(BaseCommand):
    help = "Create DAYS days of check-ins, urges and lapses for the client with this email (ending yesterday)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--days", type=int, default=1095)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        client = Client.objects.select_related("user", "practice").filter(user__email__iexact=options["email"]).first()
        if client is None:
            raise CommandError(f"No client with the email {options['email']}.")
        if not 1 <= options["days"] <= 3660:
            raise CommandError("--days must be from 1 to 3660.")
        if CheckIn.objects.filter(client=client).exists():
            raise CommandError("This client already has check-ins; history is only generated for a client without any.")
        made = generate_history(client, options["days"], seed=options["seed"])
        self.stdout.write(f"Created {made.check_ins} check-ins, {made.urges} urges and {made.lapses} lapses.")
