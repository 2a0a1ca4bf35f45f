"""Reads of referrals, always through the acting membership: `referrals_visible_to` says who sees a referral at all,
and `referral_for` is the one way a page, export or search fetches one referral for a purpose."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from core.access import Refused
from organisations.models import Membership, Organisation
from organisations.roles import SAFEGUARDING_LEADS, Role
from people.models import PersonNameIndex

from .models import Referral
from .states import PAST_SCREENING, REFERRAL_STATES

AREA_ROLES = frozenset({Role.POLICE_PREVENT_OFFICER, Role.LA_PREVENT_COORDINATOR, Role.PANEL_CHAIR})


def referrals_visible_to(*, acting: Membership | None) -> QuerySet[Referral]:
    """The one rule for who sees a referral.

    The referring organisation's safeguarding leads and headteacher: its referrals, drafts included. The area's
    police Prevent officers: every referral sent in their area. The area's Prevent coordinators and panel chair:
    referrals that passed police screening. Anyone else: none (a partner answering an information request sees
    only the request).
    """
    if acting is None:
        return Referral.objects.none()
    if acting.role in SAFEGUARDING_LEADS:
        return Referral.objects.filter(organisation=acting.organisation_id)
    area = acting.organisation.area_id
    if acting.role == Role.POLICE_PREVENT_OFFICER:
        return Referral.objects.filter(area=area).exclude(status=Referral.Status.DRAFT)
    if acting.role in {Role.LA_PREVENT_COORDINATOR, Role.PANEL_CHAIR}:
        return Referral.objects.filter(area=area, status__in=PAST_SCREENING)
    return Referral.objects.none()


@dataclass(frozen=True)
class Purpose:
    """What a page wants a referral for: who may use it for that (roles) and whether a draft will do."""

    roles: frozenset[str]
    drafts: bool
    own_organisation: bool


PURPOSES = {
    # The referral form and its pages: the referring organisation's leads, drafts included.
    "form": Purpose(roles=frozenset(SAFEGUARDING_LEADS), drafts=True, own_organisation=True),
    # Copies of a sent referral: the referring organisation's leads.
    "copy": Purpose(roles=frozenset(SAFEGUARDING_LEADS), drafts=False, own_organisation=True),
    # Police screening: the area's police Prevent officers.
    "screening": Purpose(roles=frozenset({Role.POLICE_PREVENT_OFFICER}), drafts=False, own_organisation=False),
    # The preliminary assessment: the area's Prevent coordinators and panel chair.
    "preliminary": Purpose(
        roles=frozenset({Role.LA_PREVENT_COORDINATOR, Role.PANEL_CHAIR}), drafts=False, own_organisation=False
    ),
    # Vulnerability assessments of the referral's person: the area roles that see it.
    "assessment": Purpose(roles=AREA_ROLES, drafts=False, own_organisation=False),
}


def referral_for(acting: Membership | None, pk: int, *, purpose: str) -> Referral:
    """The referral `pk`, if the acting membership sees it (referrals_visible_to) and may use it for `purpose`
    (PURPOSES); otherwise core.access.Refused, which the refusal middleware turns into an audited 404."""
    rule = PURPOSES[purpose]
    referral = None
    if acting is not None and acting.role in rule.roles:
        referral = (
            referrals_visible_to(acting=acting)
            .select_related("subject", "organisation", "area", "referrer")
            .filter(pk=pk)
            .first()
        )
    if (
        referral is None
        or (not rule.drafts and REFERRAL_STATES.in_phase("draft", referral))
        or (rule.own_organisation and acting is not None and referral.organisation_id != acting.organisation_id)
    ):
        raise Refused(reason=purpose, object_type="referrals.referral", object_id=str(pk))
    return referral


def earlier_referrals(*, acting: Membership, referral: Referral) -> QuerySet[Referral]:
    """Other referrals in the area about someone with the same full name and date of birth (matched by their blind
    indexes, across every organisation's records). For the police and the local authority only: a referring
    school does not learn of other organisations' referrals."""
    if acting.role not in AREA_ROLES:
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


def police_team_for(*, area_id: int) -> Organisation | None:
    """The area's police Prevent team: where a referral is sent, and the usual recipient of a copy."""
    return Organisation.objects.filter(area=area_id, kind=Organisation.Kind.POLICE, is_active=True).first()


def open_draft_for(*, organisation_id: int, subject_id: int) -> Referral | None:
    """The draft referral already open about a person at an organisation, if any (the oldest, if several)."""
    return (
        Referral.objects.filter(organisation=organisation_id, subject=subject_id, status=Referral.Status.DRAFT)
        .order_by("created_at")
        .first()
    )
