"""Business rules of the preliminary assessment, one function each, the rule's wording as its docstring."""

from __future__ import annotations

from .models import InformationRequest, PreliminaryAssessment


def assessment_decision_problems(
    assessment: PreliminaryAssessment, *, decision: str, other_support: str, reason: str
) -> dict[str, str]:
    """The partners decide: Channel, other support (which kind, and why) or exit (why). Where significant harm is
    suspected, a referral to children's or adult social care must be recorded before the person leaves the process
    (policy 2.5), whether to other support or out of it."""
    problems = {}
    if decision not in PreliminaryAssessment.Decision.values:
        return {"decision": "Select the decision"}
    if not assessment.initial_vulnerability_assessment.strip():
        problems["initial_vulnerability_assessment"] = "Record the initial vulnerability assessment first"
    if (
        decision == PreliminaryAssessment.Decision.OTHER_SUPPORT
        and other_support not in PreliminaryAssessment.OtherSupport.values
    ):
        problems["other_support"] = "Select the other support"
    if decision != PreliminaryAssessment.Decision.CHANNEL and not reason.strip():
        problems["reason"] = "Explain the decision"
    leaving = decision in {PreliminaryAssessment.Decision.OTHER_SUPPORT, PreliminaryAssessment.Decision.EXIT}
    if leaving and assessment.significant_harm_suspected and not assessment.social_care_referral.strip():
        problems["social_care_referral"] = "Record the referral to social care before the person leaves the process"
    return problems


def answered_once(request: InformationRequest) -> str | None:
    """A partner answers an information request once; a later answer would overwrite what was relied on."""
    if request.answered_at is not None:
        return "This request has already been answered."
    return None
