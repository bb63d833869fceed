"""Test-only models with encrypted fields, in their own app registry, and a mixin that makes their tables.

No product model uses EncryptedTextField yet, so the tests exercise it here; the tables are
created before the test class opens its transaction (SQLite's schema editor cannot run inside
one) and dropped after it closes.
"""

import uuid
from typing import Any, ClassVar

from django.db import connection, models
from django.test import TransactionTestCase
from django.test.utils import isolate_apps

from lib.fields import EncryptedTextField

with isolate_apps("lib") as note_apps:

    class Note(models.Model):
        public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
        title = models.CharField(max_length=40, blank=True)
        body = EncryptedTextField(max_chars=200)
        plan = EncryptedTextField()
        updated_at = models.DateTimeField(auto_now=True)

        objects: ClassVar[models.Manager["Note"]] = models.Manager()

        class Meta:
            app_label = "lib"

        def __str__(self) -> str:
            return self.title

        def __reduce__(self) -> Any:
            # Django unpickles (and so copies) a model through the global app registry, where this
            # test-only model is absent; rebuild it the same way, from this class.
            state = super().__reduce__()[2]
            return object.__new__, (type(self),), state

    class NoteProxy(Note):
        objects: ClassVar[models.Manager["NoteProxy"]] = models.Manager()

        class Meta:
            app_label = "lib"
            proxy = True


TABLES: list[type[models.Model]] = [Note]


class NoteTables(TransactionTestCase):
    """Put first in the bases of a TestCase or TransactionTestCase to get the Note table."""

    @classmethod
    def setUpClass(cls) -> None:
        with connection.schema_editor() as editor:
            for model in TABLES:
                editor.create_model(model)
        cls.addClassCleanup(cls._drop_tables)
        super().setUpClass()

    @classmethod
    def _drop_tables(cls) -> None:
        with connection.schema_editor() as editor:
            for model in TABLES:
                editor.delete_model(model)
