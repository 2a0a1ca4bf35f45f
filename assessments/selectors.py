"""Reads of vulnerability assessments, always through the acting membership.

Who sees them: the area roles that see the referral (referrals.selectors.referrals_visible_to) — the area's police
Prevent officers, Prevent coordinators and Channel panel chair. The referring school does not see assessments, even
though it sees its referral. Who writes them: the area's Prevent coordinator and the panel chair. The police read
(the panel always includes the police: they read the assessment, they do not write it).
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from core.access import Refused
from organisations.models import Membership
from organisations.roles import Role
from referrals.models import Referral
from referrals.selectors import AREA_ROLES, referral_for, referrals_visible_to

from .models import Assessment, FrameworkVersion
from .rules import assessment_out_of_date

READERS = AREA_ROLES
WRITERS = frozenset({Role.LA_PREVENT_COORDINATOR, Role.PANEL_CHAIR})


def may_write(*, acting: Membership | None) -> bool:
    return acting is not None and acting.role in WRITERS


def referrals_for_assessment(*, acting: Membership | None) -> QuerySet[Referral]:
    if acting is None or acting.role not in READERS:
        return Referral.objects.none()
    return referrals_visible_to(acting=acting)


def referral_for_assessment(acting: Membership | None, pk: int) -> Referral:
    """The referral whose person is assessed, for the area roles that read assessments; otherwise
    core.access.Refused (an audited 404)."""
    return referral_for(acting, pk, purpose="assessment")


def assessments_visible_to(*, acting: Membership | None) -> QuerySet[Assessment]:
    return Assessment.objects.filter(referral__in=referrals_for_assessment(acting=acting).values("pk"))


def assessment_for(acting: Membership | None, pk: int, *, purpose: str = "read") -> Assessment:
    """One assessment the acting membership reads (`purpose` "read") or writes ("write"); otherwise
    core.access.Refused (an audited 404)."""
    found = None
    if purpose == "read" or (purpose == "write" and may_write(acting=acting)):
        found = (
            assessments_visible_to(acting=acting)
            .select_related("referral__subject", "version", "created_by", "completed_by", "supersedes")
            .filter(pk=pk)
            .first()
        )
    if found is None:
        raise Refused(reason="vulnerability_assessment", object_type="assessments.assessment", object_id=str(pk))
    return found


def assessments_of(referral: Referral) -> QuerySet[Assessment]:
    """A referral's assessments, the earliest first. Call only with a referral fetched through the selectors."""
    return (
        Assessment.objects.filter(referral=referral)
        .select_related("version", "created_by", "completed_by", "supersedes")
        .order_by("assessed_on", "pk")
    )


def current_assessments(referral: Referral) -> list[Assessment]:
    """Completed assessments that no correction has replaced, the earliest first: the record of change."""
    return list(assessments_of(referral).filter(status=Assessment.Status.COMPLETED))


def published_versions() -> QuerySet[FrameworkVersion]:
    """Published framework versions, the newest first (the first is the default for a new assessment)."""
    return FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED).order_by("-published_at", "-pk")


def last_panel_meeting_for(referral: Referral) -> datetime.date | None:
    """The date of the latest Channel panel meeting that considered this referral's case.

    There are no panel meetings in the service yet (the panel stage comes next), so this is always None for now,
    and no assessment is flagged as out of date. The panel stage replaces the body; callers and the flag stay."""
    return None


def last_assessment_overview(referral: Referral) -> dict[str, object]:
    """The date of the latest completed assessment and whether it is older than the latest panel meeting."""
    current = current_assessments(referral)
    last_on = current[-1].assessed_on if current else None
    last_panel = last_panel_meeting_for(referral)
    return {
        "last_assessed_on": last_on,
        "last_panel_on": last_panel,
        "out_of_date": assessment_out_of_date(last_on, last_panel),
    }
