"""Writes about referrals. Each runs in one transaction with one audit event; none puts personal data in the log.

Notifications say only what kind of thing needs attention, with a link.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from concerns.models import Concern
from concerns.states import CONCERN_STATES
from core.access import require_acting
from organisations.models import Membership, Organisation
from organisations.roles import SAFEGUARDING_LEADS, Role
from people.models import Person
from sharing.models import PowerToShare, SharingRecord
from sharing.services import sharing_record_create

from .models import ConcernType, Referral
from .rules import section_problems
from .selectors import police_team_for
from .states import REFERRAL_STATES

SECTION_FIELDS = (
    "referrer_phone", "aliases_note", "household_note", "social_media", "reason", "personal_factors", "risk_factors",
    "protective_factors", "consent", "consent_by", "consent_reason", "capacity_in_doubt", "capacity_support",
)  # fmt: skip


class StaleReferral(Exception):
    """Someone moved the referral on since the form was opened; nothing was saved."""


class ReferralInvalid(Exception):
    def __init__(self, problems: dict[str, Any]) -> None:
        super().__init__("The referral is not complete.")
        self.problems = problems


def referral_lock(referral: Referral, expected_version: int | None) -> Referral:
    """Lock the referral's row for the rest of the caller's transaction, refusing if it changed since
    `expected_version` was read. Later stages (screening, preliminary) use it inside their own services."""
    fresh = Referral.objects.select_for_update().get(pk=referral.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleReferral("This referral was changed since the page was opened.")
    return fresh


def referral_move(referral: Referral, transition: str, **context: Any) -> None:
    """Move a locked referral's status through referrals.states (IllegalTransition if the move is not allowed)."""
    REFERRAL_STATES.apply(transition, referral, **context)
    referral.version += 1


def members_with_roles(roles: Iterable[str], *, organisation: int | None = None, area: int | None = None) -> list[User]:
    memberships = Membership.objects.current().filter(role__in=list(roles))
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    if area is not None:
        memberships = memberships.filter(organisation__area=area)
    return [m.user for m in memberships.select_related("user")]


def notify_each_organisation(users: list[User], *, actor: User, **message: Any) -> None:
    """Notifications are sent in the name of the organisation each recipient belongs to."""
    from notifications.services import notify

    by_organisation: dict[int, list[User]] = {}
    for membership in Membership.objects.current().filter(user__in=users).select_related("organisation"):
        by_organisation.setdefault(membership.organisation_id, []).append(membership.user)
    for organisation_id, recipients in by_organisation.items():
        notify(actor=actor, recipients=recipients, organisation=Organisation.objects.get(pk=organisation_id), **message)


# --- the referral form -----------------------------------------------------------------------------------------


