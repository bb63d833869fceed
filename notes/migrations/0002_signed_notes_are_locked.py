"""Database triggers that refuse to change what was signed, a second guard behind the actions and save().

On a signed note, no UPDATE may change who wrote or signed it, whose it is, when, how long, its
format or its content hash. The sections' ciphertext may change (``rotate_keys`` re-encrypts it
under a new key); the content hash is what shows the words are still those signed. Addenda are
append-only the same way. DELETE is left to the actions (which refuse it for signed notes), so
erasing a client's account can still remove everything of theirs.

SQLite drops a table's triggers when Django rebuilds the table, so a later migration that alters
these tables on SQLite must create them again (notes/tests/test_models.py fails if they are gone).
"""

from django.db import migrations

NOTE_MESSAGE = "signed session notes cannot be changed"
ADDENDUM_MESSAGE = "addenda cannot be changed"
NOTE_COLUMNS = (
    "public_id",
    "client_id",
    "author_id",
    "format",
    "session_on",
    "duration_minutes",
    "signed_at",
    "signed_by_id",
    "content_hash",
    "created_at",
)
ADDENDUM_COLUMNS = ("public_id", "note_id", "author_id", "created_at", "content_hash")


def changed(columns, operator):
    return " OR ".join(f"NEW.{column} {operator} OLD.{column}" for column in columns)


SQLITE_UP = [
    f"""CREATE TRIGGER notes_sessionnote_signed_locked BEFORE UPDATE ON notes_sessionnote
        WHEN OLD.signed_at IS NOT NULL AND ({changed(NOTE_COLUMNS, "IS NOT")})
        BEGIN SELECT RAISE(ABORT, '{NOTE_MESSAGE}'); END""",
    f"""CREATE TRIGGER notes_addendum_locked BEFORE UPDATE ON notes_addendum
        WHEN {changed(ADDENDUM_COLUMNS, "IS NOT")}
        BEGIN SELECT RAISE(ABORT, '{ADDENDUM_MESSAGE}'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS notes_sessionnote_signed_locked",
    "DROP TRIGGER IF EXISTS notes_addendum_locked",
]
POSTGRES_UP = [
    f"""CREATE OR REPLACE FUNCTION notes_sessionnote_signed_locked() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.signed_at IS NOT NULL AND ({changed(NOTE_COLUMNS, "IS DISTINCT FROM")}) THEN
            RAISE EXCEPTION '{NOTE_MESSAGE}';
          END IF;
          RETURN NEW;
        END $$""",
    """CREATE TRIGGER notes_sessionnote_signed_locked BEFORE UPDATE ON notes_sessionnote
        FOR EACH ROW EXECUTE FUNCTION notes_sessionnote_signed_locked()""",
    f"""CREATE OR REPLACE FUNCTION notes_addendum_locked() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF {changed(ADDENDUM_COLUMNS, "IS DISTINCT FROM")} THEN
            RAISE EXCEPTION '{ADDENDUM_MESSAGE}';
          END IF;
          RETURN NEW;
        END $$""",
    """CREATE TRIGGER notes_addendum_locked BEFORE UPDATE ON notes_addendum
        FOR EACH ROW EXECUTE FUNCTION notes_addendum_locked()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS notes_sessionnote_signed_locked ON notes_sessionnote",
    "DROP FUNCTION IF EXISTS notes_sessionnote_signed_locked()",
    "DROP TRIGGER IF EXISTS notes_addendum_locked ON notes_addendum",
    "DROP FUNCTION IF EXISTS notes_addendum_locked()",
]


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
