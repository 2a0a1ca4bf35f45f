"""Changes made in the administration pages are audited like any other write."""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from audit.services import audit_append


class AuditedModelAdmin(admin.ModelAdmin):
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
