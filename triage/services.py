"""Writes of triage. Each runs in one transaction with one audit event.

Each takes the acting membership (`acting`) and first checks that it may act: only the designated safeguarding
leads and the headteacher of the concern's organisation triage it (triage.rules.may_triage; the check is
core.access.require_acting, whose refusal is audited and raises NotPermitted).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from concerns.models import Concern
from concerns.services import StaleConcern
from concerns.states import CONCERN_STATES
from core.access import require_acting
from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS
from people.models import Person

from .models import Clarification, ConsentRecord, Decision
from .rules import clarification_problems, consent_problems, decision_problems


class TriageInvalid(Exception):
    """What was entered breaks a rule of triage; `problems` maps each field to what to do about it."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class DecisionInvalid(TriageInvalid):
    pass


class LinkInvalid(TriageInvalid):
    pass


def _triager(acting: Membership, concern: Concern, *, service: str) -> User:
    """The user triaging `concern`: a safeguarding lead or the headteacher of its organisation, or refused."""
    return require_acting(
        acting, service=service, roles=SAFEGUARDING_LEADS, organisation_id=concern.organisation_id, obj=concern
    )


def _lock(concern: Concern, expected_version: int | None) -> Concern:
    """The concern, locked for this transaction; refused if it is a draft or changed since the form was opened."""
    fresh = Concern.objects.select_for_update().get(pk=concern.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleConcern("This concern has moved on since the page was opened.")
    CONCERN_STATES.require("triage", fresh)
    return fresh


def _move(concern: Concern, transition: str, expected_version: int | None = None) -> Concern:
    concern = _lock(concern, expected_version)
    CONCERN_STATES.apply(transition, concern)
    concern.version += 1
    return concern


def concern_mark_read(*, concern: Concern, acting: Membership) -> Concern:
    acting_user = _triager(acting, concern, service="concern_mark_read")
    with transaction.atomic():
        concern = _move(concern, "mark_read")
        concern.read_at = timezone.now()
        concern.read_by = acting_user
        concern.save()
        audit_append(
            action="concern.marked_read",
            actor=acting_user,
            obj=concern,
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return concern


def clarification_record(
    *, concern: Concern, acting: Membership, spoke_with: str, who: str, spoke_on: datetime.date, summary: str
) -> Clarification:
    """Note a conversation that clarified the information (policy 2.4)."""
    acting_user = _triager(acting, concern, service="clarification_record")
    problems = clarification_problems(
        spoke_with=spoke_with, spoke_on=spoke_on, summary=summary, today=timezone.localdate()
    )
    if problems:
        raise TriageInvalid(problems)
    with transaction.atomic():
        concern = _lock(concern, None)
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
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return clarification


def consent_record(*, concern: Concern, acting: Membership, position: str, given_by: str, note: str) -> ConsentRecord:
    """Record the consent position; the newest record is the current one."""
    acting_user = _triager(acting, concern, service="consent_record")
    problems = consent_problems(position=position, note=note)
    if problems:
        raise TriageInvalid(problems)
    with transaction.atomic():
        concern = _lock(concern, None)
        record = ConsentRecord.objects.create(
            concern=concern, position=position, given_by=given_by.strip(), note=note.strip(), recorded_by=acting_user
        )
        audit_append(
            action="triage.consent_recorded",
            actor=acting_user,
            obj=record,
            details={"concern": concern.pk, "position": position},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return record


def decision_record(
    *,
    concern: Concern,
    acting: Membership,
    outcome: str,
    rationale: str,
    review_on: datetime.date | None,
    expected_version: int | None = None,
) -> Decision:
    """Decide the outcome of a concern that has been read. The concern moves to "outcome decided"."""
    acting_user = _triager(acting, concern, service="decision_record")
    problems = decision_problems(outcome=outcome, rationale=rationale, review_on=review_on, today=timezone.localdate())
    if problems:
        raise DecisionInvalid(problems)
    with transaction.atomic():
        concern = _move(concern, "decide", expected_version)
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
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return decision


def decision_reopen(
    *, concern: Concern, acting: Membership, reason: str, expected_version: int | None = None
) -> Decision:
    """Reopen a decided concern, with a reason. The earlier decision stays on the record, marked reopened."""
    acting_user = _triager(acting, concern, service="decision_reopen")
    if not reason.strip():
        raise DecisionInvalid({"reason": "Explain why you are reopening this concern"})
    with transaction.atomic():
        concern = _move(concern, "reopen", expected_version)
        concern.save()
        decision = Decision.objects.select_for_update().get(concern=concern, reopened_at__isnull=True)
        decision.reopened_at = timezone.now()
        decision.reopened_by = acting_user
        decision.reopen_reason = reason.strip()
        decision.save()
        audit_append(
            action="triage.reopened",
            actor=acting_user,
            obj=decision,
            details={"concern": concern.pk},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return decision


def concern_link_to_person(
    *, concern: Concern, acting: Membership, person: Person, reason: str, expected_version: int | None = None
) -> Concern:
    """Join up a concern that was recorded against a duplicate record of the same person. The other record must be
    one the concern's organisation holds, and a different record from the one the concern is about now."""
    acting_user = _triager(acting, concern, service="concern_link_to_person")
    if not reason.strip():
        raise LinkInvalid({"reason": "Explain why these are the same person"})
    with transaction.atomic():
        concern = _lock(concern, expected_version)
        held = Person.objects.filter(
            Q(links__organisation=concern.organisation_id, links__ended_at__isnull=True)
            | Q(concerns__organisation=concern.organisation_id),
            pk=person.pk,
        ).exists()
        if not held or person.pk == concern.subject_id:
            raise LinkInvalid({"person": "Select another record your organisation holds"})
        previous = concern.subject_id
        concern.subject = person
        concern.version += 1
        concern.save()
        audit_append(
            action="concern.linked_to_person",
            actor=acting_user,
            obj=concern,
            details={"from_person": previous, "to_person": person.pk},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return concern
