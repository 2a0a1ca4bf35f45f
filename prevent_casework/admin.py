"""The administration site's contents, for system administrators and all through the audited admin.

The admin site belongs to the site, so the pages for the platform's models (accounts, organisations) are set out
here, above them, rather than in those apps (which may not import core.admin_audit). Stages keep theirs in their own
admin.py.

- Groups and e-mail addresses: unused (roles come from memberships; addresses are the user's own field).
- Task results: they hold message recipients and subjects, which administrators have no need to read.
- Lockouts (django-axes): kept, so that an administrator can unlock an account, with audited access.
- Authenticators: seen and removed (to reset a lost phone), never their secrets.
- People, organisations and memberships: deactivating and ending a membership go through their services.
"""

from typing import Any

from allauth.mfa.models import Authenticator
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.forms import AdminUserChangeForm, AdminUserCreationForm
from accounts.models import User
from accounts.services import user_deactivate, user_reactivate
from core.admin_audit import AuditedModelAdmin
from organisations.models import Area, Membership, Organisation
from organisations.services import membership_end

# --- Third-party models -----------------------------------------------------------------------------------------


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


# --- Accounts -------------------------------------------------------------------------------------------------


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


# --- Organisations --------------------------------------------------------------------------------------------


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
