"""`manage.py rotate_keys`: re-encrypt every stored value and file under ENCRYPTION_ACTIVE_KEY_ID.

Rotation: generate a key (`manage.py rotate_keys --new-key`), add it to PREVENT_ENCRYPTION_KEYS, make it
PREVENT_ENCRYPTION_ACTIVE_KEY, restart, run this command; once it reports nothing left, the old key can go.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from audit.services import audit_append
from encryption.keyring import keyring, new_key
from encryption.rotation import rotate_all


class Command(BaseCommand):
    help = "Re-encrypt everything under the active encryption key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key", action="store_true", help="Print a new random key and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        report = rotate_all()
        with transaction.atomic():
            audit_append(
                action="encryption.keys_rotated",
                object_type="encryption.keyring",
                object_id=keyring().active_id,
                details={"rows": report.rows, "total": report.total},
            )
        for label, count in sorted(report.rows.items()):
            self.stdout.write(f"{label}: {count} re-encrypted")
        self.stdout.write(
            self.style.SUCCESS(f"Everything is under key {keyring().active_id!r} ({report.total} re-encrypted).")
        )
