"""A person's chronology (policy 1.4; design brief stage 2: "every step lands in the person's chronology"): the
registry of what may appear in it.

The chronology keeps no records and imports no stage. Each stage registers the kinds of entry it provides, from
its app's ready(), with `register(code, label)`: concerns/chronology.py, triage/chronology.py,
referrals/chronology.py, screening/chronology.py, preliminary/chronology.py, assessments/chronology.py. A provider
takes the person and the acting membership and yields `Entry`s, each dated when the thing happened (not when it
was recorded). It reads only through its stage's visibility helper, so the chronology never shows what the acting
membership could not see on that stage's own pages, and it costs a constant number of queries however many
entries there are.

The helpers at the end (`_name`, `_day`, `_paragraphs`, `_within`, `_url`, `_start_of_day`) are shared with the
stages' providers, so that every entry reads alike.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone

from organisations.models import Membership
from people.models import Person


@dataclass(frozen=True)
class Entry:
    """One step in a person's chronology."""

    at: datetime.datetime
    kind: str  # the provider's code, such as "concern.submitted"
    kind_label: str
    title: str
    detail: str  # the full text: the page shortens long ones, the PDF keeps all of it
    by: str  # the full name of who recorded it (or, where the viewer may not learn who, the team)
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
    """Register a provider of entries of kind `code`, shown to people as `label` (in filters and on entries).

    A code belongs to one provider: registering another provider for it raises ValueError (registering the same
    function again, as a module reloaded in a test does, is harmless)."""

    def decorator(func: P) -> P:
        existing = _registry.get(code)
        if existing is not None and existing.provider is not func:
            raise ValueError(f"A chronology provider is already registered for {code!r}")
        _registry[code] = Kind(code=code, label=label, provider=func)
        return func

    return decorator


def registered_kinds() -> list[Kind]:
    """Every kind of entry, in the order they were registered (the order of INSTALLED_APPS: the process order)."""
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


# --- helpers shared with the stages' providers -------------------------------------------------------------


def _within(day: datetime.date, since: datetime.date | None, until: datetime.date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def _name(user: object) -> str:
    if user is None:
        return ""
    return getattr(user, "full_name", "") or getattr(user, "email", "")


def _day(value: datetime.date) -> str:
    return dateformat.format(value, "j F Y")


def _paragraphs(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def _url(name: str, *args: object) -> str:
    """The address of a page by its URL name, or "" when that page's stage is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _start_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the service's time zone: the date of something known only by its day."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
