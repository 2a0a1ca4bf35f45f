"""A person's chronology (policy 1.4; design brief stage 2: "every step lands in the person's chronology").

Each kind of entry comes from a provider registered here with `register(code, label)`. A provider takes the person
and the acting membership and yields `Entry`s; it reads only through its stage's visibility helper, so the
chronology never shows what the acting membership could not see on that stage's own pages. Later stages
(referrals, cases) register their own providers in their apps' ready().

The providers shipped here cover the concern and triage stages. Each one reads through
`concerns.selectors.concerns_visible_to`, leaves drafts out (a draft is private to its author), and costs one
query however many concerns there are.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone

from concerns.models import Addendum, Concern
from concerns.selectors import concerns_visible_to
from organisations.models import Membership
from people.models import Person
from triage.models import Clarification, ConsentRecord, Decision


@dataclass(frozen=True)
class Entry:
    """One step in a person's chronology."""

    at: datetime.datetime
    kind: str  # the provider's code, such as "concern.submitted"
    kind_label: str
    title: str
    detail: str  # the full text: the page shortens long ones, the PDF keeps all of it
    by: str  # the full name of who recorded it
    url: str  # a page of the service about it, or ""
    source: str  # what it belongs to, such as "concern C-000012"


class Provider(Protocol):
    def __call__(self, *, person: Person, membership: Membership | None) -> Iterable[Entry]: ...


P = TypeVar("P", bound=Provider)


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    provider: Provider


_registry: dict[str, Kind] = {}


def register(code: str, label: str) -> Callable[[P], P]:
    """Register a provider of entries of kind `code`, shown to people as `label` (in filters and on entries)."""

    def decorator(func: P) -> P:
        existing = _registry.get(code)
        if existing is not None and existing.provider is not func:
            raise ValueError(f"A chronology provider is already registered for {code!r}")
        _registry[code] = Kind(code=code, label=label, provider=func)
        return func

    return decorator


def registered_kinds() -> list[Kind]:
    """Every kind of entry, in the order they were registered."""
    return list(_registry.values())


def kind_label(code: str) -> str:
    kind = _registry.get(code)
    return kind.label if kind is not None else code


def chronology_for(
    *,
    person: Person,
    membership: Membership | None,
    kinds: set[str] | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> list[Entry]:
    """Every entry about `person` that `membership` may see, oldest first.

    `kinds` keeps only entries of those codes (None: every kind); `since` and `until` keep entries whose date, in
    the service's time zone, falls between them (both included).
    """
    entries: list[Entry] = []
    for kind in registered_kinds():
        if kinds is not None and kind.code not in kinds:
            continue
        entries.extend(kind.provider(person=person, membership=membership))
    if since is not None or until is not None:
        entries = [entry for entry in entries if _within(timezone.localtime(entry.at).date(), since, until)]
    # Stable: entries at the same moment keep the order of registration (the concern before its addendum).
    entries.sort(key=lambda entry: entry.at)
    return entries


def _within(day: datetime.date, since: datetime.date | None, until: datetime.date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


# --- helpers for the concern and triage providers ----------------------------------------------------------


def _concerns(person: Person, membership: Membership | None) -> QuerySet[Concern]:
    """The person's concerns that the membership may see, without drafts (private to their author)."""
    return concerns_visible_to(membership).filter(subject=person).exclude(status=Concern.Status.DRAFT)


def _concern_ids(person: Person, membership: Membership | None) -> QuerySet[Concern, Any]:
    return _concerns(person, membership).values("pk")


def _source(concern_id: int) -> str:
    return f"concern {Concern(pk=concern_id).reference}"


def _triage_url(concern_id: int) -> str:
    """The concern's triage page, if the triage stage is installed."""
    try:
        return reverse("triage:concern", args=[concern_id])
    except NoReverseMatch:
        return ""


def _name(user: object) -> str:
    if user is None:
        return ""
    return getattr(user, "full_name", "") or getattr(user, "email", "")


def _day(value: datetime.date) -> str:
    return dateformat.format(value, "j F Y")


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


# --- the concern stage --------------------------------------------------------------------------------------

CONCERN_SUBMITTED = "concern.submitted"
ADDENDUM_ADDED = "concern.addendum"


@register(CONCERN_SUBMITTED, "Concern recorded")
def concerns_submitted(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    concerns = _concerns(person, membership).filter(submitted_at__isnull=False).select_related("raised_by")
    for concern in concerns:
        assert concern.submitted_at is not None
        yield Entry(
            at=concern.submitted_at,
            kind=CONCERN_SUBMITTED,
            kind_label=kind_label(CONCERN_SUBMITTED),
            title="Urgent concern recorded" if concern.is_urgent else "Concern recorded",
            detail=concern.account,
            by=_name(concern.raised_by),
            url=_triage_url(concern.pk),
            source=_source(concern.pk),
        )


@register(ADDENDUM_ADDED, "Addendum added")
def addenda_added(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    addenda = Addendum.objects.filter(concern__in=_concern_ids(person, membership)).select_related("author")
    for addendum in addenda:
        yield Entry(
            at=addendum.created_at,
            kind=ADDENDUM_ADDED,
            kind_label=kind_label(ADDENDUM_ADDED),
            title="Addendum added",
            detail=addendum.text,
            by=_name(addendum.author),
            url=_triage_url(addendum.concern_id),
            source=_source(addendum.concern_id),
        )


# --- the triage stage ---------------------------------------------------------------------------------------

CLARIFICATION = "triage.clarification"
CONSENT = "triage.consent"
DECISION = "triage.decision"
REOPENED = "triage.reopened"


@register(CLARIFICATION, "Clarification")
def clarifications_recorded(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    clarifications = Clarification.objects.filter(concern__in=_concern_ids(person, membership)).select_related(
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
            url=_triage_url(clarification.concern_id),
            source=_source(clarification.concern_id),
        )


@register(CONSENT, "Consent")
def consent_recorded(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    records = ConsentRecord.objects.filter(concern__in=_concern_ids(person, membership)).select_related("recorded_by")
    for record in records:
        given_by = f"Given by {record.given_by}." if record.given_by else ""
        yield Entry(
            at=record.recorded_at,
            kind=CONSENT,
            kind_label=kind_label(CONSENT),
            title=f"Consent: {record.get_position_display()}",
            detail=_paragraphs(given_by, record.note),
            by=_name(record.recorded_by),
            url=_triage_url(record.concern_id),
            source=_source(record.concern_id),
        )


@register(DECISION, "Decision")
def decisions_made(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    decisions = Decision.objects.filter(concern__in=_concern_ids(person, membership)).select_related("decided_by")
    for decision in decisions:
        review = f"Review on {_day(decision.review_on)}." if decision.review_on else ""
        yield Entry(
            at=decision.decided_at,
            kind=DECISION,
            kind_label=kind_label(DECISION),
            title=f"Decision: {decision.get_outcome_display()}",
            detail=_paragraphs(decision.rationale, review),
            by=_name(decision.decided_by),
            url=_triage_url(decision.concern_id),
            source=_source(decision.concern_id),
        )


@register(REOPENED, "Decision reopened")
def decisions_reopened(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    decisions = Decision.objects.filter(
        concern__in=_concern_ids(person, membership), reopened_at__isnull=False
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
            url=_triage_url(decision.concern_id),
            source=_source(decision.concern_id),
        )
