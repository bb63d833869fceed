"""A text field that is stored encrypted and read back as plain text."""

from typing import Any

from django.db import models

from lib import crypto


class Sealed(str):
    """Ciphertext just read from the database, decrypted on first access."""


class _Decrypting:
    def __init__(self, field: "EncryptedTextField") -> None:
        self.field = field

    def __get__(self, instance: models.Model | None, owner: type) -> Any:
        if instance is None:
            return self
        value = instance.__dict__.get(self.field.attname, "")
        if isinstance(value, Sealed):
            value = crypto.keyring().decrypt(value, self.field.associated_data(instance))
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):
    """AES-GCM at rest; the associated data binds each value to its model, field and row.

    The row is named by its ``public_id``, so every model with this field needs one. Values
    cannot be filtered on, and ``QuerySet.update`` with plain text is refused.
    """

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
        setattr(cls, self.attname, _Decrypting(self))

    def associated_data(self, instance: models.Model) -> str:
        return f"{instance._meta.label_lower}.{self.name}.{instance.public_id}"  # type: ignore[attr-defined]

    def formfield(self, **kwargs: Any) -> Any:
        kwargs.setdefault("max_length", self.max_chars)
        return super().formfield(**kwargs)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str:
        if not value:
            return ""
        return Sealed(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        plain = getattr(model_instance, self.attname) or ""
        if not plain:
            return ""
        return crypto.keyring().encrypt(plain, self.associated_data(model_instance))

    def get_prep_value(self, value: Any) -> Any:
        if value in (None, "") or isinstance(value, Sealed):
            return value
        if isinstance(value, str) and crypto.is_token(value):
            return value
        raise ValueError(f"{self.name} is encrypted: write it with save(), not update() or a filter")
