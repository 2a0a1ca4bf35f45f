"""Writes of police screening (policy 2.5). Each runs in one transaction with one audit event; none puts personal
data in the log. A referral that proceeds to the preliminary assessment goes through the hand-off
(prevent_casework.handoffs.screening_to_preliminary), which calls screening_decide and preliminary_open together."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from referrals.models import Referral
from referrals.services import ReferralInvalid, referral_lock, referral_move, tell_referrer

from .models import Screening
from .rules import screening_problems

TRANSITIONS = {
    Screening.Outcome.NOT_PREVENT: "close",
    Screening.Outcome.ESCALATED: "escalate",
    Screening.Outcome.PROCEED: "proceed",
}


def screening_start(*, referral: Referral, acting_user: User) -> Screening:
    """The police Prevent officer starts screening a sent referral."""
    with transaction.atomic():
        referral = referral_lock(referral, None)
        referral_move(referral, "start_screening")
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
    nothing of the checks)."""
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
        screening.decided_by = acting_user
        screening.decided_at = timezone.now()
        screening.save()
        audit_append(action="referral.screened", actor=acting_user, obj=referral, details={"outcome": outcome})
        tell_referrer(referral, acting_user)
    return referral
