"""Business rules of police screening, one function each, the rule's wording as its docstring."""

from __future__ import annotations

import datetime

from django.conf import settings

from referrals.models import Referral
from referrals.states import REFERRAL_STATES

from .models import Screening


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Monday to Friday between two days (the start day not counted). Bank holidays are not known to the service."""
    days = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def screening_overdue(referral: Referral, *, today: datetime.date) -> bool:
    """A referral not screened within SCREENING_DUE_WORKING_DAYS working days (5 by default) of being sent is
    overdue."""
    if referral.submitted_at is None or not REFERRAL_STATES.in_phase("awaiting_screening", referral):
        return False
    return working_days_between(referral.submitted_at.date(), today) > settings.SCREENING_DUE_WORKING_DAYS


def screening_problems(*, outcome: str, signpost_to: str, reason: str, checks_made: str) -> dict[str, str]:
    """Screening records the checks made and an outcome. Not for Prevent needs where the person is signposted and
    why; escalation needs a reason."""
    problems = {}
    if not checks_made.strip():
        problems["checks_made"] = "Record the checks you made"
    if outcome not in Screening.Outcome.values:
        problems["outcome"] = "Select the outcome of screening"
    if outcome == Screening.Outcome.NOT_PREVENT:
        if signpost_to not in Screening.Signpost.values:
            problems["signpost_to"] = "Select where the person is signposted"
        if not reason.strip():
            problems["reason"] = "Explain why this is not for Prevent"
    if outcome == Screening.Outcome.ESCALATED and not reason.strip():
        problems["reason"] = "Explain why it is escalated"
    return problems
