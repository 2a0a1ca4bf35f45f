"""Writes about referrals. Each runs in one transaction with one audit event; none puts personal data in the log.

Notifications say only what kind of thing needs attention, with a link.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from concerns.models import Concern
from core.state_machine import IllegalTransition
from organisations.models import Area, Membership, Organisation
from organisations.roles import SAFEGUARDING_LEADS, Role
from people.models import Person
from sharing.models import PowerToShare, SharingRecord
from sharing.services import sharing_record_create

from .models import ChannelCase, ConcernType, InformationRequest, PreliminaryAssessment, Referral, Screening
from .rules import assessment_decision_problems, screening_problems, section_problems
from .selectors import REQUEST_ANSWERERS
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


def _lock(referral: Referral, expected_version: int | None) -> Referral:
    fresh = Referral.objects.select_for_update().get(pk=referral.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleReferral("This referral was changed since the page was opened.")
    return fresh


def _move(referral: Referral, transition: str) -> None:
    referral.status = REFERRAL_STATES.target(transition, referral.status)
    referral.version += 1


def _members(roles: Iterable[str], *, organisation: int | None = None, area: int | None = None) -> list[User]:
    memberships = Membership.objects.current().filter(role__in=list(roles))
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    if area is not None:
        memberships = memberships.filter(organisation__area=area)
    return [m.user for m in memberships.select_related("user")]


def _notify_each_organisation(users: list[User], *, actor: User, **message: Any) -> None:
    """Notifications are sent in the name of the organisation each recipient belongs to."""
    from notifications.services import notify

    by_organisation: dict[int, list[User]] = {}
    for membership in Membership.objects.current().filter(user__in=users).select_related("organisation"):
        by_organisation.setdefault(membership.organisation_id, []).append(membership.user)
    for organisation_id, recipients in by_organisation.items():
        notify(actor=actor, recipients=recipients, organisation=Organisation.objects.get(pk=organisation_id), **message)


# --- the referral form -----------------------------------------------------------------------------------------


def referral_start(
    *, acting_user: User, organisation: Organisation, subject: Person, concerns: Iterable[Concern]
) -> Referral:
    """Start a draft referral from the concerns about a person (the safeguarding lead's "Prevent referral")."""
    chosen = [
        c
        for c in concerns
        if c.subject_id == subject.pk and c.organisation_id == organisation.pk and c.status != Concern.Status.DRAFT
    ]
    with transaction.atomic():
        referral = Referral.objects.create(
            organisation=organisation, area=organisation.area, referrer=acting_user, subject=subject
        )
        referral.concerns.set(chosen)
        audit_append(
            action="referral.draft_started", actor=acting_user, obj=referral,
            details={"person": subject.pk, "concerns": [c.pk for c in chosen]},
        )  # fmt: skip
    return referral


def referral_save_section(
    *,
    referral: Referral,
    acting_user: User,
    changes: dict[str, Any],
    expected_version: int | None,
    concern_ids: list[int] | None = None,
    concern_type_codes: list[str] | None = None,
) -> Referral:
    """Save one section of a draft (save and return later). Only drafts change; the linked concerns must be the
    organisation's concerns about the same person."""
    unknown = set(changes) - set(SECTION_FIELDS)
    if unknown:
        raise TypeError(f"Not referral fields: {sorted(unknown)}")
    with transaction.atomic():
        referral = _lock(referral, expected_version)
        if referral.status != Referral.Status.DRAFT:
            raise IllegalTransition("A referral cannot be changed once it has been sent.")
        for name, value in changes.items():
            setattr(referral, name, value)
        referral.version += 1
        referral.save()
        if concern_ids is not None:
            allowed = Concern.objects.filter(
                pk__in=concern_ids, organisation=referral.organisation_id, subject=referral.subject_id
            ).exclude(status=Concern.Status.DRAFT)
            referral.concerns.set(allowed)
        if concern_type_codes is not None:
            referral.concern_types.set(ConcernType.objects.filter(code__in=concern_type_codes, is_active=True))
        audit_append(
            action="referral.section_saved", actor=acting_user, obj=referral,
            details={"fields": sorted(changes), "concerns": concern_ids is not None,
                     "concern_types": concern_type_codes is not None},
        )  # fmt: skip
    return referral


def _police_team(area: Area) -> Organisation | None:
    return Organisation.objects.filter(area=area, kind=Organisation.Kind.POLICE, is_active=True).first()


def referral_submit(
    *, referral: Referral, acting_user: User, expected_version: int | None, power_to_share: str, necessity: str
) -> Referral:
    """Send a complete referral to the area's police Prevent team, inside the service (the secure route). The
    disclosure is recorded in the sharing register with its power to share, necessity and consent."""
    with transaction.atomic():
        referral = _lock(referral, expected_version)
        problems: dict[str, Any] = section_problems(referral, today=timezone.localdate())
        police = _police_team(referral.area)
        if police is None:
            # Nobody would receive it: refuse rather than mark it sent.
            problems["police"] = {
                "police": "No police Prevent team for your area is set up in the service. Contact the administrator."
            }
        if problems:
            raise ReferralInvalid(problems)
        _move(referral, "submit")
        referral.submitted_at = timezone.now()
        referral.save()
        consent_for_sharing: dict[str, str] = {
            Referral.Consent.GIVEN: SharingRecord.Consent.GIVEN,
            Referral.Consent.REFUSED: SharingRecord.Consent.REFUSED,
        }
        consent = consent_for_sharing.get(referral.consent, SharingRecord.Consent.NOT_SOUGHT)
        sharing_record_create(
            acting_user=acting_user, what="Prevent referral (VTR form)", obj=referral,
            from_organisation=referral.organisation, to_organisation=police,
            channel=SharingRecord.Channel.INTERNAL, power_to_share=power_to_share or PowerToShare.CTSA_2015,
            necessity=necessity, consent=consent, reason_without_consent=referral.consent_reason or necessity,
        )  # fmt: skip
        audit_append(action="referral.submitted", actor=acting_user, obj=referral, details={"area": referral.area_id})
        _notify_each_organisation(
            _members([Role.POLICE_PREVENT_OFFICER], area=referral.area_id), actor=acting_user,
            kind="referral.submitted", title="New Prevent referral to screen",
            url=reverse("referrals:screen", args=[referral.pk]),
            email_subject="a new Prevent referral to screen",
            email_body="A new Prevent referral has been sent to your area. Sign in to screen it.",
        )  # fmt: skip
    return referral


# --- police screening ------------------------------------------------------------------------------------------


def screening_start(*, referral: Referral, acting_user: User) -> Screening:
    with transaction.atomic():
        referral = _lock(referral, None)
        _move(referral, "start_screening")
        referral.save()
        screening = Screening.objects.create(referral=referral, started_by=acting_user)
        audit_append(action="referral.screening_started", actor=acting_user, obj=referral)
    return screening


def screening_decide(
    *,
    referral: Referral,
    acting_user: User,
    outcome: str,
    checks_made: str,
    signpost_to: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Referral:
    """Record the police Prevent team's checks and outcome. The referring organisation is told the outcome (and
    nothing of the checks); a referral sent on to preliminary assessment is put in front of the area's Prevent
    coordinators."""
    problems = screening_problems(outcome=outcome, signpost_to=signpost_to, reason=reason, checks_made=checks_made)
    if problems:
        raise ReferralInvalid(problems)
    transition = {
        Screening.Outcome.NOT_PREVENT: "close", Screening.Outcome.ESCALATED: "escalate",
        Screening.Outcome.PROCEED: "proceed",
    }[Screening.Outcome(outcome)]  # fmt: skip
    with transaction.atomic():
        referral = _lock(referral, expected_version)
        _move(referral, transition)
        referral.save()
        screening = Screening.objects.select_for_update().get(referral=referral)
        screening.checks_made = checks_made.strip()
        screening.outcome = outcome
        screening.signpost_to = signpost_to if outcome == Screening.Outcome.NOT_PREVENT else ""
        screening.reason = reason.strip()
        screening.decided_by = acting_user
        screening.decided_at = timezone.now()
        screening.save()
        audit_append(action="referral.screened", actor=acting_user, obj=referral, details={"outcome": outcome})
        _tell_referrer(referral, acting_user)
        if outcome == Screening.Outcome.PROCEED:
            _notify_each_organisation(
                _members([Role.LA_PREVENT_COORDINATOR], area=referral.area_id), actor=acting_user,
                kind="referral.preliminary_assessment", title="A referral needs a preliminary assessment",
                url=reverse("referrals:assess", args=[referral.pk]),
                email_subject="a referral needs a preliminary assessment",
                email_body="The police Prevent team sent a referral on for preliminary assessment. Sign in to see it.",
            )  # fmt: skip
    return referral


def _tell_referrer(referral: Referral, actor: User) -> None:
    """The referring organisation's leads learn the outcome, and no more than they need."""
    _notify_each_organisation(
        _members(SAFEGUARDING_LEADS, organisation=referral.organisation_id), actor=actor,
        kind="referral.outcome", title="A referral you made has an outcome",
        url=reverse("referrals:detail", args=[referral.pk]),
        email_subject="a referral you made has an outcome",
        email_body="There is news about a Prevent referral your organisation made. Sign in to see it.",
    )  # fmt: skip


# --- preliminary assessment ------------------------------------------------------------------------------------


def _assessment(referral: Referral, acting_user: User) -> PreliminaryAssessment:
    assessment, _ = PreliminaryAssessment.objects.get_or_create(
        referral=referral, defaults={"coordinator": acting_user}
    )
    return assessment


def information_request_send(
    *, referral: Referral, acting_user: User, organisation: Organisation, question: str, due_on: datetime.date
) -> InformationRequest:
    """Ask a partner organisation for information, with a deadline (policy 2.9)."""
    if not question.strip():
        raise ReferralInvalid({"question": "Enter the question"})
    if due_on <= timezone.localdate():
        raise ReferralInvalid({"due_on": "The date it is due must be in the future"})
    if organisation.area_id != referral.area_id or not organisation.is_active:
        raise ReferralInvalid({"organisation": "Select a partner organisation in the referral's area"})
    with transaction.atomic():
        referral = _lock(referral, None)
        if referral.status != Referral.Status.PRELIMINARY_ASSESSMENT:
            raise IllegalTransition("Information is requested during the preliminary assessment.")
        _assessment(referral, acting_user)
        request = InformationRequest.objects.create(
            referral=referral, organisation=organisation, question=question.strip(), due_on=due_on,
            sent_by=acting_user,
        )  # fmt: skip
        audit_append(
            action="referral.information_requested", actor=acting_user, obj=request,
            details={"referral": referral.pk, "organisation": organisation.pk, "due_on": due_on.isoformat()},
        )  # fmt: skip
        _notify_each_organisation(
            _members(REQUEST_ANSWERERS, organisation=organisation.pk), actor=acting_user,
            kind="referral.information_request", title="A request for information from the Prevent coordinator",
            url=reverse("referrals:request_answer", args=[request.pk]),
            email_subject="a request for information",
            email_body=f"The Prevent coordinator has asked your organisation for information by {due_on:%-d %B %Y}. "
            "Sign in to answer it.",
        )  # fmt: skip
    return request


def information_request_answer(*, request: InformationRequest, acting_user: User, answer: str) -> InformationRequest:
    if not answer.strip():
        raise ReferralInvalid({"answer": "Enter your answer"})
    with transaction.atomic():
        request = InformationRequest.objects.select_for_update().select_related("referral").get(pk=request.pk)
        if request.answered_at is not None:
            raise IllegalTransition("This request has already been answered.")
        if request.referral.status != Referral.Status.PRELIMINARY_ASSESSMENT:
            raise IllegalTransition("The preliminary assessment has been decided; the answer is no longer needed.")
        request.answer = answer.strip()
        request.answered_by = acting_user
        request.answered_at = timezone.now()
        request.save()
        audit_append(
            action="referral.information_answered", actor=acting_user, obj=request,
            details={"referral": request.referral_id},
        )  # fmt: skip
    return request


def assessment_record(
    *,
    referral: Referral,
    acting_user: User,
    narrative: str,
    significant_harm_suspected: bool,
    social_care_referral: str,
) -> PreliminaryAssessment:
    """Record the initial vulnerability assessment (a narrative until the assessment framework is used)."""
    with transaction.atomic():
        referral = _lock(referral, None)
        if referral.status != Referral.Status.PRELIMINARY_ASSESSMENT:
            raise IllegalTransition("The preliminary assessment has been decided.")
        assessment = _assessment(referral, acting_user)
        assessment.initial_vulnerability_assessment = narrative.strip()
        assessment.significant_harm_suspected = significant_harm_suspected
        assessment.social_care_referral = social_care_referral.strip()
        assessment.save()
        audit_append(
            action="referral.assessment_recorded", actor=acting_user, obj=assessment,
            details={"referral": referral.pk, "significant_harm_suspected": significant_harm_suspected},
        )  # fmt: skip
    return assessment


def assessment_decide(
    *,
    referral: Referral,
    acting_user: User,
    decision: str,
    other_support: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Referral:
    """The partners' decision: Channel (a case opens for the area's next panel), other support, or exit."""
    with transaction.atomic():
        referral = _lock(referral, expected_version)
        if referral.status != Referral.Status.PRELIMINARY_ASSESSMENT:
            raise IllegalTransition("The preliminary assessment has already been decided.")
        assessment = _assessment(referral, acting_user)
        problems = assessment_decision_problems(
            assessment, decision=decision, other_support=other_support, reason=reason
        )
        if problems:
            raise ReferralInvalid(problems)
        transition = {
            PreliminaryAssessment.Decision.CHANNEL: "accept_for_channel",
            PreliminaryAssessment.Decision.OTHER_SUPPORT: "refer_to_other_support",
            PreliminaryAssessment.Decision.EXIT: "exit",
        }[PreliminaryAssessment.Decision(decision)]
        _move(referral, transition)
        referral.save()
        assessment.decision = decision
        assessment.other_support = other_support if decision == PreliminaryAssessment.Decision.OTHER_SUPPORT else ""
        assessment.reason = reason.strip()
        assessment.decided_by = acting_user
        assessment.decided_at = timezone.now()
        assessment.save()
        details: dict[str, Any] = {"decision": decision}
        if decision == PreliminaryAssessment.Decision.CHANNEL:
            case = ChannelCase.objects.create(referral=referral, area=referral.area, subject=referral.subject)
            details["channel_case"] = case.pk
        audit_append(action="referral.assessment_decided", actor=acting_user, obj=referral, details=details)
        _tell_referrer(referral, acting_user)
    return referral
