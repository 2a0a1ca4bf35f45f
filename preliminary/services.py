"""Writes of the preliminary assessment (policy 2.5) and its information requests to partners (2.9). Each runs in one
transaction with one audit event; none puts personal data in the log.

A referral reaches this stage through the hand-off prevent_casework.handoffs.screening_to_preliminary (which calls
preliminary_open) and leaves it for Channel through prevent_casework.handoffs.preliminary_to_channel (which calls
preliminary_decide and cases.services.case_open together)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from core.access import require_acting
from core.state_machine import IllegalTransition
from organisations.models import Membership, Organisation
from organisations.roles import Role
from referrals.models import Referral
from referrals.services import (
    ReferralInvalid,
    members_with_roles,
    notify_each_organisation,
    referral_lock,
    referral_move,
    tell_referrer,
)
from referrals.states import REFERRAL_STATES

from .models import InformationRequest, PreliminaryAssessment
from .rules import answered_once, assessment_decision_problems
from .selectors import REQUEST_ANSWERERS

TRANSITIONS = {
    PreliminaryAssessment.Decision.CHANNEL: "accept_for_channel",
    PreliminaryAssessment.Decision.OTHER_SUPPORT: "refer_to_other_support",
    PreliminaryAssessment.Decision.EXIT: "exit",
}


def _coordinator(acting: Membership, referral: Referral, service: str) -> User:
    """The preliminary assessment is the work of the referral's area's local authority Prevent coordinator."""
    return require_acting(
        acting, service=service, roles={Role.LA_PREVENT_COORDINATOR}, area_id=referral.area_id, obj=referral
    )


def _assessment(referral: Referral, actor: User) -> PreliminaryAssessment:
    """The referral's preliminary assessment (opened by preliminary_open); its coordinator is the first one to act."""
    assessment, _ = PreliminaryAssessment.objects.get_or_create(referral=referral)
    if assessment.coordinator_id is None:
        assessment.coordinator = actor
        assessment.save(update_fields=["coordinator"])
    return assessment


