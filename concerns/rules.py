"""Business rules of concerns, one function each, the rule's wording as its docstring."""

from __future__ import annotations

import datetime

from accounts.models import User

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


# --- guards of concerns.states: (concern, **context) -> None when the rule allows it, else the reason -------------


def written_by_the_acting_user(concern: Concern, *, acting_user: User, **_: object) -> str | None:
    """Only its author may change a draft concern, remove its files or submit it; after that it is read-only and
    later facts go in as addenda."""
    if concern.raised_by_id != acting_user.pk:
        return "Only the author can change or submit a draft concern."
    return None


def files_go_on_a_draft_only_from_its_author(concern: Concern, *, acting_user: User, **_: object) -> str | None:
    """While a concern is a draft, only its author adds files to it; once it is submitted, those who can see it may
    add files as later facts."""
    if concern.status == Concern.Status.DRAFT and concern.raised_by_id != acting_user.pk:
        return "Only the author can add files to a draft concern."
    return None
