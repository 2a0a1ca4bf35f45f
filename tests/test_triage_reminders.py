"""A monitored concern whose review date has come is put in front of the safeguarding leads, once."""

import datetime

import pytest
from django.utils import timezone

from concerns.services import concern_save_draft, concern_start, concern_submit
from notifications.models import Notification
from people.services import person_create
from triage.models import Decision
from triage.periodic_jobs import remind_monitoring_reviews
from triage.services import concern_mark_read, decision_record

pytestmark = pytest.mark.django_db


def _monitored(personas, review_in_days: int) -> Decision:
    staff, school = personas.membership("staff"), personas.organisation("school")
    person = person_create(
        acting=staff, organisation=school, given_name="Kai", family_name="Sample", date_of_birth=None
    )
    concern = concern_start(acting=staff, organisation=school, subject=person)
    concern_save_draft(
        concern=concern,
        acting=staff,
        expected_version=None,
        changes={"observed_on": timezone.localdate(), "location": "Hall", "account": "Said x.", "immediate_risk": "no"},
    )
    concern_submit(concern=concern, acting=staff, expected_version=None)
    concern_mark_read(concern=concern, acting=personas.membership("dsl"))
    return decision_record(
        concern=concern,
        acting=personas.membership("dsl"),
        outcome="monitor",
        rationale="Watch.",
        review_on=timezone.localdate() + datetime.timedelta(days=review_in_days),
    )


def test_due_review_reminds_the_leads_once(personas):
    personas["headteacher"]
    decision = _monitored(personas, review_in_days=3)
    Notification.objects.all().delete()
    assert remind_monitoring_reviews.call() == 0  # not due yet
    Decision.objects.filter(pk=decision.pk).update(review_on=timezone.localdate())
    assert remind_monitoring_reviews.call() == 1
    assert set(Notification.objects.values_list("recipient__email", flat=True)) == {
        personas["dsl"].email,
        personas["headteacher"].email,
    }
    assert Notification.objects.filter(kind="triage.review_due").count() == 2
    assert remind_monitoring_reviews.call() == 0  # only once
