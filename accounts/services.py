"""Writes about user accounts. Each runs in one transaction with one audit event."""

from django.db import transaction

from audit.services import audit_append

from .models import User


def user_deactivate(*, user: User, acting_user: User | None) -> User:
    """Stop a person signing in, and end the sessions they hold now."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.is_active = False
        user.save(update_fields=["is_active"])
        user.end_all_sessions()
        audit_append(action="user.deactivated", actor=acting_user, obj=user)
    return user


def user_reactivate(*, user: User, acting_user: User | None) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_append(action="user.reactivated", actor=acting_user, obj=user)
    return user


def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None,
    acting_user: User | None,
    job_title: str = "",
    is_staff: bool = False,
) -> User:
    with transaction.atomic():
        user = User.objects.create_user(email, password, full_name=full_name, job_title=job_title, is_staff=is_staff)
        audit_append(action="user.created", actor=acting_user, obj=user)
    return user
