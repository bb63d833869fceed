from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lib import crypto


class Command(BaseCommand):
    help = "Print a fresh data key, ID:base64, to put first in WAYMARK_DATA_KEYS before running rotate_keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key_id", help="1-16 letters, digits, - or _; different from every key in use")

    def handle(self, *args: Any, **options: Any) -> None:
        key_id: str = options["key_id"]
        try:
            spec = crypto.new_key_spec(key_id)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        try:
            in_use = crypto.keyring().keys
        except ImproperlyConfigured:
            in_use = {}
        if key_id in in_use:
            raise CommandError(f"A data key with id {key_id!r} is already configured: choose another id.")
        self.stdout.write(spec)
        self.stderr.write(
            "Put this first in WAYMARK_DATA_KEYS, keep the current keys after it, restart, then run "
            "manage.py rotate_keys. Remove an old key only once rotate_keys reports nothing left on it."
        )
