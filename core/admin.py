"""Trim the administration site to what system administrators need, and route it through our audited admin.

- Groups and e-mail addresses: unused (roles come from memberships; addresses are the user's own field).
- Task results: they hold message recipients and subjects, which administrators have no need to read.
- Lockouts (django-axes): kept, so that an administrator can unlock an account, with audited access.
"""

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.http import HttpRequest

from .admin_audit import AuditedModelAdmin


class ReadAndDeleteOnly(AuditedModelAdmin):
    """Lockout records are evidence: they can be read, and deleted to unlock an account, never edited."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _unregister_if_present(*models: type) -> None:
    for model in models:
        if admin.site.is_registered(model):
            admin.site.unregister(model)


def _trim() -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group
    from django_tasks_db.models import DBTaskResult

    _unregister_if_present(Group, EmailAddress, DBTaskResult, AccessAttempt, AccessLog, AccessFailureLog)

    for model, base in (
        (AccessAttempt, AccessAttemptAdmin),
        (AccessLog, AccessLogAdmin),
        (AccessFailureLog, AccessFailureLogAdmin),
    ):
        admin.site.register(model, type(f"Audited{base.__name__}", (ReadAndDeleteOnly, base), {}))


_trim()
