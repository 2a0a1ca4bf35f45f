"""Blind-index digests of a person's names and date of birth (see encryption.blind_index)."""

from __future__ import annotations

import datetime

from encryption.blind_index import blind_index

from .models import Person, PersonNameIndex

NAME = "person.name"
PART = "person.name-part"
DOB = "person.date-of-birth"


def full_name_digest(given_name: str, family_name: str) -> str:
    return blind_index(f"{given_name} {family_name}", purpose=NAME)


def part_digest(part: str) -> str:
    return blind_index(part, purpose=PART)


def dob_digest(date_of_birth: datetime.date | None) -> str:
    return blind_index(date_of_birth.isoformat(), purpose=DOB) if date_of_birth else ""


def name_digests(person: Person) -> list[tuple[str, str]]:
    """(kind, digest) pairs for every name a person may be found by."""
    kind = PersonNameIndex.Kind
    pairs = [
        (kind.FULL, full_name_digest(person.given_name, person.family_name)),
        (kind.GIVEN, part_digest(person.given_name)),
        (kind.FAMILY, part_digest(person.family_name)),
    ]
    if person.preferred_name:
        pairs.append((kind.PREFERRED, full_name_digest(person.preferred_name, person.family_name)))
    for alias in person.aliases or []:
        pairs.append((kind.ALIAS, blind_index(alias, purpose=NAME)))
    return [(k, digest) for k, digest in pairs if digest]


def refresh_indexes(person: Person) -> None:
    """Rebuild the person's name digests and date-of-birth digest. Called by every service that changes them."""
    person.name_indexes.all().delete()
    PersonNameIndex.objects.bulk_create(
        PersonNameIndex(person=person, kind=kind, digest=digest) for kind, digest in set(name_digests(person))
    )
    digest = dob_digest(person.date_of_birth)
    if person.dob_index != digest:
        Person.objects.filter(pk=person.pk).update(dob_index=digest)
        person.dob_index = digest
