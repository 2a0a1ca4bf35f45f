"""The preliminary assessment's entries in a person's chronology, registered from PreliminaryConfig.ready():
information requests sent to partners and their answers, and the partners' decision.

Information requests are the local authority's work: only those who see the referral for the preliminary
assessment (referrals.selectors.PURPOSES["preliminary"]: the area's Prevent coordinators and panel chair) see them
here, never the referring school, even when the school itself answered one. The decision is seen in full (with
its reason and the other support chosen) by the same people; anyone else who sees the referral (the referring
school's leads, the police) sees only the decision itself. Each provider costs one query.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from chronology.providers import Entry, _day, _name, _paragraphs, kind_label, register
from organisations.models import Membership
from people.models import Person
from referrals.chronology import person_referral_ids, referral_page, referral_source
from referrals.selectors import PURPOSES

from .models import InformationRequest, PreliminaryAssessment

REQUEST_SENT = "preliminary.request_sent"
REQUEST_ANSWERED = "preliminary.request_answered"
DECISION = "preliminary.decision"

COORDINATOR = "Local authority Prevent coordinator"


def _assessors(membership: Membership | None) -> bool:
    """Whether the membership works on the preliminary assessment (and so sees its requests and reasons)."""
    return membership is not None and membership.role in PURPOSES["preliminary"].roles


def _requests(person: Person, membership: Membership | None) -> QuerySet[InformationRequest]:
    if not _assessors(membership):
        return InformationRequest.objects.none()  # no query at all
    return InformationRequest.objects.filter(referral__in=person_referral_ids(person, membership))


def _request_source(request: InformationRequest) -> str:
    return f"{referral_source(request.referral_id)}, information request {request.reference}"


@register(REQUEST_SENT, "Information request sent")
def requests_sent(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    for request in _requests(person, membership).select_related("organisation", "sent_by"):
        yield Entry(
            at=request.sent_at,
            kind=REQUEST_SENT,
            kind_label=kind_label(REQUEST_SENT),
            title=f"Information requested from {request.organisation.name}",
            detail=_paragraphs(request.question, f"Due on {_day(request.due_on)}."),
            by=_name(request.sent_by),
            url=referral_page(membership, request.referral_id),
            source=_request_source(request),
        )


@register(REQUEST_ANSWERED, "Information request answered")
def requests_answered(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    answered = _requests(person, membership).filter(answered_at__isnull=False)
    for request in answered.select_related("organisation", "answered_by"):
        assert request.answered_at is not None
        yield Entry(
            at=request.answered_at,
            kind=REQUEST_ANSWERED,
            kind_label=kind_label(REQUEST_ANSWERED),
            title=f"{request.organisation.name} answered an information request",
            detail=request.answer,
            by=_name(request.answered_by),
            url=referral_page(membership, request.referral_id),
            source=_request_source(request),
        )


@register(DECISION, "Preliminary assessment decision")
def decisions(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    assessments = (
        PreliminaryAssessment.objects.filter(
            referral__in=person_referral_ids(person, membership), decided_at__isnull=False
        )
        .exclude(decision="")
        .select_related("decided_by")
    )
    in_full = _assessors(membership)
    for assessment in assessments:
        assert assessment.decided_at is not None
        detail = ""
        if in_full:
            other = f"Other support: {assessment.get_other_support_display()}." if assessment.other_support else ""
            detail = _paragraphs(other, assessment.reason)
        yield Entry(
            at=assessment.decided_at,
            kind=DECISION,
            kind_label=kind_label(DECISION),
            title=f"Preliminary assessment: {assessment.get_decision_display()}",
            detail=detail,
            by=_name(assessment.decided_by) if in_full else COORDINATOR,
            url=referral_page(membership, assessment.referral_id),
            source=referral_source(assessment.referral_id),
        )
