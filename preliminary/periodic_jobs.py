"""Reminders: an information request past its due date with no answer is put in front of the partner
organisation's answerers and the coordinator who sent it, once."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from core.periodic import periodic
from referrals.models import Referral

from .models import InformationRequest

TITLE = "A request for information is overdue"


# The job keeps its first name: the periodic runner records its last run under it.
@periodic(name="referrals.information_requests_overdue", every=timedelta(hours=1))
@task()
def remind_overdue_information_requests() -> int:
    """Notify once for each unanswered request whose due date has passed while its referral is still being
    assessed. Returns how many requests were reminded about. Nothing personal goes in the notification."""
    from notifications.services import notify
    from organisations.models import Membership
    from organisations.roles import Role

    from .selectors import REQUEST_ANSWERERS

    overdue = InformationRequest.objects.filter(
        answered_at__isnull=True,
        reminded_at__isnull=True,
        due_on__lt=timezone.localdate(),
        referral__status=Referral.Status.PRELIMINARY_ASSESSMENT,
    ).select_related("organisation", "referral", "sent_by")
    count = 0
    for request in overdue:
        with transaction.atomic():
            updated = InformationRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not updated:
                continue  # another runner got there first
            answerers = [
                membership.user
                for membership in Membership.objects.current()
                .filter(organisation=request.organisation_id, role__in=list(REQUEST_ANSWERERS))
                .select_related("user")
            ]
            if answerers:
                notify(
                    recipients=answerers,
                    organisation=request.organisation,
                    kind="referral.information_request_overdue",
                    title=TITLE,
                    url=reverse("preliminary:request_answer", args=[request.pk]),
                    email_subject="a request for information is overdue",
                    email_body="A request for information sent to your organisation by the Prevent coordinator is "
                    "past its due date. Sign in to answer it.",
                )
            # The coordinator who asked, in the name of their coordinator membership in the referral's area.
            for membership in (
                Membership.objects.current()
                .filter(
                    user=request.sent_by_id,
                    role=Role.LA_PREVENT_COORDINATOR,
                    organisation__area=request.referral.area_id,
                )
                .select_related("organisation")
            ):
                notify(
                    recipients=[request.sent_by],
                    organisation=membership.organisation,
                    kind="referral.information_request_overdue",
                    title=TITLE,
                    url=reverse("preliminary:assess", args=[request.referral_id]),
                    email_subject="a request for information is overdue",
                    email_body="A request for information you sent to a partner organisation is past its due date "
                    "and has not been answered. Sign in to see it.",
                )
            count += 1
    return count
