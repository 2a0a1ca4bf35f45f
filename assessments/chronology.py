"""Vulnerability assessments in a person's chronology, registered from AssessmentsConfig.ready(): each completed
assessment, dated the day it was made (assessed_on).

Seen by those who see assessments (assessments.selectors.assessments_visible_to: the area's police Prevent
officers, Prevent coordinators and panel chair; never the referring school). The entry names the framework version
and the judgement recorded for each dimension; the software never adds ratings up, so there is no score to show
(policy 2.3). Two queries however many assessments: the assessments, then their judgements.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils import timezone

from chronology.providers import Entry, _name, _paragraphs, _start_of_day, _url, kind_label, register
from organisations.models import Membership
from people.models import Person
from referrals.chronology import referral_source

from .models import Assessment, DimensionJudgement
from .selectors import assessments_visible_to

ASSESSMENT_COMPLETED = "assessment.completed"


def _dated(assessment: Assessment) -> datetime.datetime:
    """The day it was made (assessed_on); at the moment of completion when that fell on the same day, so that it
    sits in order among that day's other entries, otherwise at the start of the day."""
    assert assessment.assessed_on is not None
    completed = assessment.completed_at
    if completed is not None and timezone.localtime(completed).date() == assessment.assessed_on:
        return completed
    return _start_of_day(assessment.assessed_on)


def _judgements(assessment: Assessment) -> str:
    parts = [
        f"{judgement.dimension.title}: {judgement.get_judgement_display() if judgement.judgement else 'not recorded'}"
        for judgement in assessment.judgements.all()
    ]
    return f"Judgements — {'; '.join(parts)}." if parts else ""


@register(ASSESSMENT_COMPLETED, "Vulnerability assessment")
def assessments_completed(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    judgements = DimensionJudgement.objects.select_related("dimension").order_by("dimension__order", "pk")
    assessments = (
        assessments_visible_to(acting=membership)
        .filter(
            referral__subject=person,
            status__in=[Assessment.Status.COMPLETED, Assessment.Status.SUPERSEDED],
            assessed_on__isnull=False,
        )
        .select_related("version", "completed_by")
        .prefetch_related(Prefetch("judgements", queryset=judgements))
    )
    for assessment in assessments:
        corrects = (
            f" (correcting {Assessment(pk=assessment.supersedes_id).reference})" if assessment.supersedes_id else ""
        )
        superseded = assessment.status == Assessment.Status.SUPERSEDED
        version = assessment.version
        yield Entry(
            at=_dated(assessment),
            kind=ASSESSMENT_COMPLETED,
            kind_label=kind_label(ASSESSMENT_COMPLETED),
            title=f"Vulnerability assessment completed{corrects}",
            detail=_paragraphs(
                f"Framework: {version.name}, version {version.version_label}.",
                _judgements(assessment),
                "Later corrected: a correction replaces this assessment." if superseded else "",
            ),
            by=_name(assessment.completed_by),
            url=_url("assessments:detail", assessment.pk),
            source=f"{referral_source(assessment.referral_id)}, vulnerability assessment {assessment.reference}",
        )
