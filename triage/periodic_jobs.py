"""Reminders: a monitored concern whose review date has come is put in front of the safeguarding leads."""

from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from core.periodic import periodic

from .models import Decision


@periodic(name="triage.monitoring_reviews", every=timedelta(hours=1))
@task()
def remind_monitoring_reviews() -> int:
    """Notify the leads once for each current "monitor" decision whose review date is today or past."""
    from concerns.services import _safeguarding_leads
    from notifications.services import notify

    due = Decision.objects.filter(
        outcome=Decision.Outcome.MONITOR,
        reopened_at__isnull=True,
        review_on__lte=timezone.localdate(),
        review_reminded_at__isnull=True,
    ).select_related("concern__organisation")
    count = 0
    for decision in due:
        with transaction.atomic():
            updated = Decision.objects.filter(pk=decision.pk, review_reminded_at__isnull=True).update(
                review_reminded_at=timezone.now()
            )
            if not updated:
                continue  # another runner got there first
            organisation = decision.concern.organisation
            notify(
                recipients=_safeguarding_leads(organisation.pk),
                organisation=organisation,
                kind="triage.review_due",
                title="A monitored concern is due for review",
                url=reverse("triage:concern", args=[decision.concern_id]),
                email_subject="a monitored concern is due for review",
                email_body=(
                    "A concern your organisation is monitoring has reached its review date. Sign in to review it."
                ),
            )
            count += 1
    return count
