"""Model fields whose values are encrypted at rest (AES-256-GCM, see keyring.py).

A value is sealed to its model and field (associated data), so it cannot be moved to another column. Encrypted
columns support no lookups but `isnull`: search them through a blind index (blind_index.py) instead.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from .keyring import keyring

EMPTY = ""


class EncryptedField(models.TextField):
    """Stores `serialise(value)` encrypted. Subclasses convert between Python values and text."""

    def serialise(self, value: Any) -> str:
        return str(value)

    def deserialise(self, text: str) -> Any:
        return text

    def associated_data(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def get_prep_value(self, value: Any) -> Any:
        value = self.to_python(value)
        if value is None:
            return None
        text = self.serialise(value)
        if text == EMPTY:
            return EMPTY
        return keyring().encrypt_text(text, associated_data=self.associated_data())

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if value == EMPTY:
            return self.to_python(EMPTY)
        return self.deserialise(keyring().decrypt_text(value, associated_data=self.associated_data()))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            return None  # an encrypted column cannot be searched: use its blind index
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None


class EncryptedTextField(EncryptedField):
    def to_python(self, value: Any) -> Any:
        return value if value is None else str(value)


class EncryptedDateField(EncryptedField):
    """A date, encrypted. Forms get a date; the column holds ciphertext of its ISO form."""

    _pyi_private_set_type: datetime.date | None  # type: ignore[assignment]
    _pyi_private_get_type: datetime.date | None  # type: ignore[assignment]

    def to_python(self, value: Any) -> Any:
        if value is None or value == EMPTY or isinstance(value, datetime.date):
            return value or None
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError as exc:
            raise ValidationError("Enter a real date.", code="invalid") from exc

    def serialise(self, value: Any) -> str:
        return value.isoformat()

    def deserialise(self, text: str) -> Any:
        return datetime.date.fromisoformat(text)

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return super(models.TextField, self).formfield(**{"form_class": forms.DateField, **kwargs})


class EncryptedJSONField(EncryptedField):
    """A JSON value (for example a list of aliases), encrypted."""

    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def to_python(self, value: Any) -> Any:
        return value

    def serialise(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def deserialise(self, text: str) -> Any:
        return json.loads(text)

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return keyring().encrypt_text(self.serialise(value), associated_data=self.associated_data())

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.deserialise(keyring().decrypt_text(value, associated_data=self.associated_data()))


def encrypted_fields(model: type[models.Model]) -> list[EncryptedField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, EncryptedField)]
