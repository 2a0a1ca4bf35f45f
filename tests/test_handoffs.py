"""Hand-offs between stages (prevent_casework/handoffs.py): each decision and the opening of the next stage happen in
one transaction with their own audit event, and a hand-off that fails half-way leaves nothing behind."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import ChannelCase
from cases.services import case_open
from concerns.models import Concern
from core.access import NotPermitted
from organisations.roles import Role
from preliminary.models import PreliminaryAssessment
from preliminary.services import preliminary_record
from prevent_casework import handoffs
from referrals.models import Referral
from screening.models import Screening
from screening.services import screening_start
from triage.models import Decision

from .refusals import ANOTHER_ORGANISATION, assert_refused, not_allowed
from .test_screening import CHECKS, submitted_referral
from .test_triage import _concern, _person, _read

pytestmark = pytest.mark.django_db


class SecondStepFailed(Exception):
    pass


def _fail(*args: object, **kwargs: object) -> None:
    raise SecondStepFailed


# --- triage → referral ---------------------------------------------------------------------------------------


def test_a_prevent_referral_decision_starts_the_draft_with_the_concern_linked(personas):
    concern = _read(_concern(personas), personas.membership("dsl"))
    started = handoffs.triage_to_referral(
        concern=concern, acting=personas.membership("dsl"), rationale="Needs Prevent."
    )
    assert started.new_draft
    assert started.decision.outcome == Decision.Outcome.PREVENT_REFERRAL
    assert list(started.referral.concerns.all()) == [concern]
    assert started.referral.status == Referral.Status.DRAFT
    event = AuditEvent.objects.get(action="handoff.triage_to_referral")
    assert event.details == {"concern": concern.pk, "decision": started.decision.pk, "new_draft": True}
    assert event.object_id == str(started.referral.pk)


def test_a_further_concern_is_linked_to_the_draft_already_open_under_its_own_audit_action(personas):
    person = _person(personas)
    first = _read(_concern(personas, person), personas.membership("dsl"))
    draft = handoffs.triage_to_referral(concern=first, acting=personas.membership("dsl"), rationale="Prevent.").referral
    second = _read(_concern(personas, person), personas.membership("dsl"))
    again = handoffs.triage_to_referral(concern=second, acting=personas.membership("dsl"), rationale="Prevent again.")
    assert again.referral.pk == draft.pk and not again.new_draft
    assert set(again.referral.concerns.all()) == {first, second}
    linked = AuditEvent.objects.get(action="referral.concern_linked")
    assert linked.details == {"concern": second.pk}
    assert not AuditEvent.objects.filter(action="referral.section_saved").exists()


def test_a_failed_draft_leaves_no_decision_behind(personas, monkeypatch):
    concern = _read(_concern(personas), personas.membership("dsl"))
    monkeypatch.setattr(handoffs, "referral_start", _fail)
    with pytest.raises(SecondStepFailed):
        handoffs.triage_to_referral(concern=concern, acting=personas.membership("dsl"), rationale="Needs Prevent.")
    concern.refresh_from_db()
    assert concern.status == Concern.Status.IN_TRIAGE
    assert not Decision.objects.exists()
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["triage.decided", "handoff.triage_to_referral"]).exists()


def test_the_decision_page_takes_the_hand_off_and_opens_the_referral_form(personas, client_for):
    concern = _read(_concern(personas), personas.membership("dsl"))
    response = client_for("dsl").post(
        reverse("handoffs:triage_decide", args=[concern.pk]),
        {"decide-outcome": "prevent_referral", "decide-rationale": "Needs Prevent.", "decide-version": concern.version},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:task_list", args=[referral.pk])
    assert AuditEvent.objects.filter(action="handoff.triage_to_referral").count() == 1


# --- screening → preliminary assessment ---------------------------------------------------------------------


def _being_screened(personas) -> Referral:
    referral = submitted_referral(personas)
    screening_start(referral=referral, acting=personas.membership("police"))
    referral.refresh_from_db()
    return referral


def test_proceeding_opens_the_preliminary_assessment_for_the_coordinators(personas):
    personas["coordinator"]
    referral = _being_screened(personas)
    assessment = handoffs.screening_to_preliminary(
        referral=referral, acting=personas.membership("police"), checks_made=CHECKS
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PRELIMINARY_ASSESSMENT
    assert assessment.referral_id == referral.pk and assessment.coordinator_id is None
    assert AuditEvent.objects.filter(action="preliminary.opened", object_id=str(assessment.pk)).count() == 1
    assert AuditEvent.objects.get(action="handoff.screening_to_preliminary").details == {
        "preliminary_assessment": assessment.pk
    }


def test_a_failed_opening_leaves_the_referral_being_screened(personas, monkeypatch):
    referral = _being_screened(personas)
    monkeypatch.setattr(handoffs, "preliminary_open", _fail)
    with pytest.raises(SecondStepFailed):
        handoffs.screening_to_preliminary(referral=referral, acting=personas.membership("police"), checks_made=CHECKS)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SCREENING
    assert Screening.objects.get(referral=referral).outcome == ""
    assert not PreliminaryAssessment.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["referral.screened", "handoff.screening_to_preliminary"]).exists()


# --- preliminary assessment → Channel case --------------------------------------------------------------------


def _assessed(personas) -> Referral:
    referral = _being_screened(personas)
    handoffs.screening_to_preliminary(referral=referral, acting=personas.membership("police"), checks_made=CHECKS)
    preliminary_record(
        referral=referral, acting=personas.membership("coordinator"), narrative="Engagement: low.",
        significant_harm_suspected=False, social_care_referral="",
    )  # fmt: skip
    referral.refresh_from_db()
    return referral


def test_channel_opens_the_case(personas):
    referral = _assessed(personas)
    case = handoffs.preliminary_to_channel(referral=referral, acting=personas.membership("coordinator"))
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CHANNEL
    assert case.referral_id == referral.pk and case.status == ChannelCase.Status.AWAITING_PANEL
    assert AuditEvent.objects.filter(action="case.opened", object_id=str(case.pk)).count() == 1
    assert AuditEvent.objects.get(action="handoff.preliminary_to_channel").details == {"channel_case": case.pk}


def test_a_failed_case_leaves_the_assessment_undecided(personas, monkeypatch):
    referral = _assessed(personas)
    monkeypatch.setattr(handoffs, "case_open", _fail)
    with pytest.raises(SecondStepFailed):
        handoffs.preliminary_to_channel(referral=referral, acting=personas.membership("coordinator"))
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PRELIMINARY_ASSESSMENT
    assert PreliminaryAssessment.objects.get(referral=referral).decision == ""
    assert not ChannelCase.objects.exists()
    assert not AuditEvent.objects.filter(
        action__in=["referral.assessment_decided", "handoff.preliminary_to_channel"]
    ).exists()


# --- who may act: a hand-off refuses before its transaction, so the refusal stays in the audit log --------------


def test_a_lead_at_another_school_may_not_take_the_prevent_referral_decision(personas):
    concern = _read(_concern(personas), personas.membership("dsl"))
    with pytest.raises(NotPermitted):
        handoffs.triage_to_referral(concern=concern, acting=personas.membership("other_dsl"), rationale="Not mine.")
    assert_refused(personas, "other_dsl", service="triage_to_referral", reason=ANOTHER_ORGANISATION)
    assert not Referral.objects.exists() and not Decision.objects.exists()
    assert Concern.objects.get(pk=concern.pk).status == concern.status


def test_only_the_coordinator_opens_the_channel_case(personas):
    referral = _assessed(personas)
    with pytest.raises(NotPermitted):
        case_open(referral=referral, acting=personas.membership("police"))
    assert_refused(personas, "police", service="case_open", reason=not_allowed(Role.POLICE_PREVENT_OFFICER))
    assert not ChannelCase.objects.exists()
