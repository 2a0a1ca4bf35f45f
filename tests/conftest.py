"""Test-wide fixtures: personas, signed-in clients, and the audit guard around the test database flush."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.test import Client

from audit import guards

from .personas import Personas, make_personas


def _flush_around_audit_guards(operations_class: Any) -> None:
    """Tests that need real transactions (browser journeys, concurrency) end with Django wiping every table.

    The audit table refuses DELETE and TRUNCATE by design, so the wipe drops its guards first and re-creates
    them straight after, in the same transaction. Only the test suite does this.
    """
    original = operations_class.sql_flush

    def sql_flush(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements = original(self, style, tables, **kwargs)
        if statements and guards.TABLE in tables:
            vendor = self.connection.vendor
            return [*guards.drop_statements(vendor), *statements, *guards.create_statements(vendor)]
        return statements

    operations_class.sql_flush = sql_flush


_flush_around_audit_guards(SQLiteWrapper.ops_class)
_flush_around_audit_guards(PostgresWrapper.ops_class)


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()


@pytest.fixture
def client_for(personas: Personas) -> Callable[[str], Client]:
    """A test client signed in as the named persona ("anonymous" for nobody)."""

    def make(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(personas[name], backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return make


@pytest.fixture
def smtp(settings: Any) -> Any:
    """Route e-mail to a real SMTP server for this test; yields the list of messages it received."""
    from .smtp import smtp_server

    with smtp_server() as (port, messages):
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
            }
        }
        yield messages
