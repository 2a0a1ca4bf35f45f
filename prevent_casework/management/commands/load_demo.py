"""`manage.py load_demo`: fictional demo data for every stage, idempotent. Refused unless DEBUG and demo mode are on."""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, PEOPLE


def project_demo_modules() -> list[Any]:
    """Each project app may have a `demo` module with a load() function; they run in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        if not str(config.path).startswith(str(settings.BASE_DIR)) or ".venv" in str(config.path):
            continue
        name = f"{config.name}.demo"
        if find_spec(name) is not None:
            modules.append(import_module(name))
    return modules


class Command(BaseCommand):
    help = "Load fictional demo data (demo mode only) and print how to sign in as each persona."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-personas", action="store_true", help="Do not print the sign-in table.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG and settings.DEMO_MODE):
            raise CommandError("Demo data is refused unless DEBUG and PREVENT_DEMO_MODE are both on.")
        with transaction.atomic():
            for module in project_demo_modules():
                for line in module.load():
                    self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        if not options["quiet_personas"]:
            self.stdout.write(persona_table())


def persona_table(url: str = "http://127.0.0.1:8000/") -> str:
    width = max(len(person.email) for person in PEOPLE)
    rows = [f"  {person.email.ljust(width)}  {person.role.label}, {person.organisation}" for person in PEOPLE]
    return "\n".join(
        [
            "",
            f"Sign in at {url} as any of these demo personas:",
            *rows,
            "",
            f"  Password for all of them:   {DEMO_PASSWORD}",
            f"  Authenticator app secret:   {DEMO_TOTP_SECRET}  (add it to any TOTP app once)",
            "  Or print the current code:  make demo-code",
            "",
        ]
    )
