"""Business rules of concerns, one function each, the rule's wording as its docstring."""

from __future__ import annotations

import datetime

from .indicators import INDICATORS
from .models import Concern


def missing_for_submission(concern: Concern) -> dict[str, str]:
    """A concern can be submitted only when it says when it happened, where, what was seen or heard, and whether
    anyone is at immediate risk of harm. Returns {field: message} for what is missing."""
    missing = {}
    if concern.observed_on is None:
        missing["observed_on"] = "Enter the date you saw or heard this"
    if not concern.location.strip():
        missing["location"] = "Enter where it happened"
    if not concern.account.strip():
        missing["account"] = "Describe what you saw or heard, in your own words"
    if concern.immediate_risk == "":
        missing["immediate_risk"] = "Select yes if anyone is at immediate risk of harm"
    if concern.observed_on and concern.observed_on > datetime.date.today():
        missing["observed_on"] = "The date you saw or heard this must be today or in the past"
    unknown = [code for code in concern.indicators if code not in INDICATORS]
    if unknown:
        missing["indicators"] = "Select indicators from the list"
    return missing


def is_urgent(concern: Concern) -> bool:
    """A concern is urgent when the member of staff says someone is at immediate risk of harm."""
    return concern.immediate_risk == Concern.ImmediateRisk.YES


def is_editable_by(concern: Concern, user_id: int) -> bool:
    """Only its author may change a concern, and only while it is a draft; after that it is read-only and later
    facts go in as addenda."""
    return concern.status == Concern.Status.DRAFT and concern.raised_by_id == user_id
