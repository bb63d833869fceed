"""Re-encrypt everything that is not yet sealed with the current data key.

Covers every EncryptedTextField of every installed model and the secrets allauth keeps for MFA
(the TOTP secret, the recovery-code seed). Values still stored in the clear (a TextField changed
into an EncryptedTextField, a TOTP secret saved before encryption was set up) are sealed too.
Rows are read in batches by primary key; each row is locked, re-read and rewritten in its own
transaction, so the command can run beside the live site, be stopped, and be run again.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from allauth.mfa import utils as mfa_utils
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, router, transaction

from audit.log import record
from audit.models import Action
from lib import crypto
from lib.fields import EncryptedTextField, Sealed

MFA_LABEL = "mfa.authenticator"


@dataclass
class Tally:
    label: str
    rows: int = 0
    changed: int = 0
    failed: int = 0


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every concrete model with its own EncryptedTextFields (a child model's parent is listed once)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        fields = [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def needs_sealing(value: Any, ring: crypto.KeyRing) -> bool:
    """A non-empty value that is in the clear or sealed with a key other than the current one."""
    if not isinstance(value, str) or not value:
        return False
    return not (crypto.is_token(value) and ring.is_current(value))


def reseal(value: str, aad: str, ring: crypto.KeyRing) -> str:
    plain = ring.decrypt(value, aad) if crypto.is_token(value) else value
    return ring.encrypt(plain, aad)


def pages(queryset: models.QuerySet[Any], size: int, *fields: str) -> Iterator[list[tuple[Any, ...]]]:
    """Rows as (pk, *fields) tuples, ``size`` at a time, by primary key.

    Each page is a fresh query, so no cursor stays open across the per-row commits (a
    server-side cursor would, with ``iterator()``).
    """
    last = None
    ordered = queryset.order_by("pk")
    while True:
        page = ordered if last is None else ordered.filter(pk__gt=last)
        rows = list(page.values_list("pk", *fields)[:size])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value (and MFA secret) that is not sealed with the first key in "
        "WAYMARK_DATA_KEYS. Safe to stop and run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; change nothing.")
        parser.add_argument("--batch-size", type=int, default=500, help="Rows read per query (default 500).")

    def handle(self, *args: Any, **options: Any) -> None:
        self.dry_run: bool = options["dry_run"]
        self.batch: int = max(1, options["batch_size"])
        ring = crypto.keyring()
        tallies = [self.rotate_model(model, fields, ring) for model, fields in encrypted_models()]
        tallies.append(self.rotate_authenticators(ring))

        verb = "would re-encrypt" if self.dry_run else "re-encrypted"
        for tally in tallies:
            line = f"{tally.label}: {verb} {tally.changed} of {tally.rows} rows"
            self.stdout.write(line + (f", {tally.failed} could not be read" if tally.failed else ""))
        changed = sum(t.changed for t in tallies)
        failed = sum(t.failed for t in tallies)
        if changed and not self.dry_run:
            record(Action.WRITE, "data_keys.rotate", target_ref=ring.current_id)
        if failed:
            raise CommandError(
                f"{failed} row(s) could not be decrypted (listed above): restore the missing key and run again."
            )
        if self.dry_run:
            self.stdout.write(f"Dry run: nothing was changed. The current key is {ring.current_id!r}.")
        else:
            self.stdout.write(f"Every encrypted value now uses the key {ring.current_id!r}.")

    def rotate_model(self, model: type[models.Model], fields: list[EncryptedTextField], ring: crypto.KeyRing) -> Tally:
        tally = Tally(model._meta.label_lower)
        attnames = [f.attname for f in fields]
        manager = model._base_manager.db_manager(router.db_for_write(model))
        for page in pages(manager.all(), self.batch, *attnames):
            for pk, *values in page:
                tally.rows += 1
                if not any(needs_sealing(v, ring) for v in values):
                    continue
                if self.dry_run:
                    tally.changed += 1
                    continue
                try:
                    tally.changed += self.rotate_row(manager, fields, pk, ring)
                except crypto.DecryptionError as exc:
                    tally.failed += 1
                    self.stderr.write(f"{tally.label} row {pk}: {exc}")
        return tally

    def rotate_row(
        self, manager: models.Manager[Any], fields: list[EncryptedTextField], pk: Any, ring: crypto.KeyRing
    ) -> bool:
        with transaction.atomic(using=manager.db):
            locked = manager.select_for_update().filter(pk=pk)
            row = locked.values_list("public_id", *[f.attname for f in fields]).first()
            if row is None:  # deleted meanwhile
                return False
            public_id, *values = row
            changes = {
                field.attname: Sealed(reseal(value, field.aad_for(public_id), ring))
                for field, value in zip(fields, values, strict=True)
                if needs_sealing(value, ring)
            }
            if changes:
                manager.filter(pk=pk).update(**changes)
            return bool(changes)

    def rotate_authenticators(self, ring: crypto.KeyRing) -> Tally:
        tally = Tally(MFA_LABEL)
        manager = Authenticator.objects.db_manager(router.db_for_write(Authenticator))
        for page in pages(manager.all(), self.batch, "data"):
            for pk, data in page:
                tally.rows += 1
                if not any(needs_sealing(v, ring) for v in mfa_values(data)):
                    continue
                if self.dry_run:
                    tally.changed += 1
                    continue
                try:
                    tally.changed += self.rotate_authenticator(manager, pk, ring)
                except crypto.DecryptionError as exc:
                    tally.failed += 1
                    self.stderr.write(f"{tally.label} row {pk}: {exc}")
        return tally

    def rotate_authenticator(self, manager: models.Manager[Authenticator], pk: Any, ring: crypto.KeyRing) -> bool:
        with transaction.atomic(using=manager.db):
            data = manager.select_for_update().filter(pk=pk).values_list("data", flat=True).first()
            if not isinstance(data, dict):
                return False

            def again(value: Any) -> Any:
                if not needs_sealing(value, ring):
                    return value
                # Through the MFA adapter, which holds the associated data allauth's values use.
                plain = mfa_utils.decrypt(value) if crypto.is_token(value) else value
                return mfa_utils.encrypt(plain)

            new = dict(data)
            for key in ("secret", "seed"):
                if key in new:
                    new[key] = again(new[key])
            if isinstance(new.get("migrated_codes"), list):
                new["migrated_codes"] = [again(code) for code in new["migrated_codes"]]
            if new == data:
                return False
            manager.filter(pk=pk).update(data=new)
            return True


def mfa_values(data: Any) -> list[Any]:
    """The encrypted values inside an authenticator's data: the TOTP secret, the recovery seed."""
    if not isinstance(data, dict):
        return []
    codes = data.get("migrated_codes")
    return [data.get("secret"), data.get("seed"), *(codes if isinstance(codes, list) else [])]
