"""Writes to the sharing register. Each runs in one transaction with one audit event."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from organisations.models import Organisation

from .models import SharingRecord
from .rules import sharing_problems
from .states import SHARING_STATES


class SharingInvalid(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def sharing_record_create(
    *,
    acting_user: User,
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
    """Record a disclosure. A protected PDF counts as sent only once the call that passed its password is recorded."""
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
        )  # fmt: skip
    return record


def sharing_record_password_call(
    *, record: SharingRecord, acting_user: User, given_to: str, given_at: datetime.datetime
) -> SharingRecord:
    """Record the phone call that passed a protected PDF's password: only now does the copy count as sent."""
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
        audit_append(action="sharing.password_call_recorded", actor=acting_user, obj=record)
    return record
