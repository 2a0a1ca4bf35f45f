"""Reads of notifications, through the acting membership (keyword `acting`). A person sees only their own, and only
those sent in the name of the organisation they act for."""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from organisations.models import Membership

from .models import Notification


def _mine(acting: Membership) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=acting.user_id, organisation=acting.organisation_id)


def notifications_for(*, acting: Membership) -> QuerySet[Notification]:
    """The acting person's notifications in the name of their organisation: urgent unread ones first, then newest
    first."""
    return (
        _mine(acting)
        .annotate(
            urgent_unread=Case(
                When(is_urgent=True, read_at__isnull=True, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-urgent_unread", "-created_at", "-pk")
    )


def notification_for(*, acting: Membership, pk: int) -> Notification | None:
    """One of the acting person's notifications in the name of their organisation, or None (someone else's, or none
    at all)."""
    return _mine(acting).filter(pk=pk).first()


def unread_count(*, acting: Membership) -> int:
    """One query: how many of the acting person's notifications for their organisation are unread."""
    return _mine(acting).filter(read_at__isnull=True).count()
