"""Local development (`make run`): DEBUG and demo mode on; e-mail printed to the console unless
DJANGO_EMAIL_BACKEND names another backend (with EMAIL_HOST and EMAIL_PORT for SMTP)."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("PREVENT_DEMO_MODE", "true")
_CONSOLE = "django.core.mail.backends.console.EmailBackend"
os.environ.setdefault("DJANGO_EMAIL_BACKEND", _CONSOLE)

from .base import *  # noqa: E402,F403
from .base import MAILERS, STATIC_ROOT, STORAGES  # noqa: E402

# The manifest storage needs collectstatic; development serves files straight from static/.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

if os.environ["DJANGO_EMAIL_BACKEND"] == _CONSOLE:
    MAILERS = {"default": {"BACKEND": _CONSOLE}}  # the console backend takes no SMTP options

# Serve static files straight from static/ (no collectstatic needed) and keep whitenoise quiet about STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
