"""Production settings pass `check --deploy`; SQLite is the default; demo data is idempotent and demo-only."""

import base64
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from audit.models import AuditEvent
from organisations.demo import PEOPLE
from organisations.models import Area, Membership, Organisation
from organisations.roles import Role

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PREVENT_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_with_no_warnings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="prevent_casework.settings.production",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x9Zq7!" * 10,
        PREVENT_AUDIT_HMAC_KEY="a-long-random-audit-key-" + "k3Yw8#" * 10,
        DJANGO_ALLOWED_HOSTS="prevent.example.gov.uk",
        PREVENT_ENCRYPTION_KEYS="prod-1:" + base64.b64encode(b"p" * 32).decode(),
        PREVENT_BLIND_INDEX_KEY="a-long-random-blind-index-key-" + "b7Xv2$" * 10,
        PREVENT_BASE_URL="https://prevent.example.gov.uk",
        PREVENT_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secrets(tmp_path):
    result = _manage(
        "check", DJANGO_SETTINGS_MODULE="prevent_casework.settings.production", PREVENT_VAR_DIR=str(tmp_path)
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_default_database_is_sqlite_in_var_with_wal_and_immediate_transactions(tmp_path):
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['OPTIONS']['transaction_mode'], d['OPTIONS']['init_command'])"
    )
    result = _manage(
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="prevent_casework.settings.dev",
        PREVENT_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert f"django.db.backends.sqlite3 {tmp_path}/prevent-casework.sqlite3 IMMEDIATE" in result.stdout
    assert "journal_mode=WAL" in result.stdout
    assert "busy_timeout" in result.stdout


def test_database_url_selects_postgres():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = _manage(
        "shell",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="prevent_casework.settings.dev",
        DATABASE_URL="postgres://someone@127.0.0.1:5432/somewhere",
    )
    assert result.stdout.strip().endswith("django.db.backends.postgresql"), result.stderr


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from prevent_casework.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    validators = {v["NAME"].rsplit(".", 1)[1]: v.get("OPTIONS", {}) for v in base.AUTH_PASSWORD_VALIDATORS}
    assert validators["MinimumLengthValidator"] == {"min_length": 12}
    assert "CommonPasswordValidator" in validators


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_audited(settings):
    settings.DEBUG = True
    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-personas", stdout=StringIO())
    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        Area.objects.count(),
    )
    events = AuditEvent.objects.count()
    call_command("load_demo", "--quiet-personas", stdout=StringIO())
    assert (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        Area.objects.count(),
    ) == counts
    assert AuditEvent.objects.count() == events
    assert set(Area.objects.values_list("name", flat=True)) == {"Essex", "Southend", "Thurrock"}
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    assert all(p.email.endswith(("example.org", "example.gov.uk")) for p in PEOPLE)
    assert not User.objects.filter(is_superuser=True).exists()


@pytest.mark.django_db
def test_load_demo_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = True
    with pytest.raises(CommandError, match="refused"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_code_matches_what_sign_in_accepts(settings):
    from allauth.mfa.totp.internal.auth import validate_totp_code

    from organisations.demo import DEMO_TOTP_SECRET

    settings.DEBUG = True
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("demo_code", stdout=out)
    assert validate_totp_code(DEMO_TOTP_SECRET, out.getvalue().strip())
