"""A completed vulnerability assessment for the demo referral accepted for Channel. Fictional throughout."""

from __future__ import annotations

from django.utils import timezone

from organisations.models import Membership
from referrals.models import Referral

from .models import Assessment, FrameworkVersion
from .services import AssessmentChanges, JudgementChange, RatingChange, assessment_save, assessment_start

# What the demo coordinator found, by factor code; every other factor is rated "not known".
FOUND = {
    "grievance": ("partly_present", "Talks about his cousin being 'treated unfairly'.", "School"),
    "influenced_by_group": ("partly_present", "Repeats an older cousin's words.", "School, police"),
    "them_and_us": ("partly_present", "Says another group are 'all bad'.", "Concern C-000001"),
}
JUDGEMENTS = {
    "engagement": ("moderate", "Influenced by an older relative; no contact with a group of his own."),
    "intent": ("low", "No wish to harm anyone expressed; repeats words he does not understand."),
    "capability": ("low", "A seven-year-old with no access to means."),
}


def load() -> list[str]:
    if Assessment.objects.exists():
        return []
    referral = Referral.objects.filter(status=Referral.Status.CHANNEL).order_by("pk").first()
    version = FrameworkVersion.objects.filter(status="published").order_by("-published_at").first()
    if referral is None or version is None:
        return []
    coordinator = (
        Membership.objects.current()
        .select_related("user", "organisation")
        .get(user__email="prevent.coordinator@essex.example.gov.uk", organisation__name="Essex County Council")
    )
    assessment = assessment_start(referral=referral, acting=coordinator, version=version)
    levels = {level.code: level.pk for level in version.levels.all()}
    ratings = {}
    for factor in version.factors.all():
        code, evidence, source = FOUND.get(factor.code, ("not_known", "", ""))
        ratings[factor.pk] = RatingChange(level=levels[code], evidence=evidence, source=source)
    judgements = {dimension.pk: JudgementChange(*JUDGEMENTS[dimension.code]) for dimension in version.dimensions.all()}
    changes = AssessmentChanges(
        assessed_on=timezone.localdate(),
        assessors="Cameron Coordinator; Pat Officer (police)",
        summary="Vulnerable through a relative's influence; support for the family and the child is appropriate.",
        management_plan="Mentoring for the family; review at the next panel.",
        ratings=ratings,
        judgements=judgements,
    )
    assessment_save(assessment=assessment, acting=coordinator, changes=changes, complete=True)
    return ["a completed vulnerability assessment for the referral accepted for Channel"]
