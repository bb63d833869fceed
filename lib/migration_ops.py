"""Migration helpers for turning a plain text column into an encrypted one."""

import uuid
from typing import Any

from django.db import migrations

from lib import crypto


def seal_existing(app_label: str, model_name: str, field_name: str) -> migrations.RunPython:
    """Encrypt the values a column held in the clear before it became an EncryptedTextField."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        column = schema_editor.quote_name(model._meta.get_field(field_name).column)
        ring = crypto.keyring()
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"SELECT id, public_id, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608  (names quoted)
            rows = cursor.fetchall()
            for pk, public_id, value in rows:
                if crypto.is_token(value):
                    continue
                aad = f"{app_label}.{model_name.lower()}.{field_name}.{uuid.UUID(str(public_id))}"
                cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [ring.encrypt(value, aad), pk])  # noqa: S608

    return migrations.RunPython(forwards, migrations.RunPython.noop)
