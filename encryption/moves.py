"""Re-sealing encrypted columns when a model moves to another app.

An encrypted value is sealed to its model's label and field name (encryption.fields: associated data
"app.model.field"), so a value written under "referrals.screening" does not open as "screening.screening". A
migration that moves a model calls `reseal_moved_columns` to open every value with the old label and seal it again
with the new one, under the active key, in the migration's transaction. Its reverse seals them back.
"""

from __future__ import annotations

from typing import Any

from .fields import EMPTY
from .keyring import keyring


def reseal_moved_columns(
    schema_editor: Any, *, table: str, columns: list[str], old_label: str, new_label: str, batch_size: int = 500
) -> int:
    """Re-seal `columns` of every row of `table` from `old_label` to `new_label`. Returns how many values changed."""
    ring = keyring()
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    changed = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(quote(c) for c in columns)} FROM {quote(table)} ORDER BY id")  # noqa: S608
        rows = cursor.fetchall()
    for start in range(0, len(rows), batch_size):
        for row in rows[start : start + batch_size]:
            pk, values = row[0], row[1:]
            updates = {}
            for column, value in zip(columns, values, strict=True):
                if value is None or value == EMPTY:
                    continue
                plain = ring.decrypt_text(value, associated_data=f"{old_label}.{column}")
                updates[column] = ring.encrypt_text(plain, associated_data=f"{new_label}.{column}")
            if updates:
                assignments = ", ".join(f"{quote(c)} = %s" for c in updates)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {assignments} WHERE id = %s",  # noqa: S608
                        [*updates.values(), pk],
                    )
                changed += len(updates)
    return changed


def reseal_migration_operations(moves: list[tuple[str, list[str], str, str]]) -> Any:
    """A RunPython operation for a migration: `moves` is [(table, columns, old_label, new_label)]."""
    from django.db import migrations

    def forward(apps: Any, schema_editor: Any) -> None:
        for table, columns, old, new in moves:
            reseal_moved_columns(schema_editor, table=table, columns=columns, old_label=old, new_label=new)

    def backward(apps: Any, schema_editor: Any) -> None:
        for table, columns, old, new in moves:
            reseal_moved_columns(schema_editor, table=table, columns=columns, old_label=new, new_label=old)

    return migrations.RunPython(forward, backward)
