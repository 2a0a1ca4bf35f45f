"""Re-encrypt everything under the active key: every encrypted column of every model, and registered extras
(encrypted files)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

from .fields import EMPTY, encrypted_fields
from .keyring import DecryptionError, keyring, token_key_id

# Extra rotators, such as the one for encrypted attachment files: each returns how many items it re-encrypted.
_extra: dict[str, Callable[[], int]] = {}


def register_rotator(name: str, rotate: Callable[[], int]) -> None:
    _extra[name] = rotate


@dataclass
class RotationReport:
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _stale(token: str | None, active: str) -> bool:
    if token is None or token == EMPTY:
        return False
    try:
        return token_key_id(token) != active
    except DecryptionError:
        return True  # not ours: surface it by failing on decryption below


def rotate_all(*, batch_size: int = 500) -> RotationReport:
    """Find rows holding any value sealed by an older key and save them again, which seals under the active key."""
    active = keyring().active_id
    report: dict[str, int] = {}
    for model in apps.get_models():
        fields = encrypted_fields(model)
        if not fields:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        pk_column = connection.ops.quote_name(str(model._meta.pk.column))
        columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
        # Raw tokens, not decrypted values: the key id is in the token.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk_column}, {columns} FROM {table}")  # noqa: S608 - quoted identifiers only
            stale_pks = [row[0] for row in cursor.fetchall() if any(_stale(token, active) for token in row[1:])]
        for start in range(0, len(stale_pks), batch_size):
            with transaction.atomic():
                chunk = stale_pks[start : start + batch_size]
                for instance in model._default_manager.filter(pk__in=chunk):
                    values = {field.name: getattr(instance, field.attname) for field in fields}
                    model._default_manager.filter(pk=instance.pk).update(**values)
        if stale_pks:
            report[model._meta.label] = len(stale_pks)
    for name, rotate in sorted(_extra.items()):
        count = rotate()
        if count:
            report[name] = count
    return RotationReport(rows=report)
