"""The triage stage's entries in a person's chronology, registered from TriageConfig.ready(): clarifications,
the consent position, decisions and reopened decisions.

Each provider reads through the concerns the membership may see (concerns.chronology.person_concern_ids: the
concern stage's visibility helper, drafts left out) and costs one query however many there are.
"""

from __future__ import annotations

from collections.abc import Iterator

from chronology.providers import Entry, _day, _name, _paragraphs, kind_label, register
from concerns.chronology import concern_source, concern_url, person_concern_ids
from organisations.models import Membership
from people.models import Person

from .models import Clarification, ConsentRecord, Decision

CLARIFICATION = "triage.clarification"
CONSENT = "triage.consent"
DECISION = "triage.decision"
REOPENED = "triage.reopened"


@register(CLARIFICATION, "Clarification")
def clarifications_recorded(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    clarifications = Clarification.objects.filter(concern__in=person_concern_ids(person, membership)).select_related(
        "recorded_by"
    )
    for clarification in clarifications:
        who = f" ({clarification.who})" if clarification.who else ""
        spoke = f"Spoke with {clarification.get_spoke_with_display().lower()}{who} on {_day(clarification.spoke_on)}."
        yield Entry(
            at=clarification.recorded_at,
            kind=CLARIFICATION,
            kind_label=kind_label(CLARIFICATION),
            title="Clarification recorded",
            detail=_paragraphs(spoke, clarification.summary),
            by=_name(clarification.recorded_by),
            url=concern_url(clarification.concern_id),
            source=concern_source(clarification.concern_id),
        )


@register(CONSENT, "Consent")
def consent_recorded(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    records = ConsentRecord.objects.filter(concern__in=person_concern_ids(person, membership)).select_related(
        "recorded_by"
    )
    for record in records:
        given_by = f"Given by {record.given_by}." if record.given_by else ""
        yield Entry(
            at=record.recorded_at,
            kind=CONSENT,
            kind_label=kind_label(CONSENT),
            title=f"Consent: {record.get_position_display()}",
            detail=_paragraphs(given_by, record.note),
            by=_name(record.recorded_by),
            url=concern_url(record.concern_id),
            source=concern_source(record.concern_id),
        )


@register(DECISION, "Decision")
def decisions_made(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    decisions = Decision.objects.filter(concern__in=person_concern_ids(person, membership)).select_related("decided_by")
    for decision in decisions:
        review = f"Review on {_day(decision.review_on)}." if decision.review_on else ""
        yield Entry(
            at=decision.decided_at,
            kind=DECISION,
            kind_label=kind_label(DECISION),
            title=f"Decision: {decision.get_outcome_display()}",
            detail=_paragraphs(decision.rationale, review),
            by=_name(decision.decided_by),
            url=concern_url(decision.concern_id),
            source=concern_source(decision.concern_id),
        )


@register(REOPENED, "Decision reopened")
def decisions_reopened(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    decisions = Decision.objects.filter(
        concern__in=person_concern_ids(person, membership), reopened_at__isnull=False
    ).select_related("reopened_by")
    for decision in decisions:
        assert decision.reopened_at is not None
        yield Entry(
            at=decision.reopened_at,
            kind=REOPENED,
            kind_label=kind_label(REOPENED),
            title=f"Decision reopened (was: {decision.get_outcome_display()})",
            detail=decision.reopen_reason,
            by=_name(decision.reopened_by),
            url=concern_url(decision.concern_id),
            source=concern_source(decision.concern_id),
        )
