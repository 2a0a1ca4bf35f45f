"""Reads of the sharing register, through the acting membership."""

from __future__ import annotations

from django.db.models import QuerySet

from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS, Role

from .models import SharingRecord


def records_visible_to(membership: Membership | None) -> QuerySet[SharingRecord]:
    """The one rule for who reads the register.

    Information governance: every record made by an organisation in their area. A safeguarding lead or
    headteacher: the records their own organisation made. Anyone else: none.
    """
    if membership is None:
        return SharingRecord.objects.none()
    if membership.role == Role.INFORMATION_GOVERNANCE:
        return SharingRecord.objects.filter(from_organisation__area=membership.organisation.area_id)
    if membership.role in SAFEGUARDING_LEADS:
        return SharingRecord.objects.filter(from_organisation=membership.organisation_id)
    return SharingRecord.objects.none()


def disclosures_of(*, obj: object) -> list[SharingRecord]:
    """Every disclosure of one record in the register, newest first (the route inside the service included). For a
    caller that already fetched `obj` through its own access helper."""
    meta = obj._meta  # type: ignore[attr-defined]
    return list(
        SharingRecord.objects.filter(object_type=meta.label_lower, object_id=str(obj.pk))  # type: ignore[attr-defined]
        .select_related("to_organisation", "shared_by")
        .order_by("-created_at", "-pk")
    )
