"""Business rules of triage, one function each, the rule's wording as its docstring."""

from __future__ import annotations

import datetime

from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS

from .models import Decision


def may_triage(membership: Membership | None, organisation_id: int) -> bool:
    """Only the organisation's designated safeguarding leads and its headteacher triage its concerns."""
    return bool(membership and membership.role in SAFEGUARDING_LEADS and membership.organisation_id == organisation_id)


def decision_problems(
    *, outcome: str, rationale: str, review_on: datetime.date | None, today: datetime.date
) -> dict[str, str]:
    """Every outcome needs a written rationale. "Monitor" needs a review date after today; no other outcome
    takes one."""
    problems = {}
    if not rationale.strip():
        problems["rationale"] = "Explain why you decided this"
    if outcome == Decision.Outcome.MONITOR:
        if review_on is None:
            problems["review_on"] = "Enter the date to review this concern"
        elif review_on <= today:
            problems["review_on"] = "The review date must be in the future"
    elif review_on is not None:
        problems["review_on"] = "Only a decision to monitor has a review date"
    return problems
