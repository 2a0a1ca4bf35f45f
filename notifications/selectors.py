"""Reads of notifications. A person sees only their own, and only those of the organisation they act for."""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from accounts.models import User
from organisations.models import Organisation

from .models import Notification


def notifications_for(*, user: User, organisation: Organisation) -> QuerySet[Notification]:
    """The person's notifications in the name of `organisation`: urgent unread ones first, then newest first."""
    return (
        Notification.objects.filter(recipient=user, organisation=organisation)
        .annotate(
            urgent_unread=Case(
                When(is_urgent=True, read_at__isnull=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-urgent_unread", "-created_at", "-pk")
    )


def notification_for(*, user: User, organisation: Organisation, pk: int) -> Notification | None:
    """One of the person's notifications in the name of `organisation`, or None (someone else's, or none at all)."""
    return Notification.objects.filter(pk=pk, recipient=user, organisation=organisation).first()


def unread_count(*, user: User, organisation: Organisation) -> int:
    """One query: how many of the person's notifications for `organisation` are unread."""
    return Notification.objects.filter(recipient=user, organisation=organisation, read_at__isnull=True).count()
