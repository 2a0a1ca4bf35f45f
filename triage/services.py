"""Writes of triage. Each runs in one transaction with one audit event."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from concerns.models import Concern
from concerns.states import CONCERN_STATES
from people.models import Person

from .models import Clarification, ConsentRecord, Decision
from .rules import decision_problems


class DecisionInvalid(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("The decision is not complete.")
        self.problems = problems


def _move(concern: Concern, transition: str) -> Concern:
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    concern.status = CONCERN_STATES.target(transition, concern.status)
    concern.version += 1
    return concern


def concern_mark_read(*, concern: Concern, acting_user: User) -> Concern:
    with transaction.atomic():
        concern = _move(concern, "mark_read")
        concern.read_at = timezone.now()
        concern.read_by = acting_user
        concern.save()
        audit_append(action="concern.marked_read", actor=acting_user, obj=concern)
    return concern


def clarification_record(
    *, concern: Concern, acting_user: User, spoke_with: str, who: str, spoke_on: datetime.date, summary: str
) -> Clarification:
    with transaction.atomic():
        clarification = Clarification.objects.create(
            concern=concern,
            spoke_with=spoke_with,
            who=who.strip(),
            spoke_on=spoke_on,
            summary=summary.strip(),
            recorded_by=acting_user,
        )
        audit_append(
            action="triage.clarification_recorded",
            actor=acting_user,
            obj=clarification,
            details={"concern": concern.pk, "spoke_with": spoke_with},
        )
    return clarification


def consent_record(*, concern: Concern, acting_user: User, position: str, given_by: str, note: str) -> ConsentRecord:
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            concern=concern, position=position, given_by=given_by.strip(), note=note.strip(), recorded_by=acting_user
        )
        audit_append(
            action="triage.consent_recorded",
            actor=acting_user,
            obj=record,
            details={"concern": concern.pk, "position": position},
        )
    return record


def decision_record(
    *, concern: Concern, acting_user: User, outcome: str, rationale: str, review_on: datetime.date | None
) -> Decision:
    """Decide the outcome of a concern that has been read. The concern moves to "outcome decided"."""
    problems = decision_problems(outcome=outcome, rationale=rationale, review_on=review_on, today=timezone.localdate())
    if problems:
        raise DecisionInvalid(problems)
    with transaction.atomic():
        concern = _move(concern, "decide")
        concern.save()
        decision = Decision.objects.create(
            concern=concern,
            outcome=outcome,
            rationale=rationale.strip(),
            review_on=review_on,
            decided_by=acting_user,
        )
        audit_append(
            action="triage.decided",
            actor=acting_user,
            obj=decision,
            details={"concern": concern.pk, "outcome": outcome},
        )
    return decision


def decision_reopen(*, concern: Concern, acting_user: User, reason: str) -> Decision:
    """Reopen a decided concern, with a reason. The earlier decision stays on the record, marked reopened."""
    if not reason.strip():
        raise DecisionInvalid({"reason": "Explain why you are reopening this concern"})
    with transaction.atomic():
        concern = _move(concern, "reopen")
        concern.save()
        decision = Decision.objects.select_for_update().get(concern=concern, reopened_at__isnull=True)
        decision.reopened_at = timezone.now()
        decision.reopened_by = acting_user
        decision.reopen_reason = reason.strip()
        decision.save()
        audit_append(action="triage.reopened", actor=acting_user, obj=decision, details={"concern": concern.pk})
    return decision


def concern_link_to_person(*, concern: Concern, acting_user: User, person: Person, reason: str) -> Concern:
    """Join up a concern that was recorded against a duplicate record of the same person."""
    if not reason.strip():
        raise DecisionInvalid({"reason": "Explain why these are the same person"})
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        previous = concern.subject_id
        concern.subject = person
        concern.version += 1
        concern.save()
        audit_append(
            action="concern.linked_to_person",
            actor=acting_user,
            obj=concern,
            details={"from_person": previous, "to_person": person.pk},
        )
    return concern
