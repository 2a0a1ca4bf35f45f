"""Load a vulnerability assessment framework version from a JSON file. Idempotent: an existing version (same name
and version label) is left unchanged."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.framework_data import FrameworkFileInvalid, load_framework, read_framework_file
from audit.services import audit_append


class Command(BaseCommand):
    help = "Load a vulnerability assessment framework version from a JSON file (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = read_framework_file(options["path"])
        except (OSError, ValueError, FrameworkFileInvalid) as exc:
            raise CommandError(str(exc)) from exc
        version, created = load_framework(data)
        if created:
            audit_append(action="framework.loaded", obj=version, details={"factors": version.factors.count()})
            self.stdout.write(f"Loaded {version}: {version.factors.count()} factors.")
        else:
            self.stdout.write(f"{version} is already loaded; nothing changed.")
