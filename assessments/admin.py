"""The vulnerability assessment framework, kept by administrators (policy 2.2: "these factors can also be added
to"). Assessments themselves are case content: never in the admin.

A published version is read-only here (and the models refuse changes to it): to change the framework, copy a version
as a new draft ("Copy as a new draft version"), edit its dimensions, factors and rating scale, then "Publish" it.
New assessments use the newest published version; each assessment keeps its own. Versions are never deleted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from core.admin_audit import AuditedModelAdmin
from core.state_machine import IllegalTransition

from .models import Dimension, Factor, FrameworkVersion, RatingLevel
from .services import AssessmentInvalid, framework_copy_as_draft, framework_publish
from .states import FRAMEWORK_STATES


def _published(obj: Any) -> bool:
    return isinstance(obj, FrameworkVersion) and not FRAMEWORK_STATES.may("edit", obj)


class FrameworkPartInline(admin.TabularInline):
    """Parts of a version: editable while it is a draft, read-only once published. Access by role, as the admin."""

    extra = 0

    def _allowed(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) and obj is not None and not _published(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) and obj is not None and not _published(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request) and obj is not None and not _published(obj)


class RatingLevelInline(FrameworkPartInline):
    model = RatingLevel
    fields = ["order", "code", "label"]
    verbose_name = "rating level"
    verbose_name_plural = "Rating scale"


class DimensionInline(FrameworkPartInline):
    model = Dimension
    fields = ["order", "code", "title"]


class FactorInline(FrameworkPartInline):
    model = Factor
    fields = ["dimension", "order", "code", "title", "guidance"]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        request._framework_version = obj  # type: ignore[attr-defined]
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "dimension":
            version = getattr(request, "_framework_version", None)
            kwargs["queryset"] = Dimension.objects.filter(version=version) if version else Dimension.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(AuditedModelAdmin):
    list_display = ["name", "version_label", "status", "published_at"]
    list_filter = ["status"]
    fields = ["name", "version_label", "notes", "status", "published_at", "published_by", "copied_from"]
    readonly_fields = ["status", "published_at", "published_by", "copied_from"]
    inlines = [RatingLevelInline, DimensionInline, FactorInline]
    actions = ["copy_as_draft", "publish"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Published versions are read-only: the change page shows them, and refuses a POST.
        return super().has_change_permission(request, obj) and not _published(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # versions are kept: old assessments refer to them

    @admin.action(description="Copy as a new draft version")
    def copy_as_draft(self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]) -> None:
        for version in queryset:
            copy = framework_copy_as_draft(version=version, acting=request.acting)  # type: ignore[attr-defined]
            self.message_user(request, f"{copy} was made from version {version.version_label}. Edit it, then publish.")

    @admin.action(description="Publish")
    def publish(self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]) -> None:
        for version in queryset:
            try:
                published = framework_publish(version=version, acting=request.acting)  # type: ignore[attr-defined]
            except IllegalTransition:
                self.message_user(request, f"{version} is already published: nothing changed.", messages.WARNING)
            except AssessmentInvalid as invalid:
                self.message_user(request, invalid.problems["version"], messages.ERROR)
            else:
                self.message_user(request, f"{published} is published. New assessments use it.")
