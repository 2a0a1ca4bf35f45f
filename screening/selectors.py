"""Reads for police screening, always through the acting membership (referrals.selectors decides who sees a
referral; screening pages fetch one with referral_for(..., purpose="screening"))."""

from __future__ import annotations

from django.db.models import QuerySet

from organisations.models import Membership
from referrals.models import Referral
from referrals.selectors import referrals_visible_to
from referrals.states import REFERRAL_STATES

from .models import Screening

WAITING = REFERRAL_STATES.phase("awaiting_screening")


def screening_queue(*, acting: Membership) -> QuerySet[Referral]:
    """The area's referrals waiting for police screening, oldest first."""
    return (
        referrals_visible_to(acting=acting)
        .filter(status__in=WAITING)
        .select_related("subject", "organisation")
        .order_by("submitted_at")
    )


def screening_of(*, referral: Referral) -> Screening | None:
    """The screening of a referral the caller already fetched through referral_for, if it has started."""
    return Screening.objects.filter(referral=referral).select_related("started_by", "decided_by").first()
