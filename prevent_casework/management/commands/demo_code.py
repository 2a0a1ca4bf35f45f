"""`manage.py demo_code`: print the current six-digit code for the demo personas' shared authenticator secret."""

import time
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from organisations.demo import DEMO_TOTP_SECRET


def current_demo_code() -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))


class Command(BaseCommand):
    help = "Print the current authenticator code for the demo personas (demo mode only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG and settings.DEMO_MODE):
            raise CommandError("Demo codes are refused unless DEBUG and PREVENT_DEMO_MODE are both on.")
        self.stdout.write(current_demo_code())