def preliminary_open(*, referral: Referral, acting: Membership) -> PreliminaryAssessment:
    """Open the preliminary assessment of a referral the police sent on, and put it in front of the area's Prevent
    coordinators. Called by the hand-off for the police Prevent officer of the referral's area who proceeded."""
    actor = require_acting(
        acting, service="preliminary_open", roles={Role.POLICE_PREVENT_OFFICER}, area_id=referral.area_id,
        obj=referral,
    )  # fmt: skip
    with transaction.atomic():
        referral = referral_lock(referral, None)
        REFERRAL_STATES.require("open_preliminary_assessment", referral)
        assessment, created = PreliminaryAssessment.objects.get_or_create(referral=referral)
        audit_append(
            action="preliminary.opened", actor=actor, obj=assessment,
            details={"referral": referral.pk, "new": created},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
        notify_each_organisation(
            members_with_roles([Role.LA_PREVENT_COORDINATOR], area=referral.area_id), actor=actor,
            kind="referral.preliminary_assessment", title="A referral needs a preliminary assessment",
            url=reverse("preliminary:assess", args=[referral.pk]),
            email_subject="a referral needs a preliminary assessment",
            email_body="The police Prevent team sent a referral on for preliminary assessment. Sign in to see it.",
        )  # fmt: skip
    return assessment


def information_request_send(
    *, referral: Referral, acting: Membership, organisation: Organisation, question: str, due_on: datetime.date
) -> InformationRequest:
    """Ask a partner organisation for information, with a deadline (policy 2.9): the area's coordinator."""
    actor = _coordinator(acting, referral, "information_request_send")
    if not question.strip():
        raise ReferralInvalid({"question": "Enter the question"})
    if due_on <= timezone.localdate():
        raise ReferralInvalid({"due_on": "The date it is due must be in the future"})
    if organisation.area_id != referral.area_id or not organisation.is_active:
        raise ReferralInvalid({"organisation": "Select a partner organisation in the referral's area"})
    with transaction.atomic():
        referral = referral_lock(referral, None)
        REFERRAL_STATES.require("request_information", referral)
        _assessment(referral, actor)
        request = InformationRequest.objects.create(
            referral=referral, organisation=organisation, question=question.strip(), due_on=due_on,
            sent_by=actor,
        )  # fmt: skip
        audit_append(
            action="referral.information_requested", actor=actor, obj=request,
            details={"referral": referral.pk, "organisation": organisation.pk, "due_on": due_on.isoformat()},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
        notify_each_organisation(
            members_with_roles(REQUEST_ANSWERERS, organisation=organisation.pk), actor=actor,
            kind="referral.information_request", title="A request for information from the Prevent coordinator",
            url=reverse("preliminary:request_answer", args=[request.pk]),
            email_subject="a request for information",
            email_body=f"The Prevent coordinator has asked your organisation for information by {due_on:%-d %B %Y}. "
            "Sign in to answer it.",
        )  # fmt: skip
    return request


def information_request_answer(*, request: InformationRequest, acting: Membership, answer: str) -> InformationRequest:
    """A partner answers a request sent to their organisation (one of its REQUEST_ANSWERERS), once, while the
    assessment is open."""
    actor = require_acting(
        acting, service="information_request_answer", roles=REQUEST_ANSWERERS,
        organisation_id=request.organisation_id, obj=request,
    )  # fmt: skip
    if not answer.strip():
        raise ReferralInvalid({"answer": "Enter your answer"})
    with transaction.atomic():
        request = InformationRequest.objects.select_for_update().select_related("referral").get(pk=request.pk)
        refused = answered_once(request)
        if refused:
            raise IllegalTransition(refused)
        REFERRAL_STATES.require("answer_information_request", request.referral)
        request.answer = answer.strip()
        request.answered_by = actor
        request.answered_at = timezone.now()
        request.save()
        audit_append(
            action="referral.information_answered", actor=actor, obj=request,
            details={"referral": request.referral_id},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return request


def preliminary_record(
    *,
    referral: Referral,
    acting: Membership,
    narrative: str,
    significant_harm_suspected: bool,
    social_care_referral: str,
) -> PreliminaryAssessment:
    """Record the initial vulnerability assessment (a narrative until the assessment framework is used): the area's
    coordinator."""
    actor = _coordinator(acting, referral, "preliminary_record")
    with transaction.atomic():
        referral = referral_lock(referral, None)
        REFERRAL_STATES.require("record_assessment", referral)
        assessment = _assessment(referral, actor)
        assessment.initial_vulnerability_assessment = narrative.strip()
        assessment.significant_harm_suspected = significant_harm_suspected
        assessment.social_care_referral = social_care_referral.strip()
        assessment.save()
        audit_append(
            action="referral.assessment_recorded", actor=actor, obj=assessment,
            details={"referral": referral.pk, "significant_harm_suspected": significant_harm_suspected},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return assessment


def preliminary_decide(
    *,
    referral: Referral,
    acting: Membership,
    decision: str,
    other_support: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Referral:
    """The partners' decision: Channel, other support, or exit. A Channel decision is taken through the hand-off
    prevent_casework.handoffs.preliminary_to_channel, which opens the case in the same transaction. Taken by the
    area's coordinator."""
    actor = _coordinator(acting, referral, "preliminary_decide")
    with transaction.atomic():
        referral = referral_lock(referral, expected_version)
        REFERRAL_STATES.require("record_assessment", referral)  # the decision is part of the assessment
        assessment = _assessment(referral, actor)
        problems = assessment_decision_problems(
            assessment, decision=decision, other_support=other_support, reason=reason
        )
        if problems:
            raise ReferralInvalid(problems)
        referral_move(referral, TRANSITIONS[PreliminaryAssessment.Decision(decision)])
        referral.save()
        assessment.decision = decision
        assessment.other_support = other_support if decision == PreliminaryAssessment.Decision.OTHER_SUPPORT else ""
        assessment.reason = reason.strip()
        assessment.decided_by = actor
        assessment.decided_at = timezone.now()
        assessment.save()
        details: dict[str, Any] = {"decision": decision}
        audit_append(
            action="referral.assessment_decided", actor=actor, obj=referral, details=details,
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
        tell_referrer(referral, actor)
    return referral
