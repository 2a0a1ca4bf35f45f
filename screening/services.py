"""Writes of police screening (policy 2.5). Each runs in one transaction with one audit event; none puts personal
data in the log. A referral that proceeds to the preliminary assessment goes through the hand-off
(prevent_casework.handoffs.screening_to_preliminary), which calls screening_decide and preliminary_open together."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from core.access import require_acting
from organisations.models import Membership
from organisations.roles import Role
from referrals.models import Referral
from referrals.services import ReferralInvalid, referral_lock, referral_move, tell_referrer

from .models import Screening
from .rules import screening_problems

TRANSITIONS = {
    Screening.Outcome.NOT_PREVENT: "close",
    Screening.Outcome.ESCALATED: "escalate",
    Screening.Outcome.PROCEED: "proceed",
}


def _may_screen(acting: Membership, referral: Referral, service: str) -> User:
    """Screening is done by the police Prevent officers of the referral's area."""
    return require_acting(
        acting, service=service, roles={Role.POLICE_PREVENT_OFFICER}, area_id=referral.area_id, obj=referral
    )


def screening_start(*, referral: Referral, acting: Membership) -> Screening:
    """A police Prevent officer of the referral's area starts screening a sent referral."""
    actor = _may_screen(acting, referral, "screening_start")
    with transaction.atomic():
        referral = referral_lock(referral, None)
        referral_move(referral, "start_screening")
        referral.save()
        screening = Screening.objects.create(referral=referral, started_by=actor)
        audit_append(
            action="referral.screening_started", actor=actor, obj=referral,
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return screening


def screening_decide(
    *,
    referral: Referral,
    acting: Membership,
    outcome: str,
    checks_made: str,
    signpost_to: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> Referral:
    """Record the police Prevent team's checks and outcome (a police Prevent officer of the referral's area). The
    referring organisation is told the outcome (and nothing of the checks)."""
    actor = _may_screen(acting, referral, "screening_decide")
    problems = screening_problems(outcome=outcome, signpost_to=signpost_to, reason=reason, checks_made=checks_made)
    if problems:
        raise ReferralInvalid(problems)
    with transaction.atomic():
        referral = referral_lock(referral, expected_version)
        referral_move(referral, TRANSITIONS[Screening.Outcome(outcome)])
        referral.save()
        screening = Screening.objects.select_for_update().get(referral=referral)
        screening.checks_made = checks_made.strip()
        screening.outcome = outcome
        screening.signpost_to = signpost_to if outcome == Screening.Outcome.NOT_PREVENT else ""
        screening.reason = reason.strip()
        screening.decided_by = actor
        screening.decided_at = timezone.now()
        screening.save()
        audit_append(
            action="referral.screened", actor=actor, obj=referral, details={"outcome": outcome},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
        tell_referrer(referral, actor)
    return referral
