"""The referral's state machine and rules, one by one."""

import datetime

import pytest

from core.state_machine import IllegalTransition
from preliminary.models import PreliminaryAssessment
from preliminary.rules import assessment_decision_problems
from referrals.models import Referral, SecureDomain
from referrals.rules import age_on, is_secure_address
from referrals.states import REFERRAL_STATES
from screening.rules import screening_problems, working_days_between

S = Referral.Status
ALLOWED = {
    ("submit", S.DRAFT): S.SUBMITTED,
    ("start_screening", S.SUBMITTED): S.SCREENING,
    ("close", S.SCREENING): S.CLOSED,
    ("escalate", S.SCREENING): S.ESCALATED,
    ("proceed", S.SCREENING): S.PRELIMINARY_ASSESSMENT,
    ("accept_for_channel", S.PRELIMINARY_ASSESSMENT): S.CHANNEL,
    ("refer_to_other_support", S.PRELIMINARY_ASSESSMENT): S.OTHER_SUPPORT,
    ("exit", S.PRELIMINARY_ASSESSMENT): S.EXITED,
    # What may be done to a referral in a state without moving it (the target is the state it is in).
    ("edit", S.DRAFT): S.DRAFT,
    ("link_concern", S.DRAFT): S.DRAFT,
    ("open_preliminary_assessment", S.PRELIMINARY_ASSESSMENT): S.PRELIMINARY_ASSESSMENT,
    ("request_information", S.PRELIMINARY_ASSESSMENT): S.PRELIMINARY_ASSESSMENT,
    ("answer_information_request", S.PRELIMINARY_ASSESSMENT): S.PRELIMINARY_ASSESSMENT,
    ("record_assessment", S.PRELIMINARY_ASSESSMENT): S.PRELIMINARY_ASSESSMENT,
    ("open_channel_case", S.CHANNEL): S.CHANNEL,
    ("assess_vulnerability", S.PRELIMINARY_ASSESSMENT): S.PRELIMINARY_ASSESSMENT,
    ("assess_vulnerability", S.CHANNEL): S.CHANNEL,
}


@pytest.mark.parametrize(("move", "state"), sorted(ALLOWED))
def test_allowed_transitions(move, state):
    assert REFERRAL_STATES.target(move, state) == ALLOWED[(move, state)]


FORBIDDEN = [
    (move, state) for move in REFERRAL_STATES.transitions for state in S.values if (move, state) not in ALLOWED
]


@pytest.mark.parametrize(("move", "state"), FORBIDDEN)
def test_every_forbidden_transition_is_refused(move, state):
    with pytest.raises(IllegalTransition):
        REFERRAL_STATES.target(move, state)


def test_no_step_can_be_skipped():
    assert len(FORBIDDEN) == len(REFERRAL_STATES.transitions) * len(S.values) - len(ALLOWED)
    with pytest.raises(IllegalTransition):
        REFERRAL_STATES.target("proceed", S.SUBMITTED)  # not screened yet
    with pytest.raises(IllegalTransition):
        REFERRAL_STATES.target("accept_for_channel", S.SCREENING)  # no preliminary assessment


def test_secure_addresses():
    domains = [
        SecureDomain(domain="pnn.police.uk", is_active=True),
        SecureDomain(domain="nhs.net", is_active=True),
        SecureDomain(domain="gsi.gov.uk", is_active=False),
    ]
    assert is_secure_address("prevent@essex.pnn.police.uk", domains)
    assert is_secure_address("Someone@NHS.NET", domains)
    assert not is_secure_address("someone@gmail.com", domains)
    assert not is_secure_address("someone@notpnn.police.uk.evil.example", domains)
    assert not is_secure_address("someone@fakepnn.police.uk", domains)
    assert not is_secure_address("someone@team.gsi.gov.uk", domains)  # withdrawn
    assert not is_secure_address("no-at-sign", domains)


def test_working_days_skip_weekends():
    friday = datetime.date(2026, 11, 20)
    assert working_days_between(friday, datetime.date(2026, 11, 23)) == 1  # the Monday
    assert working_days_between(friday, datetime.date(2026, 11, 27)) == 5


def test_age_on():
    assert age_on(datetime.date(2010, 11, 27), datetime.date(2026, 11, 26)) == 15
    assert age_on(datetime.date(2010, 11, 26), datetime.date(2026, 11, 26)) == 16
    assert age_on(None, datetime.date(2026, 11, 26)) is None


def test_screening_rules():
    assert screening_problems(outcome="proceed", signpost_to="", reason="", checks_made="PNC") == {}
    problems = screening_problems(outcome="not_prevent", signpost_to="", reason="", checks_made="")
    assert set(problems) == {"checks_made", "signpost_to", "reason"}
    assert "reason" in screening_problems(outcome="escalated", signpost_to="", reason="", checks_made="x")


def test_significant_harm_needs_a_social_care_referral_before_leaving():
    assessment = PreliminaryAssessment(initial_vulnerability_assessment="Narrative", significant_harm_suspected=True)
    for decision in ("exit", "other_support"):
        problems = assessment_decision_problems(assessment, decision=decision, other_support="early_help", reason="x")
        assert "social_care_referral" in problems
    assert assessment_decision_problems(assessment, decision="channel", other_support="", reason="") == {}
    assessment.social_care_referral = "Referred to children's social care by the DSL on 20 November"
    assert assessment_decision_problems(assessment, decision="exit", other_support="", reason="No risk") == {}


def test_decision_needs_the_initial_assessment_and_a_reason():
    empty = PreliminaryAssessment()
    problems = assessment_decision_problems(empty, decision="other_support", other_support="", reason="")
    assert set(problems) == {"initial_vulnerability_assessment", "other_support", "reason"}
    assert assessment_decision_problems(empty, decision="nonsense", other_support="", reason="") == {
        "decision": "Select the decision"
    }
