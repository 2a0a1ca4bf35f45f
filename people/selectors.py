"""Reads of people, always through who is asking (the acting membership)."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS, Role

from .indexing import dob_digest, full_name_digest, part_digest
from .models import Person, PersonNameIndex


def people_visible_to(membership: Membership | None) -> QuerySet[Person]:
    """The one rule for who may see a person record.

    Safeguarding leads and headteachers: people linked to their organisation, or about whom it holds concerns.
    Staff: people they raised concerns about, in the organisation they act for. Everyone else: nobody (later
    stages add the people of referrals and cases they work on).
    """
    if membership is None:
        return Person.objects.none()
    organisation = membership.organisation_id
    if membership.role in SAFEGUARDING_LEADS:
        return Person.objects.filter(
            Q(links__organisation=organisation, links__ended_at__isnull=True) | Q(concerns__organisation=organisation)
        ).distinct()
    if membership.role == Role.STAFF:
        return Person.objects.filter(
            concerns__organisation=organisation, concerns__raised_by=membership.user_id
        ).distinct()
    return Person.objects.none()


def person_get_for(membership: Membership | None, pk: int) -> Person | None:
    return people_visible_to(membership).filter(pk=pk).first()


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
