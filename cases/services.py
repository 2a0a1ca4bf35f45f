"""Writes of the Channel case. Each runs in one transaction with one audit event. A case opens through the hand-off
prevent_casework.handoffs.preliminary_to_channel, in the same transaction as the Channel decision."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from audit.services import audit_append
from referrals.models import Referral
from referrals.states import REFERRAL_STATES

from .models import ChannelCase


def case_open(*, referral: Referral, acting_user: User) -> ChannelCase:
    """Open the Channel case of a referral accepted for Channel; it waits for the area's next panel. A referral has
    one Channel case (IllegalTransition otherwise: referrals.states, "open_channel_case")."""
    with transaction.atomic():
        REFERRAL_STATES.require("open_channel_case", referral)
        case = ChannelCase.objects.create(referral=referral, area=referral.area, subject=referral.subject)
        audit_append(action="case.opened", actor=acting_user, obj=case, details={"referral": referral.pk})
    return case
