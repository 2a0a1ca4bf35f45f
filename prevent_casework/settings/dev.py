"""Local development: `make run`. DEBUG and demo mode on; e-mail printed to the console unless an SMTP host is set."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("PREVENT_DEMO_MODE", "true")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402,F403
from .base import MAILERS, STORAGES  # noqa: E402

# The manifest storage needs collectstatic; development serves files straight from static/.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

if MAILERS["default"]["BACKEND"].endswith("console.EmailBackend"):
    MAILERS = {"default": {"BACKEND": MAILERS["default"]["BACKEND"]}}

# Serve static files straight from static/ (no collectstatic needed) and keep whitenoise quiet about STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
