"""The pages' decisions that may open the next stage: a safeguarding lead's triage decision, police screening's
outcome and the preliminary assessment's decision. Each form posts here; the view checks access through the stage's
own helpers, then calls either the stage's service (a decision that stays in the stage) or the hand-off in
prevent_casework.handoffs (a decision that opens the next stage), and shows the stage's page again on a problem."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from concerns.services import StaleConcern
from concerns.states import CONCERN_STATES
from core.access import role_required
from core.forms import add_problems
from core.http import AuthenticatedRequest
from core.state_machine import IllegalTransition
from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS, Role
from preliminary.forms import AssessmentDecisionForm
from preliminary.models import PreliminaryAssessment
from preliminary.selectors import preliminary_of
from preliminary.services import preliminary_decide
from preliminary.views import assessment_page, back_to_assessment
from preliminary.views import moved_on as assessment_moved_on
from referrals.selectors import referral_for
from referrals.services import ReferralInvalid, StaleReferral
from referrals.states import REFERRAL_STATES
from screening.forms import ScreeningDecisionForm
from screening.models import Screening
from screening.services import screening_decide as screening_decide_service
from screening.views import back_to_screening, screening_page
from screening.views import moved_on as screening_moved_on
from triage.forms import DecisionForm
from triage.models import Decision
from triage.services import DecisionInvalid, decision_record
from triage.views import back_to_concern, concern_for_triage, triage_page
from triage.views import moved_on as triage_moved_on

from .handoffs import preliminary_to_channel, screening_to_preliminary, triage_to_referral


def _acting(request: AuthenticatedRequest) -> Membership:
    """The acting membership of a role_required page (there is one), which the services and hand-offs take."""
    acting = request.acting
    assert acting is not None
    return acting


@require_POST
@role_required(*SAFEGUARDING_LEADS)
def triage_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = concern_for_triage(request, pk)
    if CONCERN_STATES.may("mark_read", concern):
        messages.warning(request, "Mark the concern as read before you decide its outcome. Nothing was recorded.")
        return back_to_concern(concern)
    if not CONCERN_STATES.may("decide", concern):
        return triage_moved_on(request, concern)
    form = DecisionForm(request.POST, prefix="decide")
    if not form.is_valid():
        return triage_page(request, concern, failed=("decide", form))
    data = form.cleaned_data
    try:
        if data["outcome"] == Decision.Outcome.PREVENT_REFERRAL:
            started = triage_to_referral(
                concern=concern,
                acting=_acting(request),
                rationale=data["rationale"],
                expected_version=data["version"],
            )
        else:
            decision = decision_record(
                concern=concern,
                acting=_acting(request),
                outcome=data["outcome"],
                rationale=data["rationale"],
                review_on=data["review_on"],
                expected_version=data["version"],
            )
    except DecisionInvalid as invalid:
        add_problems(form, invalid.problems)
        return triage_page(request, concern, failed=("decide", form))
    except (IllegalTransition, StaleConcern):
        return triage_moved_on(request, concern)
    if data["outcome"] == Decision.Outcome.PREVENT_REFERRAL:
        messages.success(
            request,
            "The decision has been recorded: prevent referral. The next step is to complete the Prevent referral "
            f"form below ({started.referral.reference}).",
        )
        return redirect("referrals:task_list", pk=started.referral.pk)
    messages.success(request, f"The decision has been recorded: {decision.get_outcome_display().lower()}.")
    return back_to_concern(concern)


@require_POST
@role_required(Role.POLICE_PREVENT_OFFICER)
def screening_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = referral_for(request.acting, pk, purpose="screening")
    if not REFERRAL_STATES.may("proceed", referral):
        return screening_moved_on(request, referral)
    form = ScreeningDecisionForm(request.POST, prefix="screen")
    if not form.is_valid():
        return screening_page(request, referral, form=form)
    data = form.cleaned_data
    if data["version"] is not None and data["version"] != referral.version:
        return screening_moved_on(request, referral)
    try:
        if data["outcome"] == Screening.Outcome.PROCEED:
            screening_to_preliminary(
                referral=referral,
                acting=_acting(request),
                checks_made=data["checks_made"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        else:
            screening_decide_service(
                referral=referral,
                acting=_acting(request),
                outcome=data["outcome"],
                checks_made=data["checks_made"],
                signpost_to=data["signpost_to"],
                reason=data["reason"],
                expected_version=data["version"],
            )
    except ReferralInvalid as invalid:
        add_problems(form, invalid.problems)
        return screening_page(request, referral, form=form)
    except (IllegalTransition, StaleReferral):
        return screening_moved_on(request, referral)
    outcome = Screening.Outcome(data["outcome"]).label
    messages.success(request, f"The outcome of screening has been recorded: {outcome[0].lower()}{outcome[1:]}.")
    return back_to_screening(referral)


@require_POST
@role_required(Role.LA_PREVENT_COORDINATOR)
def preliminary_decide_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = referral_for(request.acting, pk, purpose="preliminary")
    if not REFERRAL_STATES.may("accept_for_channel", referral):
        return assessment_moved_on(request, referral)
    form = AssessmentDecisionForm(request.POST, prefix="decide", assessment=preliminary_of(referral=referral))
    if not form.is_valid():
        return assessment_page(request, referral, failed=("decide", form))
    data = form.cleaned_data
    if data["version"] is not None and data["version"] != referral.version:
        return assessment_moved_on(request, referral)
    try:
        if data["decision"] == PreliminaryAssessment.Decision.CHANNEL:
            case = preliminary_to_channel(
                referral=referral, acting=_acting(request), reason=data["reason"], expected_version=data["version"]
            )
        else:
            preliminary_decide(
                referral=referral,
                acting=_acting(request),
                decision=data["decision"],
                other_support=data["other_support"],
                reason=data["reason"],
                expected_version=data["version"],
            )
    except ReferralInvalid as invalid:
        add_problems(form, invalid.problems)
        return assessment_page(request, referral, failed=("decide", form))
    except (IllegalTransition, StaleReferral):
        return assessment_moved_on(request, referral)
    if data["decision"] == PreliminaryAssessment.Decision.CHANNEL:
        messages.success(request, f"Channel case {case.reference} has been opened. It is waiting for the next panel.")
    else:
        label = PreliminaryAssessment.Decision(data["decision"]).label
        messages.success(request, f"The decision has been recorded: {label[0].lower()}{label[1:]}.")
    return back_to_assessment(referral)
