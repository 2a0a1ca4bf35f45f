from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from core.admin_audit import AuditedModelAdmin

from .models import Area, Membership, Organisation
from .services import membership_end


@admin.register(Area)
class AreaAdmin(AuditedModelAdmin):
    list_display = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "area", "is_active"]
    list_filter = ["kind", "area", "is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: records refer to the organisation


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "organisation", "role", "started_at", "ended_at"]
    list_filter = ["role", "organisation__area", "organisation"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["started_at", "ended_at"]
    actions = ["end_memberships"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A membership is never edited into another one: end it and add a new one, so the history stays true.
        return ["user", "organisation", "role", "started_at", "ended_at"] if obj else self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="End the selected memberships (signs the people out)")
    def end_memberships(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        ended = 0
        for membership in queryset.filter(ended_at__isnull=True):
            membership_end(membership=membership, acting_user=request.user)  # type: ignore[arg-type]
            ended += 1
        self.message_user(request, f"{ended} membership(s) ended.", messages.SUCCESS)