def referral_start(
    *, acting: Membership, organisation: Organisation, subject: Person, concerns: Iterable[Concern]
) -> Referral:
    """Start a draft referral from the concerns about a person (the safeguarding lead's "Prevent referral"). Only a
    safeguarding lead of `organisation` may."""
    actor = require_acting(
        acting, service="referral_start", roles=SAFEGUARDING_LEADS, organisation_id=organisation.pk, obj=subject
    )
    chosen = [
        c
        for c in concerns
        if c.subject_id == subject.pk
        and c.organisation_id == organisation.pk
        and CONCERN_STATES.in_phase("submitted", c)
    ]
    with transaction.atomic():
        referral = Referral.objects.create(
            organisation=organisation, area=organisation.area, referrer=actor, subject=subject
        )
        referral.concerns.set(chosen)
        audit_append(
            action="referral.draft_started", actor=actor, obj=referral,
            details={"person": subject.pk, "concerns": [c.pk for c in chosen]},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return referral


def referral_save_section(
    *,
    referral: Referral,
    acting: Membership,
    changes: dict[str, Any],
    expected_version: int | None,
    concern_ids: list[int] | None = None,
    concern_type_codes: list[str] | None = None,
) -> Referral:
    """Save one section of a draft (save and return later). Only drafts change; the linked concerns must be the
    organisation's concerns about the same person. Only the referring organisation's safeguarding leads may."""
    actor = require_acting(
        acting, service="referral_save_section", roles=SAFEGUARDING_LEADS,
        organisation_id=referral.organisation_id, obj=referral,
    )  # fmt: skip
    unknown = set(changes) - set(SECTION_FIELDS)
    if unknown:
        raise TypeError(f"Not referral fields: {sorted(unknown)}")
    with transaction.atomic():
        referral = referral_lock(referral, expected_version)
        REFERRAL_STATES.require("edit", referral)
        for name, value in changes.items():
            setattr(referral, name, value)
        referral.version += 1
        referral.save()
        if concern_ids is not None:
            allowed = Concern.objects.filter(
                pk__in=concern_ids, organisation=referral.organisation_id, subject=referral.subject_id
            ).filter(status__in=CONCERN_STATES.phase("submitted"))
            referral.concerns.set(allowed)
        if concern_type_codes is not None:
            referral.concern_types.set(ConcernType.objects.filter(code__in=concern_type_codes, is_active=True))
        audit_append(
            action="referral.section_saved", actor=actor, obj=referral,
            details={"fields": sorted(changes), "concerns": concern_ids is not None,
                     "concern_types": concern_type_codes is not None},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return referral


def referral_submit(
    *, referral: Referral, acting: Membership, expected_version: int | None, power_to_share: str, necessity: str
) -> Referral:
    """Send a complete referral to the area's police Prevent team, inside the service (the secure route). The
    disclosure is recorded in the sharing register with its power to share, necessity and consent. Only the
    referring organisation's safeguarding leads may send it."""
    actor = require_acting(
        acting, service="referral_submit", roles=SAFEGUARDING_LEADS, organisation_id=referral.organisation_id,
        obj=referral,
    )  # fmt: skip
    with transaction.atomic():
        referral = referral_lock(referral, expected_version)
        problems: dict[str, Any] = section_problems(referral, today=timezone.localdate())
        police = police_team_for(area_id=referral.area_id)
        if police is None:
            # Nobody would receive it: refuse rather than mark it sent.
            problems["police"] = {
                "police": "No police Prevent team for your area is set up in the service. Contact the administrator."
            }
        if problems:
            raise ReferralInvalid(problems)
        referral_move(referral, "submit")
        referral.submitted_at = timezone.now()
        referral.save()
        consent_for_sharing: dict[str, str] = {
            Referral.Consent.GIVEN: SharingRecord.Consent.GIVEN,
            Referral.Consent.REFUSED: SharingRecord.Consent.REFUSED,
        }
        consent = consent_for_sharing.get(referral.consent, SharingRecord.Consent.NOT_SOUGHT)
        sharing_record_create(
            acting=acting, what="Prevent referral (VTR form)", obj=referral,
            from_organisation=referral.organisation, to_organisation=police,
            channel=SharingRecord.Channel.INTERNAL, power_to_share=power_to_share or PowerToShare.CTSA_2015,
            necessity=necessity, consent=consent, reason_without_consent=referral.consent_reason or necessity,
        )  # fmt: skip
        audit_append(
            action="referral.submitted", actor=actor, obj=referral, details={"area": referral.area_id},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
        notify_each_organisation(
            members_with_roles([Role.POLICE_PREVENT_OFFICER], area=referral.area_id), actor=actor,
            kind="referral.submitted", title="New Prevent referral to screen",
            url=reverse("screening:screen", args=[referral.pk]),
            email_subject="a new Prevent referral to screen",
            email_body="A new Prevent referral has been sent to your area. Sign in to screen it.",
        )  # fmt: skip
    return referral


def tell_referrer(referral: Referral, actor: User) -> None:
    """The referring organisation's leads learn the outcome, and no more than they need."""
    notify_each_organisation(
        members_with_roles(SAFEGUARDING_LEADS, organisation=referral.organisation_id), actor=actor,
        kind="referral.outcome", title="A referral you made has an outcome",
        url=reverse("referrals:detail", args=[referral.pk]),
        email_subject="a referral you made has an outcome",
        email_body="There is news about a Prevent referral your organisation made. Sign in to see it.",
    )  # fmt: skip


def referral_link_concern(*, referral: Referral, acting: Membership, concern: Concern) -> Referral:
    """Add a concern to a draft referral about the same person at the same organisation (a safeguarding lead's
    "Prevent referral" decision on a further concern adds it to the draft already open). Only the referring
    organisation's safeguarding leads may."""
    actor = require_acting(
        acting, service="referral_link_concern", roles=SAFEGUARDING_LEADS, organisation_id=referral.organisation_id,
        obj=referral,
    )  # fmt: skip
    with transaction.atomic():
        referral = referral_lock(referral, None)
        REFERRAL_STATES.require("edit", referral)  # IllegalTransition once sent
        refused = REFERRAL_STATES.check("link_concern", referral, concern=concern)
        if refused:
            raise ReferralInvalid({"concerns": refused[0]})
        referral.concerns.add(concern)
        referral.version += 1
        referral.save(update_fields=["version", "updated_at"])
        audit_append(
            action="referral.concern_linked", actor=actor, obj=referral, details={"concern": concern.pk},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return referral
