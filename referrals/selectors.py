"""Reads of referrals, always through the acting membership."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS, Role
from people.models import PersonNameIndex

from .models import InformationRequest, Referral
from .states import PAST_SCREENING

AREA_ROLES = frozenset({Role.POLICE_PREVENT_OFFICER, Role.LA_PREVENT_COORDINATOR, Role.PANEL_CHAIR})
# Who answers information requests for a partner organisation.
REQUEST_ANSWERERS = frozenset({*SAFEGUARDING_LEADS, Role.PANEL_MEMBER})


def referrals_visible_to(membership: Membership | None) -> QuerySet[Referral]:
    """The one rule for who sees a referral.

    The referring organisation's safeguarding leads and headteacher: its referrals, drafts included. The area's
    police Prevent officers: every referral sent in their area. The area's Prevent coordinators and panel chair:
    referrals that passed police screening. Anyone else: none (a partner answering an information request sees
    only the request).
    """
    if membership is None:
        return Referral.objects.none()
    if membership.role in SAFEGUARDING_LEADS:
        return Referral.objects.filter(organisation=membership.organisation_id)
    area = membership.organisation.area_id
    if membership.role == Role.POLICE_PREVENT_OFFICER:
        return Referral.objects.filter(area=area).exclude(status=Referral.Status.DRAFT)
    if membership.role in {Role.LA_PREVENT_COORDINATOR, Role.PANEL_CHAIR}:
        return Referral.objects.filter(area=area, status__in=PAST_SCREENING)
    return Referral.objects.none()


def referral_get_for(membership: Membership | None, pk: int) -> Referral | None:
    return (
        referrals_visible_to(membership)
        .select_related("subject", "organisation", "area", "referrer")
        .filter(pk=pk)
        .first()
    )


def screening_queue(membership: Membership) -> QuerySet[Referral]:
    """The area's referrals waiting for police screening, oldest first."""
    return (
        referrals_visible_to(membership)
        .filter(status__in=[Referral.Status.SUBMITTED, Referral.Status.SCREENING])
        .select_related("subject", "organisation")
        .order_by("submitted_at")
    )


def assessment_queue(membership: Membership) -> QuerySet[Referral]:
    return (
        referrals_visible_to(membership)
        .filter(status=Referral.Status.PRELIMINARY_ASSESSMENT)
        .select_related("subject", "organisation")
        .order_by("submitted_at")
    )


def earlier_referrals(membership: Membership, referral: Referral) -> QuerySet[Referral]:
    """Other referrals in the area about someone with the same full name and date of birth (matched by their blind
    indexes, across every organisation's records). For the police and the local authority only: a referring
    school does not learn of other organisations' referrals."""
    if membership.role not in AREA_ROLES:
        return Referral.objects.none()
    subject = referral.subject
    full_names = PersonNameIndex.objects.filter(person=subject, kind=PersonNameIndex.Kind.FULL).values("digest")
    same_person = Q(subject=subject.pk)
    if subject.dob_index:
        same_person |= Q(
            subject__dob_index=subject.dob_index,
            subject__name_indexes__kind=PersonNameIndex.Kind.FULL,
            subject__name_indexes__digest__in=full_names,
        )
    return (
        Referral.objects.filter(area=referral.area_id)
        .exclude(status=Referral.Status.DRAFT)
        .exclude(pk=referral.pk)
        .filter(same_person)
        .select_related("organisation", "screening", "preliminary_assessment")
        .distinct()
        .order_by("-submitted_at")
    )


def information_requests_for(membership: Membership | None) -> QuerySet[InformationRequest]:
    """Requests sent to the acting organisation, for those who answer them there."""
    if membership is None or membership.role not in REQUEST_ANSWERERS:
        return InformationRequest.objects.none()
    return InformationRequest.objects.filter(organisation=membership.organisation_id).select_related(
        "referral", "sent_by"
    )
