"""Reads of the preliminary assessment and information requests, always through the acting membership."""

from __future__ import annotations

from django.db.models import QuerySet

from core.access import Refused
from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS, Role
from referrals.models import Referral
from referrals.selectors import referrals_visible_to

from .models import InformationRequest, PreliminaryAssessment

# Who answers information requests for a partner organisation.
REQUEST_ANSWERERS = frozenset({*SAFEGUARDING_LEADS, Role.PANEL_MEMBER})


def preliminary_queue(*, acting: Membership) -> QuerySet[Referral]:
    """The area's referrals at preliminary assessment, oldest first."""
    return (
        referrals_visible_to(acting=acting)
        .filter(status=Referral.Status.PRELIMINARY_ASSESSMENT)
        .select_related("subject", "organisation")
        .order_by("submitted_at")
    )


def preliminary_of(*, referral: Referral) -> PreliminaryAssessment | None:
    """The preliminary assessment of a referral the caller already fetched through referral_for."""
    return PreliminaryAssessment.objects.filter(referral=referral).select_related("coordinator", "decided_by").first()


def information_requests_for(*, acting: Membership | None) -> QuerySet[InformationRequest]:
    """Requests sent to the acting organisation, for those who answer them there."""
    if acting is None or acting.role not in REQUEST_ANSWERERS:
        return InformationRequest.objects.none()
    return InformationRequest.objects.filter(organisation=acting.organisation_id).select_related("referral", "sent_by")


def information_request_for(acting: Membership | None, pk: int, *, purpose: str = "answer") -> InformationRequest:
    """One request, for an answerer at the organisation it was sent to (purpose "answer"); otherwise
    core.access.Refused (an audited 404). The coordinator sees requests on the assessment page, through the
    referral."""
    if purpose != "answer":
        raise ValueError(f"Unknown purpose {purpose!r}")
    request = information_requests_for(acting=acting).filter(pk=pk).first()
    if request is None:
        raise Refused(reason="information_request", object_type="preliminary.informationrequest", object_id=str(pk))
    return request
