"""Someone with a copy of the database file learns no clinical text and no TOTP secret."""

import sqlite3
import tempfile
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.db import connection
from django.test import TransactionTestCase

from accounts.adapter import MFAAdapter
from accounts.models import Role
from lib import crypto
from lib.testing import activate_totp, make_user
from lib.tests.encrypted_models import Note, NoteTables

DISTINCTIVE = "Quillfeather relapse after the Thursday 7731 argument"


def database_copy() -> bytes:
    """The bytes of a copy of the database, as a thief or a stray backup would hold them.

    SQLite: a page-for-page copy of the database file (the backup API copies free pages too).
    PostgreSQL: every row of every table, as text.
    """
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "copy.sqlite3"
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
            return path.read_bytes()
    rows: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(
                f"SELECT t::text FROM {connection.ops.quote_name(table)} t"
            )  # table names from introspection
            rows.extend(row[0] for row in cursor.fetchall())
    return "\n".join(rows).encode()


class DatabaseCopyTest(NoteTables, TransactionTestCase):
    def test_it_leaves_no_clinical_text_in_a_copy_of_the_database(self) -> None:
        note = Note.objects.create(title="Tuesday-title-7731", body=DISTINCTIVE, plan="Quillfeather safety plan")
        note.body = f"{DISTINCTIVE}, edited"
        note.save()
        token = Note.objects.filter(pk=note.pk).values_list("body", flat=True).get()

        copied = database_copy()

        self.assertIn(b"Tuesday-title-7731", copied)  # plain columns are there: the scan works
        self.assertIn(token.encode(), copied)
        self.assertNotIn(b"Quillfeather", copied)
        self.assertNotIn(b"7731 argument", copied)
        self.assertEqual(Note.objects.get(pk=note.pk).body, f"{DISTINCTIVE}, edited")

    def test_it_leaves_no_totp_secret_or_recovery_seed_in_a_copy_of_the_database(self) -> None:
        therapist = make_user(None, "quill@example.com", Role.THERAPIST, "Dr Quill")
        secret = activate_totp(therapist)
        recovery = RecoveryCodes.activate(therapist)
        totp = Authenticator.objects.get(user=therapist, type=Authenticator.Type.TOTP)
        stored_secret = totp.data["secret"]
        stored_seed = Authenticator.objects.get(pk=recovery.instance.pk).data["seed"]

        self.assertTrue(crypto.is_token(stored_secret))
        self.assertTrue(crypto.is_token(stored_seed))
        self.assertEqual(MFAAdapter().decrypt(stored_secret), secret)

        copied = database_copy()

        self.assertIn(stored_secret.encode(), copied)
        self.assertNotIn(secret.encode(), copied)
        self.assertNotIn(MFAAdapter().decrypt(stored_seed).encode(), copied)
        self.assertIn(b"quill@example.com", copied)  # plain columns are there: the scan works
