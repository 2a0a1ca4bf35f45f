"""Business rules of triage, one function each, the rule's wording as its docstring."""

from __future__ import annotations

import datetime

from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS

from .models import Clarification, ConsentRecord, Decision


def may_triage(membership: Membership | None, organisation_id: int) -> bool:
    """Only the organisation's designated safeguarding leads and its headteacher triage its concerns."""
    return bool(membership and membership.role in SAFEGUARDING_LEADS and membership.organisation_id == organisation_id)


def decision_problems(
    *, outcome: str, rationale: str, review_on: datetime.date | None, today: datetime.date
) -> dict[str, str]:
    """Every outcome needs a written rationale. "Monitor" needs a review date after today; no other outcome
    takes one."""
    problems = {}
    if outcome not in Decision.Outcome.values:
        problems["outcome"] = "Select the outcome"
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


# Consent positions that are a decision not to ask, which must be explained (policy 2.4).
NOT_SOUGHT = frozenset({ConsentRecord.Position.NOT_SOUGHT_RISK, ConsentRecord.Position.NOT_SOUGHT_FAMILY_IMPLICATED})


def consent_problems(*, position: str, note: str) -> dict[str, str]:
    """Record the consent position from the list. Deciding not to seek consent (because it would place the child
    at risk, or the family may be implicated) must be explained in a note."""
    if position not in ConsentRecord.Position.values:
        return {"position": "Select the consent position"}
    if position in NOT_SOUGHT and not note.strip():
        return {"note": "Explain why consent was not sought"}
    return {}


def clarification_problems(
    *, spoke_with: str, spoke_on: datetime.date, summary: str, today: datetime.date
) -> dict[str, str]:
    """A clarification says who was spoken with, on a day that has happened, and what was said."""
    problems = {}
    if spoke_with not in Clarification.SpokeWith.values:
        problems["spoke_with"] = "Select who you spoke with"
    if spoke_on > today:
        problems["spoke_on"] = "The date you spoke with them must be today or in the past"
    if not summary.strip():
        problems["summary"] = "Summarise what was said"
    return problems
