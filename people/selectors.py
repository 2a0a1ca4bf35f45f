"""Reads of people, always through who is asking (the acting membership)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from core.access import Refused
from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS, Role

from .indexing import dob_digest, full_name_digest, part_digest
from .models import Person, PersonNameIndex


def people_visible_to(*, acting: Membership | None) -> QuerySet[Person]:
    """The one rule for who may see a person record.

    Safeguarding leads and headteachers: people linked to their organisation, or about whom it holds concerns.
    Staff: people they raised concerns about, in the organisation they act for. Everyone else: nobody (later
    stages add the people of referrals and cases they work on).
    """
    if acting is None:
        return Person.objects.none()
    organisation = acting.organisation_id
    if acting.role in SAFEGUARDING_LEADS:
        return Person.objects.filter(
            Q(links__organisation=organisation, links__ended_at__isnull=True) | Q(concerns__organisation=organisation)
        ).distinct()
    if acting.role == Role.STAFF:
        return Person.objects.filter(concerns__organisation=organisation, concerns__raised_by=acting.user_id).distinct()
    return Person.objects.none()


def person_for(acting: Membership | None, pk: int, *, purpose: str = "record") -> Person:
    """One person record for a page. Purposes: "record" (the person page, its edit and household, and their
    chronology) is for safeguarding leads and headteachers who see the person (people_visible_to); staff see a
    person only inside their own concern. Anyone else: core.access.Refused (an audited 404)."""
    if purpose != "record":
        raise ValueError(f"Unknown purpose {purpose!r}")
    person = None
    if acting is not None and acting.role in SAFEGUARDING_LEADS:
        person = people_visible_to(acting=acting).filter(pk=pk).first()
    if person is None:
        raise Refused(reason="person", object_type="people.person", object_id=str(pk))
    return person


def likely_duplicates(
    *, organisation_id: int, given_name: str, family_name: str, date_of_birth: datetime.date | None
) -> list[Person]:
    """People of the organisation who may be the one being entered: the same full name (legal, preferred or an
    alias), or the same date of birth with the same given or family name. Matching is exact after normalising
    (case, spaces, accents), because the names themselves are encrypted."""
    in_organisation = Person.objects.filter(
        Q(links__organisation=organisation_id, links__ended_at__isnull=True) | Q(concerns__organisation=organisation_id)
    )
    full = full_name_digest(given_name, family_name)
    same_name = PersonNameIndex.objects.filter(
        digest=full,
        kind__in=[PersonNameIndex.Kind.FULL, PersonNameIndex.Kind.PREFERRED, PersonNameIndex.Kind.ALIAS],
    ).values("person")
    match = Q(pk__in=same_name)
    dob = dob_digest(date_of_birth)
    if dob:
        parts = [part_digest(given_name), part_digest(family_name)]
        same_part = PersonNameIndex.objects.filter(
            digest__in=[p for p in parts if p], kind__in=[PersonNameIndex.Kind.GIVEN, PersonNameIndex.Kind.FAMILY]
        ).values("person")
        match |= Q(dob_index=dob, pk__in=same_part)
    return list(in_organisation.filter(match).distinct().order_by("pk")[:20])


@dataclass(frozen=True)
class PersonLookup:
    """What a lookup on the concern form found, cut down to what the one asking may learn (person_lookup_for)."""

    matched: list[Person]  # every likely duplicate in the organisation: for the audit event, never for the page
    named: list[Person] = field(default_factory=list)  # shown with name and date of birth, to choose from
    unseen: list[Person] = field(default_factory=list)  # exist with exactly the details typed; nothing else is shown

    @property
    def existing(self) -> Person | None:
        """The one record a member of staff may record the concern against without seeing it (if exactly one)."""
        return self.unseen[0] if len(self.unseen) == 1 else None

    @property
    def offers_a_choice(self) -> bool:
        return bool(self.named or self.unseen)


def person_lookup_for(
    *, acting: Membership, given_name: str, family_name: str, date_of_birth: datetime.date | None
) -> PersonLookup:
    """Who is this concern about? What the person recording a concern learns of the records that may already exist.

    The matches are the likely duplicates of the acting organisation only (likely_duplicates): a record held only
    by another organisation is never found, named or hinted at.

    1. A match the person may see anyway (people_visible_to) is offered by name and date of birth. For a safeguarding
       lead or headteacher that is every match, as before; for a member of staff, only the people they themselves
       raised concerns about here.
    2. Of the other matches, a member of staff learns only that "a record with these details already exists at your
       school", and only of a record with exactly the legal name (case, spaces and accents aside) and the date of
       birth they typed (or no date of birth, when they typed none), whose displayed name is no more than its legal
       name: no name, no date of birth, no id they could open. If there is exactly one such record, they may record
       the concern against it without seeing it, so the safeguarding lead gets one person and not a duplicate; their
       concern then shows that record's name and date of birth, which are the ones they typed, so they learn
       nothing new. If there are more, they cannot choose between them: a new record is made.
    3. Any other match (the same name but another or no date of birth, an alias or preferred name, the same date
       of birth with one of the names) is not mentioned to them at all. A new record is made with the details they
       typed, and the safeguarding lead is offered the match as a possible duplicate on the concern's triage page,
       where they join the two up. Nothing typed is lost.

    Every lookup that matches anything is an audited read (audit.services.record_list_read, what "person_lookup":
    the ids of the matches and of those named or said to exist, never a name); the view that shows it records it.
    """
    matched = likely_duplicates(
        organisation_id=acting.organisation_id,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
    )
    if not matched:
        return PersonLookup(matched=[])
    ids = [person.pk for person in matched]
    visible = set(people_visible_to(acting=acting).filter(pk__in=ids).values_list("pk", flat=True))
    named = [person for person in matched if person.pk in visible]
    exact = set(
        Person.objects.filter(
            pk__in=[pk for pk in ids if pk not in visible],
            dob_index=dob_digest(date_of_birth),
            name_indexes__kind=PersonNameIndex.Kind.FULL,
            name_indexes__digest=full_name_digest(given_name, family_name),
        ).values_list("pk", flat=True)
    )
    unseen = [person for person in matched if person.pk in exact and person.display_name == person.full_name]
    return PersonLookup(matched=matched, named=named, unseen=unseen)
