"""What every administration page shares: access by role (not Django's per-model permissions) and audited changes."""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from audit.services import audit_append


class AuditedModelAdmin(admin.ModelAdmin):
    """System administrators (by their acting role, checked by the admin site) manage these models.

    Permissions follow the role rather than Django's model permissions, so nobody is made a superuser: a
    superuser would pass every permission check in the service, including ones on case content.
    Subclasses narrow this further (no deletes where records must stay).
    """

    def _allowed(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        audit_append(action="admin.added", actor=request.user, obj=obj)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        changed = sorted({field for entry in message or [] for field in entry.get("changed", {}).get("fields", [])})
        audit_append(action="admin.changed", actor=request.user, obj=obj, details={"fields": changed})
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        for obj in queryset:
            audit_append(action="admin.deleted", actor=request.user, obj=obj)
        return super().log_deletions(request, queryset)
