"""The concern stage's entries in a person's chronology, registered from ConcernsConfig.ready().

Each provider reads through `concerns.selectors.concerns_visible_to`, leaves drafts out (a draft is private to its
author), and costs one query however many concerns there are. The triage stage builds on `person_concerns`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from chronology.providers import Entry, _name, _url, kind_label, register
from organisations.models import Membership
from people.models import Person

from .models import Addendum, Concern
from .selectors import concerns_visible_to

CONCERN_SUBMITTED = "concern.submitted"
ADDENDUM_ADDED = "concern.addendum"


def person_concerns(person: Person, membership: Membership | None) -> QuerySet[Concern]:
    """The person's concerns that the membership may see, without drafts (private to their author)."""
    return concerns_visible_to(acting=membership).filter(subject=person).exclude(status=Concern.Status.DRAFT)


def person_concern_ids(person: Person, membership: Membership | None) -> QuerySet[Concern, Any]:
    """The same, as a subquery."""
    return person_concerns(person, membership).values("pk")


def concern_source(concern_id: int) -> str:
    return f"concern {Concern(pk=concern_id).reference}"


def concern_url(concern_id: int) -> str:
    """The concern's triage page, if the triage stage is installed (named, never imported: triage comes later)."""
    return _url("triage:concern", concern_id)


@register(CONCERN_SUBMITTED, "Concern recorded")
def concerns_submitted(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    concerns = person_concerns(person, membership).filter(submitted_at__isnull=False).select_related("raised_by")
    for concern in concerns:
        assert concern.submitted_at is not None
        yield Entry(
            at=concern.submitted_at,
            kind=CONCERN_SUBMITTED,
            kind_label=kind_label(CONCERN_SUBMITTED),
            title="Urgent concern recorded" if concern.is_urgent else "Concern recorded",
            detail=concern.account,
            by=_name(concern.raised_by),
            url=concern_url(concern.pk),
            source=concern_source(concern.pk),
        )


@register(ADDENDUM_ADDED, "Addendum added")
def addenda_added(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    addenda = Addendum.objects.filter(concern__in=person_concern_ids(person, membership)).select_related("author")
    for addendum in addenda:
        yield Entry(
            at=addendum.created_at,
            kind=ADDENDUM_ADDED,
            kind_label=kind_label(ADDENDUM_ADDED),
            title="Addendum added",
            detail=addendum.text,
            by=_name(addendum.author),
            url=concern_url(addendum.concern_id),
            source=concern_source(addendum.concern_id),
        )
