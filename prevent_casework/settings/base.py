"""Settings shared by every environment. Everything that differs between machines comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("PREVENT_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-not-for-production-use-0123456789")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "prevent_casework.admin_apps.PreventAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    # Project apps: a small core, then one app per stage of the Prevent process.
    "accounts",
    "organisations",
    "audit",
    "encryption",
    "core",
    # Stages of the Prevent process.
    "people",
    "concerns",
    "triage",
    "chronology",
    "sharing",
    "governance",
    "referrals",
    "screening",
    "preliminary",
    "cases",
    "assessments",
    "notifications",
    # The site: URLs, navigation, home page, administration site, demo loading, hand-offs between stages.
    "prevent_casework",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestContextMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireSecondFactorMiddleware",
    "organisations.middleware.ActingMembershipMiddleware",
    "core.access.RefusalAuditMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    # Axes last, as its documentation asks, so that it sees the final response to a sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prevent_casework.urls"
FORM_RENDERER = "core.forms.GovukFormRenderer"
WSGI_APPLICATION = "prevent_casework.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "prevent_casework.context_processors.service",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
# SQLite under var/ unless DATABASE_URL names another database (PostgreSQL in CI and production).
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "prevent-casework.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two writers queue
                # instead of one failing half-way ("database is locked") and the audit chain never forks.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # A database cache, so that every worker process sees the same used one-time codes and rate limits.
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "prevent_cache"}
}

# --- Users and sign-in ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "site:dashboard"

ACCOUNT_ADAPTER = "prevent_casework.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
# No mail to addresses without an account: there is no sign-up to point them to, and the page already answers
# the same whether or not the account exists.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Prevent Casework: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env_str("PREVENT_HTTP_PROTOCOL", "http")
# Per-address throttling only: locking an account after repeated failures is django-axes's job (below).
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip"}
# Administrators create accounts with addresses they know; there is no e-mail verification step to wait for.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Confirming it is you again: password or second factor (no e-mailed codes: that route is not offered).
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
MFA_ADAPTER = "prevent_casework.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Prevent Casework"
# Accept the code of the neighbouring 30-second step too: phones and servers drift (RFC 6238 section 5.2).
MFA_TOTP_TOLERANCE = 1
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Lockout: django-axes counts failures per account (the e-mail typed), whatever the address they come from.
AXES_FAILURE_LIMIT = env_int("PREVENT_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PREVENT_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_credentials"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# axes.W006 asks to lock by address too. A council or school reaches us from one address for hundreds of staff,
# so five mistakes would lock them all out; per-address throttling is allauth's rate limit (ACCOUNT_RATE_LIMITS).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_ENABLE_ADMIN = True
AXES_VERBOSE = False

# Sessions: idle timeout and absolute lifetime are enforced by accounts.middleware.SessionLifetimeMiddleware.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("PREVENT_SESSION_IDLE_MINUTES", 30))
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env_int("PREVENT_SESSION_MAX_HOURS", 12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "prevent_session"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# --- Security headers -------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# --- Static files ---------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Email and background work ------------------------------------------------------------------------------
MAILERS = {
    "default": {
        "BACKEND": env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "127.0.0.1"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": 20,
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Prevent Casework <no-reply@prevent-casework.example.gov.uk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PERIODIC_RUNNER_INTERVAL_SECONDS = env_int("PREVENT_PERIODIC_INTERVAL", 60)

# --- Audit ------------------------------------------------------------------------------------------------
# The key that seals the audit chain. Keep it apart from SECRET_KEY so that rotating one leaves the other.
AUDIT_HMAC_KEY = env_str("PREVENT_AUDIT_HMAC_KEY", "insecure-development-audit-key-not-for-production-0123456789")

# --- Encryption at rest -------------------------------------------------------------------------------------
# PREVENT_ENCRYPTION_KEYS: "key-id:base64-of-32-bytes,..." (`manage.py rotate_keys --new-key` makes one).
# The active key seals new values; older keys stay listed until `manage.py rotate_keys` has re-sealed everything.
_DEV_ENCRYPTION_KEYS = "dev-2026:ZGV2LWtleS1uZXZlci1mb3ItcHJvZHVjdGlvbi11c2U="
ENCRYPTION_KEYS = dict(
    item.strip().split(":", 1) for item in env_str("PREVENT_ENCRYPTION_KEYS", _DEV_ENCRYPTION_KEYS).split(",") if item
)
ENCRYPTION_ACTIVE_KEY_ID = env_str("PREVENT_ENCRYPTION_ACTIVE_KEY", list(ENCRYPTION_KEYS)[-1])
# The key of the HMAC blind indexes (exact-match search on encrypted names and dates of birth).
BLIND_INDEX_KEY = env_str("PREVENT_BLIND_INDEX_KEY", "insecure-development-blind-index-key-0123456789")
# Attachments: the largest file accepted, in bytes.
ATTACHMENT_MAX_BYTES = env_int("PREVENT_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Referrals ------------------------------------------------------------------------------------------------
# A referral not screened by the police within this many working days is shown as overdue.
SCREENING_DUE_WORKING_DAYS = env_int("PREVENT_SCREENING_DUE_WORKING_DAYS", 5)

# --- The service ------------------------------------------------------------------------------------------
SERVICE_NAME = "Prevent Casework"
SERVICE_BASE_URL = env_str("PREVENT_BASE_URL", "http://127.0.0.1:8000")
SERVICE_PHASE = env_str("PREVENT_SERVICE_PHASE", "Beta")
FEEDBACK_EMAIL = env_str("PREVENT_FEEDBACK_EMAIL", "prevent-casework-support@example.gov.uk")
# Demo personas and their fixed sign-in details are refused unless this is on and DEBUG is on.
DEMO_MODE = env_bool("PREVENT_DEMO_MODE", False)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {"TITLE": "Prevent Casework API", "VERSION": "0.1.0", "SERVE_INCLUDE_SCHEMA": False}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # fontTools logs which glyphs each PDF uses: a hint of the document's text, so it is kept quiet.
    "loggers": {"axes": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
