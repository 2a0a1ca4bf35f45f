"""Production: HTTPS only, secrets from the environment (no defaults for them), demo mode impossible."""

import os

os.environ["DJANGO_DEBUG"] = "false"
os.environ["PREVENT_DEMO_MODE"] = "false"

from .base import *  # noqa: F403
from .env import env_int, env_str

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
AUDIT_HMAC_KEY = env_str("PREVENT_AUDIT_HMAC_KEY")
BLIND_INDEX_KEY = env_str("PREVENT_BLIND_INDEX_KEY")
SERVICE_BASE_URL = env_str("PREVENT_BASE_URL")  # links in e-mail must point at the real service
env_str("PREVENT_ENCRYPTION_KEYS")  # required: the development key must never seal production data
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("PREVENT_HSTS_SECONDS", 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-prevent_session"
CSRF_COOKIE_NAME = "__Host-csrftoken"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
