"""Writes about people. Each runs in one transaction with one audit event (no personal data in its details).

Each takes the acting membership (`acting`) and first checks that it may act (core.access.require_acting; a
refusal is audited and raises NotPermitted): a person is created, linked to the organisation, by anyone who records
a concern there (staff, safeguarding leads, headteacher); a person record and its household are changed only by the
safeguarding leads and headteacher of an organisation that holds the person (people.selectors.people_visible_to).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from accounts.models import User
from audit.services import audit_append
from core.access import refuse, require_acting
from organisations.models import Membership, Organisation
from organisations.roles import SAFEGUARDING_LEADS, Role

from .indexing import refresh_indexes
from .models import HouseholdMember, Person, PersonLink
from .selectors import people_visible_to

# Who may make a person record: anyone who records a concern in the organisation.
CREATORS = frozenset({Role.STAFF, *SAFEGUARDING_LEADS})

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


def _lead_holding(acting: Membership, person: Person, *, service: str) -> User:
    """The user changing `person`'s record: a safeguarding lead or headteacher of an organisation that holds it."""
    acting_user = require_acting(acting, service=service, roles=SAFEGUARDING_LEADS, obj=person)
    if not people_visible_to(acting=acting).filter(pk=person.pk).exists():
        raise refuse(acting, service=service, reason="the person is not held by the organisation", obj=person)
    return acting_user


def person_create(
    *,
    acting: Membership,
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
    acting_user = require_acting(acting, service="person_create", roles=CREATORS, organisation_id=organisation.pk)
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
        audit_append(
            action="person.created",
            actor=acting_user,
            obj=person,
            details={"organisation": organisation.pk},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return person


def person_update(*, person: Person, acting: Membership, changes: dict[str, Any]) -> Person:
    """Correct a person's details (a safeguarding lead of an organisation that holds the person)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    acting_user = _lead_holding(acting, person, service="person_update")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        changed = sorted(name for name, value in changes.items() if getattr(person, name) != value)
        for name in changed:
            setattr(person, name, changes[name])
        if changed:
            person.save()
            refresh_indexes(person)
        audit_append(
            action="person.updated",
            actor=acting_user,
            obj=person,
            details={"fields": changed},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return person


def household_member_add(
    *,
    person: Person,
    acting: Membership,
    name: str,
    relationship: str,
    has_parental_responsibility: bool,
    lives_with_person: bool,
    contact_details: str = "",
    notes: str = "",
) -> HouseholdMember:
    """Add someone to the person's family and household (a safeguarding lead of an organisation holding them)."""
    acting_user = _lead_holding(acting, person, service="household_member_add")
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
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return member


def household_member_remove(*, member: HouseholdMember, acting: Membership) -> None:
    """Remove someone from the person's household (a safeguarding lead of an organisation holding the person)."""
    acting_user = _lead_holding(acting, member.person, service="household_member_remove")
    with transaction.atomic():
        audit_append(
            action="person.household_member_removed",
            actor=acting_user,
            obj=member,
            details={"person": member.person_id},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
        member.delete()
