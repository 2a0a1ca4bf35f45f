"""Reads of the sharing register, through the acting membership."""

from __future__ import annotations

from django.db.models import QuerySet

from core.access import Refused
from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS, Role

from .models import SharingRecord


def records_visible_to(*, acting: Membership | None) -> QuerySet[SharingRecord]:
    """The one rule for who reads the register.

    Information governance: every record made by an organisation in their area. A safeguarding lead or
    headteacher: the records their own organisation made. Anyone else: none.
    """
    if acting is None:
        return SharingRecord.objects.none()
    if acting.role == Role.INFORMATION_GOVERNANCE:
        return SharingRecord.objects.filter(from_organisation__area=acting.organisation.area_id)
    if acting.role in SAFEGUARDING_LEADS:
        return SharingRecord.objects.filter(from_organisation=acting.organisation_id)
    return SharingRecord.objects.none()


def sharing_record_for(acting: Membership | None, pk: int, *, purpose: str = "read") -> SharingRecord:
    """One register entry: "read" for whoever reads the register (records_visible_to); "record_call" (recording the
    phone call that passed a protected copy's password) only for a safeguarding lead of the organisation that made
    the disclosure. Anyone else: core.access.Refused (an audited 404)."""
    record = (
        records_visible_to(acting=acting)
        .select_related("from_organisation", "to_organisation", "shared_by")
        .filter(pk=pk)
        .first()
    )
    if purpose not in {"read", "record_call"}:
        raise ValueError(f"Unknown purpose {purpose!r}")
    disclosing_lead = (
        acting is not None
        and acting.role in SAFEGUARDING_LEADS
        and record is not None
        and record.from_organisation_id == acting.organisation_id
    )
    if purpose == "record_call" and not disclosing_lead:
        record = None
    if record is None:
        raise Refused(reason="sharing_record", object_type="sharing.sharingrecord", object_id=str(pk))
    return record


def disclosures_of(*, obj: object) -> list[SharingRecord]:
    """Every disclosure of one record in the register, newest first (the route inside the service included). For a
    caller that already fetched `obj` through its own access helper."""
    meta = obj._meta  # type: ignore[attr-defined]
    return list(
        SharingRecord.objects.filter(object_type=meta.label_lower, object_id=str(obj.pk))  # type: ignore[attr-defined]
        .select_related("to_organisation", "shared_by")
        .order_by("-created_at", "-pk")
    )
