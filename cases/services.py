"""Writes of the Channel case. Each runs in one transaction with one audit event. A case opens through the hand-off
prevent_casework.handoffs.preliminary_to_channel, in the same transaction as the Channel decision."""

from __future__ import annotations

from django.db import transaction

from audit.services import audit_append
from core.access import require_acting
from organisations.models import Membership
from organisations.roles import Role
from referrals.models import Referral
from referrals.states import REFERRAL_STATES

from .models import ChannelCase


def case_open(*, referral: Referral, acting: Membership) -> ChannelCase:
    """Open the Channel case of a referral accepted for Channel; it waits for the area's next panel. A referral has
    one Channel case (IllegalTransition otherwise: referrals.states, "open_channel_case"). Called by the hand-off
    for the area's Prevent coordinator who took the decision."""
    actor = require_acting(
        acting, service="case_open", roles={Role.LA_PREVENT_COORDINATOR}, area_id=referral.area_id, obj=referral
    )
    with transaction.atomic():
        REFERRAL_STATES.require("open_channel_case", referral)
        case = ChannelCase.objects.create(referral=referral, area=referral.area, subject=referral.subject)
        audit_append(
            action="case.opened", actor=actor, obj=case, details={"referral": referral.pk},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return case
