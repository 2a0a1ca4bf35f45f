"""Writes about people. Each runs in one transaction with one audit event (no personal data in its details)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from accounts.models import User
from audit.services import audit_append
from organisations.models import Organisation

from .indexing import refresh_indexes
from .models import HouseholdMember, Person, PersonLink

# Fields a safeguarding lead may correct on the person page.
EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "aliases",
    "date_of_birth",
    "gender",
    "address",
    "pupil_number",
    "nhs_number",
)


def person_create(
    *,
    acting_user: User,
    organisation: Organisation,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    relationship: str = PersonLink.Relationship.PUPIL,
    **details: Any,
) -> Person:
    """Create a person linked to the organisation (a pupil at the school, by default)."""
    unknown = set(details) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    with transaction.atomic():
        person = Person.objects.create(
            given_name=given_name.strip(),
            family_name=family_name.strip(),
            date_of_birth=date_of_birth,
            created_by=acting_user,
            **details,
        )
        PersonLink.objects.create(person=person, organisation=organisation, relationship=relationship)
        refresh_indexes(person)
        audit_append(action="person.created", actor=acting_user, obj=person, details={"organisation": organisation.pk})
    return person


def person_update(*, person: Person, acting_user: User, changes: dict[str, Any]) -> Person:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        changed = sorted(name for name, value in changes.items() if getattr(person, name) != value)
        for name in changed:
            setattr(person, name, changes[name])
        if changed:
            person.save()
            refresh_indexes(person)
        audit_append(action="person.updated", actor=acting_user, obj=person, details={"fields": changed})
    return person


def household_member_add(
    *,
    person: Person,
    acting_user: User,
    name: str,
    relationship: str,
    has_parental_responsibility: bool,
    lives_with_person: bool,
    contact_details: str = "",
    notes: str = "",
) -> HouseholdMember:
    with transaction.atomic():
        member = HouseholdMember.objects.create(
            person=person,
            name=name.strip(),
            relationship=relationship,
            has_parental_responsibility=has_parental_responsibility,
            lives_with_person=lives_with_person,
            contact_details=contact_details,
            notes=notes,
            added_by=acting_user,
        )
        audit_append(
            action="person.household_member_added",
            actor=acting_user,
            obj=member,
            details={"person": person.pk, "relationship": relationship},
        )
    return member


def household_member_remove(*, member: HouseholdMember, acting_user: User) -> None:
    with transaction.atomic():
        audit_append(
            action="person.household_member_removed",
            actor=acting_user,
            obj=member,
            details={"person": member.person_id},
        )
        member.delete()
