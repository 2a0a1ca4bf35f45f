"""Writes to the sharing register. Each runs in one transaction with one audit event.

Each takes the acting membership (`acting`) and first checks that it may act (core.access.require_acting; a
refusal is audited and raises NotPermitted): a disclosure is recorded by the person who makes it, acting for the
organisation that discloses (`from_organisation`) in a role that shares case information (DISCLOSERS); the call that
passed a protected copy's password is recorded by a safeguarding lead or headteacher of that organisation, as
sharing.selectors.sharing_record_for("record_call") allows.
"""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils import timezone

from audit.services import audit_append
from core.access import require_acting
from organisations.models import Membership, Organisation
from organisations.roles import SAFEGUARDING_LEADS, Role

from .models import SharingRecord
from .rules import sharing_problems
from .states import SHARING_STATES

# Roles that disclose case information outside their organisation: everyone who works on concerns, referrals and
# cases, and information governance (subject access). Not staff (they raise concerns inside their organisation),
# support providers (they receive the minimum) or system administrators (no case content).
DISCLOSERS = frozenset(
    {
        *SAFEGUARDING_LEADS,
        Role.POLICE_PREVENT_OFFICER,
        Role.LA_PREVENT_COORDINATOR,
        Role.PANEL_CHAIR,
        Role.PANEL_MEMBER,
        Role.INFORMATION_GOVERNANCE,
    }
)


class SharingInvalid(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def sharing_record_create(
    *,
    acting: Membership,
    what: str,
    obj: models.Model,
    from_organisation: Organisation,
    channel: str,
    power_to_share: str,
    necessity: str,
    consent: str,
    reason_without_consent: str = "",
    to_organisation: Organisation | None = None,
    to_address: str = "",
) -> SharingRecord:
    """Record a disclosure by `acting`, who must act for `from_organisation`. A protected PDF counts as sent only once
    the call that passed its password is recorded."""
    acting_user = require_acting(
        acting, service="sharing_record_create", roles=DISCLOSERS, organisation_id=from_organisation.pk, obj=obj
    )
    problems = sharing_problems(
        power_to_share=power_to_share, necessity=necessity, consent=consent,
        reason_without_consent=reason_without_consent,
    )  # fmt: skip
    if problems:
        raise SharingInvalid(problems)
    awaiting = channel == SharingRecord.Channel.PROTECTED_PDF
    with transaction.atomic():
        record = SharingRecord.objects.create(
            what=what, object_type=obj._meta.label_lower, object_id=str(obj.pk), from_organisation=from_organisation,
            to_organisation=to_organisation, to_address=to_address, channel=channel,
            status=SharingRecord.Status.AWAITING_CALL if awaiting else SharingRecord.Status.SENT,
            sent_at=None if awaiting else timezone.now(), power_to_share=power_to_share,
            necessity_and_proportionality=necessity.strip(), consent=consent,
            reason_without_consent=reason_without_consent.strip(), shared_by=acting_user,
        )  # fmt: skip
        audit_append(
            action="sharing.recorded", actor=acting_user, obj=record,
            details={"channel": channel, "object_type": record.object_type, "object_id": record.object_id,
                     "to_organisation": to_organisation.pk if to_organisation else None, "status": record.status},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return record


def sharing_record_password_call(
    *, record: SharingRecord, acting: Membership, given_to: str, given_at: datetime.datetime
) -> SharingRecord:
    """Record the phone call that passed a protected PDF's password: only now does the copy count as sent. For a
    safeguarding lead or headteacher of the organisation that made the disclosure."""
    acting_user = require_acting(
        acting,
        service="sharing_record_password_call",
        roles=SAFEGUARDING_LEADS,
        organisation_id=record.from_organisation_id,
        obj=record,
    )
    if not given_to.strip():
        raise SharingInvalid({"given_to": "Enter who you gave the password to"})
    if given_at > timezone.now():
        raise SharingInvalid({"given_at": "The call must be now or in the past"})
    with transaction.atomic():
        record = SharingRecord.objects.select_for_update().get(pk=record.pk)
        refused = SHARING_STATES.check("record_call", record)
        if refused:
            raise SharingInvalid({"given_to": refused[0]})
        record.password_given_to = given_to.strip()
        record.password_given_at = given_at
        SHARING_STATES.apply("record_call", record)
        record.sent_at = timezone.now()
        record.save()
        audit_append(
            action="sharing.password_call_recorded",
            actor=acting_user,
            obj=record,
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return record
