"""A text field that is stored encrypted and read back as plain text."""

from typing import Any

from django.core import checks
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init
from django.utils.functional import cached_property

from lib import crypto


class Sealed(str):
    """Ciphertext as stored, not yet decrypted.

    ``aad`` is the associated data of the row it was read from, once known, so a copied instance
    (``pk = None``, a new ``public_id``) still decrypts it and then seals it for its new row.
    """

    aad: str | None

    def __new__(cls, token: str, aad: str | None = None) -> "Sealed":
        sealed = super().__new__(cls, token)
        sealed.aad = aad
        return sealed


class _Decrypting(DeferredAttribute):
    """Decrypts on first access and keeps the plain text on the instance from then on.

    A data descriptor (it has ``__set__``), so every read comes here, even once loaded.
    """

    field: "EncryptedTextField"

    def __get__(self, instance: models.Model | None, cls: type | None = None) -> Any:
        if instance is None:
            return self
        data = instance.__dict__
        attname = self.field.attname
        if attname not in data:  # deferred: fetch only the ciphertext, not a whole copy of the row
            if instance.pk is None:
                return super().__get__(instance, cls)
            data[attname] = self.field.fetch(instance)
        value = data[attname]
        if isinstance(value, Sealed):
            value = self.field.open(value, instance)
            data[attname] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """AES-GCM at rest; the associated data binds each value to its model, field and row.

    The row is named by its ``public_id``, so every model with this field needs one (a system
    check says so). Values cannot be filtered on (except ``""``); ``QuerySet.update`` and
    ``bulk_update`` with plain text are refused: write with ``save()``.
    """

    descriptor_class = _Decrypting

    def __init__(self, *args: Any, max_chars: int = 20_000, **kwargs: Any) -> None:
        self.max_chars = max_chars
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.max_chars != 20_000:
            kwargs["max_chars"] = self.max_chars
        return name, path, args, kwargs

    def contribute_to_class(self, cls: type[models.Model], name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only)
        if not cls._meta.abstract:
            post_init.connect(self._bind_loaded, sender=cls, weak=False)

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        names = {f.name for f in self.model._meta.get_fields()}
        if "public_id" not in names:
            errors.append(
                checks.Error(
                    f"{self.model._meta.label} has an EncryptedTextField but no public_id field.",
                    hint="The ciphertext is bound to its row by public_id: add a UUIDField named public_id.",
                    obj=self,
                    id="lib.E001",
                )
            )
        return errors

    @cached_property
    def validators(self) -> list[Any]:
        return [*super().validators, MaxLengthValidator(self.max_chars)]

    def aad_for(self, public_id: object) -> str:
        # The model that declares the field, so proxies and child models read the same rows.
        return f"{self.model._meta.label_lower}.{self.name}.{public_id}"

    def associated_data(self, instance: models.Model) -> str:
        return self.aad_for(instance.public_id)  # type: ignore[attr-defined]

    def _bind_loaded(self, sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
        """Remember which row a just-loaded ciphertext belongs to (when public_id was loaded too)."""
        value = instance.__dict__.get(self.attname)
        if isinstance(value, Sealed) and value.aad is None and "public_id" in instance.__dict__:
            instance.__dict__[self.attname] = Sealed(value, self.associated_data(instance))

    def fetch(self, instance: models.Model) -> str:
        """The stored token of a saved instance whose value was deferred."""
        manager = type(instance)._base_manager.db_manager(instance._state.db, hints={"instance": instance})
        stored = manager.filter(pk=instance.pk).values_list(self.attname, flat=True).get()
        return stored or ""

    def open(self, sealed: Sealed, instance: models.Model) -> str:
        aad = sealed.aad if sealed.aad is not None else self.associated_data(instance)
        return crypto.keyring().decrypt(sealed, aad)

    def formfield(self, **kwargs: Any) -> Any:
        kwargs.setdefault("max_length", self.max_chars)
        return super().formfield(**kwargs)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str:
        if not value:
            return ""
        return Sealed(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        data = model_instance.__dict__
        value = data[self.attname] if self.attname in data else getattr(model_instance, self.attname)
        aad = self.associated_data(model_instance)
        if isinstance(value, Sealed):
            if value.aad == aad:
                return value  # never opened, same row: store it as it is
            value = self.open(value, model_instance)
        if not value:
            return ""
        if not isinstance(value, str):
            raise TypeError(f"{self.name} holds text, not {type(value).__name__}")
        return Sealed(crypto.keyring().encrypt(value, aad), aad)

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return value
        if isinstance(value, Sealed):
            return str(value)
        raise ValueError(f"{self.name} is encrypted: write it with save(), not update(), bulk_update() or a filter")
