from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from core.admin_audit import AuditedModelAdmin
from organisations.models import Membership

from .forms import AdminUserChangeForm, AdminUserCreationForm
from .models import User
from .services import user_deactivate, user_reactivate


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["organisation", "role", "started_at", "ended_at"]
    readonly_fields = ["organisation", "role", "started_at", "ended_at"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    ordering = ["full_name"]
    list_display = ["full_name", "email", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["full_name", "email"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title")}),
        ("Access", {"fields": ("is_active", "is_staff")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: the audit log refers to the person

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # Activation goes through its service so that sessions end and the change is audited.
        was_active = User.objects.filter(pk=obj.pk).values_list("is_active", flat=True).first() if change else None
        wants_active = obj.is_active
        if change and was_active is not None and was_active != wants_active:
            obj.is_active = was_active
            super().save_model(request, obj, form, change)
            if wants_active:
                user_reactivate(user=obj, acting_user=request.user)  # type: ignore[arg-type]
            else:
                user_deactivate(user=obj, acting_user=request.user)  # type: ignore[arg-type]
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)


# allauth's own admin for authenticators shows their secrets; administrators only need to see and remove them
# (to reset a lost phone), so it is replaced by one that shows neither secret nor codes.
admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AuditedModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = ("user", "type", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
