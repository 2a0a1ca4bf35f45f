"""Reads of concerns, always through the acting membership (keyword `acting`). Every page and export that shows a
concern comes here."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS, Role

from .models import Concern


def concerns_visible_to(*, acting: Membership | None) -> QuerySet[Concern]:
    """The one rule for who sees a concern.

    Staff see the concerns they raised (drafts included). The organisation's safeguarding leads and headteacher
    see all of its submitted concerns, and their own drafts. Nobody else sees any: a referral later shares chosen
    content, on its own record.
    """
    if acting is None:
        return Concern.objects.none()
    own = Q(organisation=acting.organisation_id, raised_by=acting.user_id)
    if acting.role in SAFEGUARDING_LEADS:
        submitted = Q(organisation=acting.organisation_id) & ~Q(status=Concern.Status.DRAFT)
        return Concern.objects.filter(own | submitted)
    if acting.role == Role.STAFF:
        return Concern.objects.filter(own)
    return Concern.objects.none()


def concern_get_for(acting: Membership | None, pk: int) -> Concern | None:
    """One concern the acting membership sees (concerns_visible_to), or None."""
    return (
        concerns_visible_to(acting=acting).select_related("subject", "raised_by", "organisation").filter(pk=pk).first()
    )


def triage_queue(*, acting: Membership) -> QuerySet[Concern]:
    """Concerns waiting for the safeguarding lead: urgent first, then unread, then oldest first."""
    return (
        concerns_visible_to(acting=acting)
        .filter(status__in=[Concern.Status.SUBMITTED, Concern.Status.IN_TRIAGE])
        .select_related("subject", "raised_by")
        .annotate(
            unread=Case(
                When(status=Concern.Status.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("-is_urgent", "unread", "submitted_at")
    )


def earlier_concerns(*, acting: Membership, concern: Concern) -> QuerySet[Concern]:
    """Other submitted concerns about the same person in the organisation, newest first (policy: join them up)."""
    return (
        concerns_visible_to(acting=acting)
        .filter(subject=concern.subject_id)
        .exclude(pk=concern.pk)
        .exclude(status=Concern.Status.DRAFT)
        .select_related("raised_by")
        .order_by("-submitted_at")
    )
