"""Database triggers that refuse changes to audit events, as a second guard behind AuditEvent.save/delete.

PostgreSQL refuses every UPDATE and DELETE of a row (TRUNCATE, an owner's operation that Django's
test flush uses, stays possible). SQLite refuses every UPDATE and every DELETE except of the
oldest remaining row: a middle or newest event cannot be removed, while emptying the table
oldest-first (what Django's test flush does) still works. Someone with the database file or the
table owner's rights can drop the triggers; the hash chain (manage.py verify_audit) is what
detects that kind of tampering.

SQLite drops a table's triggers when Django rebuilds the table, so a later migration that alters
AuditEvent on SQLite must create them again (audit/tests/test_chain.py fails if they are gone).
"""

from django.db import migrations

MESSAGE = "audit events are append-only"

SQLITE_UP = [
    f"""CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
        WHEN OLD.id <> (SELECT min(id) FROM audit_auditevent)
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
]
POSTGRES_UP = [
    f"""CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$""",
    """CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
        FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_append_only()",
]


def run(statements: dict[str, list[str]]):
    def apply(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
