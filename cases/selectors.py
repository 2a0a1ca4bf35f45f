"""Reads of Channel cases, always through the acting membership."""

from __future__ import annotations

from django.db.models import QuerySet

from core.access import Refused
from organisations.models import Membership
from organisations.roles import Role

from .models import ChannelCase

CASE_ROLES = frozenset({Role.POLICE_PREVENT_OFFICER, Role.LA_PREVENT_COORDINATOR, Role.PANEL_CHAIR})


def cases_visible_to(*, acting: Membership | None) -> QuerySet[ChannelCase]:
    """The one rule for who sees a Channel case (so far): the area's police Prevent officers, Prevent coordinators
    and panel chair see the area's cases. Panel members (cases on the agendas they are invited to) and support
    providers (their support items) come with the panel stage."""
    if acting is None or acting.role not in CASE_ROLES:
        return ChannelCase.objects.none()
    return ChannelCase.objects.filter(area=acting.organisation.area_id)


def case_for(acting: Membership | None, pk: int, *, purpose: str = "read") -> ChannelCase:
    """One case the acting membership sees, or core.access.Refused (an audited 404)."""
    if purpose != "read":
        raise ValueError(f"Unknown purpose {purpose!r}")
    case = cases_visible_to(acting=acting).select_related("referral", "subject", "area").filter(pk=pk).first()
    if case is None:
        raise Refused(reason=purpose, object_type="cases.channelcase", object_id=str(pk))
    return case
