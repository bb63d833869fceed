"""manage.py new_data_key and rotate_keys: a new key can replace the old one without losing anything."""

from io import StringIO
from unittest import mock

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.adapter import MFAAdapter
from accounts.models import Role
from audit.models import AuditEvent
from lib import crypto
from lib.fields import Sealed
from lib.management.commands import rotate_keys
from lib.testing import WaymarkTestCase, activate_totp, make_user
from lib.tests.encrypted_models import Note, NoteTables, note_apps

K1 = "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
K2 = "k2:ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="
K9 = "k9:YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY="


def stored(note: Note, field: str = "body") -> str:
    return Note.objects.filter(pk=note.pk).values_list(field, flat=True).get()


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with mock.patch.object(rotate_keys, "apps", note_apps):
        call_command("rotate_keys", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class RotateKeysTest(NoteTables, WaymarkTestCase):
    def setUp(self) -> None:
        self.first = Note.objects.create(body="Urge after the work dinner", plan="Text Sam")
        self.second = Note.objects.create(body="A quiet week")
        self.empty = Note.objects.create(body="")
        self.person = make_user(self.practice, "rota@example.com", Role.THERAPIST, "Dr Rota")
        self.secret = activate_totp(self.person)
        self.codes = RecoveryCodes.activate(self.person).generate_codes()

    def mfa_tokens(self) -> list[str]:
        tokens = []
        for data in Authenticator.objects.values_list("data", flat=True):
            tokens += [data[key] for key in ("secret", "seed") if key in data]
        return tokens

    def test_it_moves_every_value_onto_the_new_key_and_the_old_key_can_go(self) -> None:
        with override_settings(WAYMARK_DATA_KEYS=f"{K2},{K1}"):
            out, _ = run()
        self.assertIn("lib.note: re-encrypted 2 of 3 rows", out)
        self.assertIn("mfa.authenticator: re-encrypted 6 of 6 rows", out)
        self.assertTrue(all(t.startswith("k2$") for t in [stored(self.first), stored(self.second)]))
        self.assertTrue(stored(self.first, "plan").startswith("k2$"))
        self.assertEqual(stored(self.empty), "")
        self.assertTrue(all(t.startswith("k2$") for t in self.mfa_tokens()))

        with override_settings(WAYMARK_DATA_KEYS=K2):
            first = Note.objects.get(pk=self.first.pk)
            self.assertEqual((first.body, first.plan), ("Urge after the work dinner", "Text Sam"))
            self.assertEqual(Note.objects.get(pk=self.second.pk).body, "A quiet week")
            self.assertEqual(Note.objects.get(pk=self.empty.pk).body, "")
            totp = Authenticator.objects.get(user=self.person, type=Authenticator.Type.TOTP)
            self.assertEqual(MFAAdapter().decrypt(totp.data["secret"]), self.secret)
            recovery = Authenticator.objects.get(user=self.person, type=Authenticator.Type.RECOVERY_CODES)
            self.assertEqual(RecoveryCodes(recovery).generate_codes(), self.codes)

    def test_it_changes_nothing_the_second_time(self) -> None:
        with override_settings(WAYMARK_DATA_KEYS=f"{K2},{K1}"):
            run()
            tokens = [stored(self.first), stored(self.first, "plan"), stored(self.second), *self.mfa_tokens()]
            out, _ = run()
            again = [stored(self.first), stored(self.first, "plan"), stored(self.second), *self.mfa_tokens()]
        self.assertIn("lib.note: re-encrypted 0 of 3 rows", out)
        self.assertIn("mfa.authenticator: re-encrypted 0 of 6 rows", out)
        self.assertEqual(tokens, again)

    def test_it_only_counts_in_a_dry_run(self) -> None:
        before = stored(self.first)
        with override_settings(WAYMARK_DATA_KEYS=f"{K2},{K1}"):
            out, _ = run("--dry-run")
        self.assertIn("lib.note: would re-encrypt 2 of 3 rows", out)
        self.assertIn("mfa.authenticator: would re-encrypt 6 of 6 rows", out)
        self.assertIn("nothing was changed", out)
        self.assertEqual(stored(self.first), before)
        self.assertFalse(AuditEvent.objects.filter(what="data_keys.rotate").exists())

    def test_it_works_in_small_batches_and_leaves_an_audit_event(self) -> None:
        with override_settings(WAYMARK_DATA_KEYS=f"{K2},{K1}"):
            out, _ = run("--batch-size", "1")
        self.assertIn("lib.note: re-encrypted 2 of 3 rows", out)
        event = AuditEvent.objects.get(what="data_keys.rotate")
        self.assertEqual(event.target_ref, "k2")

    def test_it_seals_values_that_were_stored_in_the_clear(self) -> None:
        Note.objects.filter(pk=self.second.pk).update(body=Sealed("Written before the field was encrypted"))
        totp = Authenticator.objects.get(user=self.person, type=Authenticator.Type.TOTP)
        Authenticator.objects.filter(pk=totp.pk).update(data={"secret": self.secret})
        out, _ = run()
        self.assertIn("lib.note: re-encrypted 1 of 3 rows", out)
        self.assertIn("mfa.authenticator: re-encrypted 1 of 6 rows", out)
        self.assertEqual(Note.objects.get(pk=self.second.pk).body, "Written before the field was encrypted")
        data = Authenticator.objects.get(pk=totp.pk).data
        self.assertTrue(crypto.is_token(data["secret"]))
        self.assertEqual(MFAAdapter().decrypt(data["secret"]), self.secret)

    def test_it_names_rows_it_cannot_read_and_still_rotates_the_rest(self) -> None:
        with override_settings(WAYMARK_DATA_KEYS=K9):
            lost = Note.objects.create(body="Sealed with a key that is gone")
        with override_settings(WAYMARK_DATA_KEYS=f"{K2},{K1}"):
            with self.assertRaisesMessage(CommandError, "1 row(s) could not be decrypted"):
                run()
            self.assertTrue(stored(self.first).startswith("k2$"))
        self.assertTrue(stored(lost).startswith("k9$"))

    def test_it_skips_proxy_models_so_each_table_is_rotated_once(self) -> None:
        with mock.patch.object(rotate_keys, "apps", note_apps):
            found = rotate_keys.encrypted_models()
        self.assertEqual([(model, [f.name for f in fields]) for model, fields in found], [(Note, ["body", "plan"])])


class NewDataKeyTest(WaymarkTestCase):
    def test_it_prints_a_key_that_can_go_first_in_the_setting(self) -> None:
        out, err = StringIO(), StringIO()
        call_command("new_data_key", "k2", stdout=out, stderr=err)
        spec = out.getvalue().strip()
        ring = crypto.parse_keys(f"{spec},{K1}")
        self.assertEqual(ring.current_id, "k2")
        self.assertIn("rotate_keys", err.getvalue())
        again = StringIO()
        call_command("new_data_key", "k2", stdout=again, stderr=StringIO())
        self.assertNotEqual(again.getvalue().strip(), spec)

    def test_it_refuses_an_id_in_use_or_badly_formed(self) -> None:
        with self.assertRaisesMessage(CommandError, "already configured"):
            call_command("new_data_key", "k1", stdout=StringIO(), stderr=StringIO())
        with self.assertRaisesMessage(CommandError, "must be 1-16 letters"):
            call_command("new_data_key", "key$two", stdout=StringIO(), stderr=StringIO())
