"""Hand-offs between stages: the only code that calls two stages' services in one transaction.

Each stage's services know only their own stage and the earlier ones. Where a decision in one stage opens the next
(a safeguarding lead's "Prevent referral", police screening's "proceed", the preliminary assessment's "Channel"),
the decision and the opening happen here, together: if the second step fails, the first is rolled back and nothing
is left behind. Each hand-off writes its own audit event beside those of the services it calls.

A hand-off takes the acting membership and passes it on; each service checks it (core.access.require_acting). The
hand-off checks it once more before its transaction opens, so that a refusal is not rolled back with the rest: the
refused attempt stays in the audit log.

The pages that take these decisions post to the views in prevent_casework/views_handoffs.py, which call these
functions; nothing in a stage calls back up into this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from audit.services import audit_append
from cases.models import ChannelCase
from cases.services import case_open
from concerns.models import Concern
from core.access import require_acting
from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS, Role
from preliminary.models import PreliminaryAssessment
from preliminary.services import preliminary_decide, preliminary_open
from referrals.models import Referral
from referrals.selectors import open_draft_for
from referrals.services import referral_link_concern, referral_start
from screening.models import Screening
from screening.services import screening_decide
from triage.models import Decision
from triage.services import decision_record


@dataclass(frozen=True)
class ReferralStarted:
    decision: Decision
    referral: Referral
    new_draft: bool


def triage_to_referral(
    *,
    concern: Concern,
    acting: Membership,
    rationale: str,
    expected_version: int | None = None,
) -> ReferralStarted:
    """The safeguarding lead decides "Prevent referral": the decision is recorded and the referral form opens — a new
    draft about the person with this concern linked, or the draft already open for them at the organisation with
    this concern added to it. A safeguarding lead of the concern's organisation decides."""
    actor = require_acting(
        acting, service="triage_to_referral", roles=SAFEGUARDING_LEADS, organisation_id=concern.organisation_id,
        obj=concern,
    )  # fmt: skip
    with transaction.atomic():
        decision = decision_record(
            concern=concern,
            acting=acting,
            outcome=Decision.Outcome.PREVENT_REFERRAL,
            rationale=rationale,
            review_on=None,
            expected_version=expected_version,
        )
        draft = open_draft_for(organisation_id=concern.organisation_id, subject_id=concern.subject_id)
        new_draft = draft is None
        if draft is None:
            draft = referral_start(
                acting=acting, organisation=concern.organisation, subject=concern.subject, concerns=[concern]
            )
        else:
            draft = referral_link_concern(referral=draft, acting=acting, concern=concern)
        audit_append(
            action="handoff.triage_to_referral",
            actor=actor,
            obj=draft,
            details={"concern": concern.pk, "decision": decision.pk, "new_draft": new_draft},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return ReferralStarted(decision=decision, referral=draft, new_draft=new_draft)


def screening_to_preliminary(
    *, referral: Referral, acting: Membership, checks_made: str, reason: str = "", expected_version: int | None = None
) -> PreliminaryAssessment:
    """Police screening decides "proceed": the referral moves to the local authority's preliminary assessment, which
    opens in front of the area's Prevent coordinators. A police Prevent officer of the referral's area decides."""
    actor = require_acting(
        acting, service="screening_to_preliminary", roles={Role.POLICE_PREVENT_OFFICER}, area_id=referral.area_id,
        obj=referral,
    )  # fmt: skip
    with transaction.atomic():
        referral = screening_decide(
            referral=referral,
            acting=acting,
            outcome=Screening.Outcome.PROCEED,
            checks_made=checks_made,
            reason=reason,
            expected_version=expected_version,
        )
        assessment = preliminary_open(referral=referral, acting=acting)
        audit_append(
            action="handoff.screening_to_preliminary",
            actor=actor,
            obj=referral,
            details={"preliminary_assessment": assessment.pk},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return assessment


def preliminary_to_channel(
    *, referral: Referral, acting: Membership, reason: str = "", expected_version: int | None = None
) -> ChannelCase:
    """The preliminary assessment decides "appropriate for Channel": the Channel case opens, waiting for the area's
    next panel. The area's Prevent coordinator decides."""
    actor = require_acting(
        acting, service="preliminary_to_channel", roles={Role.LA_PREVENT_COORDINATOR}, area_id=referral.area_id,
        obj=referral,
    )  # fmt: skip
    with transaction.atomic():
        referral = preliminary_decide(
            referral=referral,
            acting=acting,
            decision=PreliminaryAssessment.Decision.CHANNEL,
            reason=reason,
            expected_version=expected_version,
        )
        case = case_open(referral=referral, acting=acting)
        audit_append(
            action="handoff.preliminary_to_channel", actor=actor, obj=referral, details={"channel_case": case.pk},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return case
