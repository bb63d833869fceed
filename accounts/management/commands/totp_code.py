from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Print the current two-step sign-in code for a TOTP secret (for the demo accounts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("secret")

    def handle(self, *args: Any, **options: Any) -> None:
        counters = list(yield_hotp_counters_from_time())
        try:
            code = hotp_value(options["secret"].strip().replace(" ", ""), counters[len(counters) // 2])
        except ValueError as exc:
            raise CommandError("That is not a valid base32 TOTP secret.") from exc
        self.stdout.write(format_hotp_value(code))
