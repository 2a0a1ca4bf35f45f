"""`manage.py audit_verify`: walk the audit chain and name the first broken link. Exit status 1 when broken."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log and name the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_verify_chain()
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at sequence {broken.sequence}: {broken.reason}. {checked} rows read."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} rows verified."))
