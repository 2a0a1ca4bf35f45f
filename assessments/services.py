"""Writes about vulnerability assessments and framework versions. Each runs in one transaction with one audit event;
none puts case content in the log (ids, codes and counts only). Nothing here adds ratings up (policy 2.3)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from core.access import require_acting
from organisations.models import Membership
from organisations.roles import Role
from referrals.models import Referral
from referrals.states import REFERRAL_STATES

from .models import (
    AdditionalFactor,
    Assessment,
    Dimension,
    DimensionJudgement,
    Factor,
    FactorRating,
    FrameworkVersion,
    Judgement,
    RatingLevel,
)
from .rules import completion_problems, version_problems
from .selectors import WRITERS
from .states import ASSESSMENT_STATES, FRAMEWORK_STATES

OUT_OF_SCALE = "Choose a rating from this framework version's scale"


class AssessmentInvalid(Exception):
    def __init__(self, problems: dict[str, str], *, saved: bool = False) -> None:
        super().__init__("The assessment is not complete.")
        self.problems = problems
        self.saved = saved  # the draft was saved; only the completion was refused


@dataclass
class RatingChange:
    level: int | None = None
    evidence: str = ""
    source: str = ""


@dataclass
class JudgementChange:
    judgement: str = ""
    rationale: str = ""


@dataclass
class AdditionalChange:
    pk: int | None
    dimension: int
    title: str
    level: int | None = None
    evidence: str = ""


@dataclass
class AssessmentChanges:
    assessed_on: datetime.date | None
    assessors: str = ""
    summary: str = ""
    management_plan: str = ""
    ratings: dict[int, RatingChange] = field(default_factory=dict)  # by factor id
    judgements: dict[int, JudgementChange] = field(default_factory=dict)  # by dimension id
    additional: list[AdditionalChange] = field(default_factory=list)


def _may_write(acting: Membership, referral: Referral, service: str, obj: Any) -> User:
    """Assessments are written by the WRITERS (the Prevent coordinator, the panel chair) of the referral's area."""
    return require_acting(acting, service=service, roles=WRITERS, area_id=referral.area_id, obj=obj)


def _lock(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("version").get(pk=assessment.pk)


def assessment_start(*, referral: Referral, acting: Membership, version: FrameworkVersion | None) -> Assessment:
    """A new draft assessment of the referral's subject, with every factor of `version` to rate."""
    actor = _may_write(acting, referral, "assessment_start", referral)
    problems = version_problems(version)
    if problems or version is None:
        raise AssessmentInvalid(problems)
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        # At the preliminary assessment and, once accepted, for each panel review.
        REFERRAL_STATES.require("assess_vulnerability", referral)
        assessment = Assessment.objects.create(
            referral=referral,
            version=version,
            assessed_on=timezone.localdate(),
            assessors=actor.full_name,
            created_by=actor,
        )
        FactorRating.objects.bulk_create(
            FactorRating(assessment=assessment, factor=factor) for factor in Factor.objects.filter(version=version)
        )
        DimensionJudgement.objects.bulk_create(
            DimensionJudgement(assessment=assessment, dimension=dimension)
            for dimension in Dimension.objects.filter(version=version)
        )
        audit_append(
            action="assessment.started", actor=actor, obj=assessment,
            details={"referral": referral.pk, "framework_version": version.pk},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return assessment


def _levels(version: FrameworkVersion) -> set[int]:
    return set(RatingLevel.objects.filter(version=version).values_list("pk", flat=True))


def _scale_problems(assessment: Assessment, changes: AssessmentChanges) -> dict[str, str]:
    """Ratings outside the version's scale, dimensions or factors of another version: refused."""
    levels = _levels(assessment.version)
    factors = set(Factor.objects.filter(version=assessment.version).values_list("pk", flat=True))
    dimensions = set(Dimension.objects.filter(version=assessment.version).values_list("pk", flat=True))
    problems = {}
    for factor_id, rating in changes.ratings.items():
        if factor_id not in factors:
            problems[f"rating_{factor_id}"] = "This factor is not in this assessment's framework version"
        elif rating.level is not None and rating.level not in levels:
            problems[f"rating_{factor_id}"] = OUT_OF_SCALE
    for dimension_id, judgement in changes.judgements.items():
        if dimension_id not in dimensions:
            problems[f"judgement_{dimension_id}"] = "This dimension is not in this assessment's framework version"
        elif judgement.judgement and judgement.judgement not in Judgement.values:
            problems[f"judgement_{dimension_id}"] = "Select low, moderate or high"
    for extra in changes.additional:
        name = f"extra_{extra.pk}" if extra.pk else "extra_new"
        if extra.dimension not in dimensions:
            problems[f"{name}_dimension"] = "Select a dimension of this framework version"
        if extra.level is not None and extra.level not in levels:
            problems[f"{name}_level"] = OUT_OF_SCALE
    return problems


def assessment_save(
    *, assessment: Assessment, acting: Membership, changes: AssessmentChanges, complete: bool = False
) -> Assessment:
    """Save a draft; with `complete`, then complete it if the completion rules are met (rules.completion_problems).

    A completed assessment is never edited (IllegalTransition). When completion is refused the draft is still saved,
    and AssessmentInvalid(saved=True) names what is missing. Completing a correction marks the assessment it
    corrects as superseded; both are kept."""
    actor = _may_write(acting, assessment.referral, "assessment_save", assessment)
    with transaction.atomic():
        assessment = _lock(assessment)
        ASSESSMENT_STATES.require("save", assessment)
        problems = _scale_problems(assessment, changes)
        if problems:
            raise AssessmentInvalid(problems)
        assessment.assessed_on = changes.assessed_on
        assessment.assessors = changes.assessors.strip()
        assessment.summary = changes.summary.strip()
        assessment.management_plan = changes.management_plan.strip()
        for rating in assessment.ratings.all():
            if rating.factor_id in changes.ratings:
                change = changes.ratings[rating.factor_id]
                rating.level_id = change.level
                rating.evidence = change.evidence.strip()
                rating.source = change.source.strip()
                rating.save()
        for judgement in assessment.judgements.all():
            if judgement.dimension_id in changes.judgements:
                j_change = changes.judgements[judgement.dimension_id]
                judgement.judgement = j_change.judgement
                judgement.rationale = j_change.rationale.strip()
                judgement.save()
        existing = {extra.pk: extra for extra in assessment.additional_factors.all()}
        for extra_change in changes.additional:
            if extra_change.pk is not None and extra_change.pk in existing:
                extra = existing[extra_change.pk]
            elif extra_change.pk is None and extra_change.title.strip():
                extra = AdditionalFactor(assessment=assessment)
            else:
                continue
            extra.dimension_id = extra_change.dimension
            extra.title = extra_change.title.strip() or extra.title
            extra.level_id = extra_change.level
            extra.evidence = extra_change.evidence.strip()
            extra.save()
        refused: dict[str, str] = {}
        action = "assessment.saved"
        if complete:
            refused = completion_problems(assessment)
            if not refused:
                ASSESSMENT_STATES.apply("complete", assessment)
                assessment.completed_at = timezone.now()
                assessment.completed_by = actor
                action = "assessment.completed"
                if assessment.supersedes_id is not None:
                    corrected = Assessment.objects.select_for_update().get(pk=assessment.supersedes_id)
                    ASSESSMENT_STATES.apply("supersede", corrected)
                    corrected.superseded_at = timezone.now()
                    corrected.save()
        assessment.save()
        audit_append(
            action=action, actor=actor, obj=assessment,
            details={
                "referral": assessment.referral_id,
                "completion_refused": sorted(refused) if complete and refused else [],
                "supersedes": assessment.supersedes_id if action == "assessment.completed" else None,
            },
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    if refused:
        raise AssessmentInvalid(refused, saved=True)
    return assessment


def assessment_correct(*, assessment: Assessment, acting: Membership, reason: str) -> Assessment:
    """Correct a completed assessment: a new draft copying it (same framework version), with the reason. The one it
    corrects stays completed until the correction is completed, then is marked superseded; both are kept. An open
    correction of the same assessment is returned rather than a second one made."""
    actor = _may_write(acting, assessment.referral, "assessment_correct", assessment)
    if not reason.strip():
        raise AssessmentInvalid({"reason": "Explain why the assessment needs correcting"})
    with transaction.atomic():
        original = _lock(assessment)
        ASSESSMENT_STATES.require("correct", original)
        open_correction = original.corrections.filter(status=Assessment.Status.DRAFT).first()
        if open_correction is not None:
            return open_correction
        copy = Assessment.objects.create(
            referral_id=original.referral_id,
            version=original.version,
            assessed_on=original.assessed_on,
            assessors=original.assessors,
            summary=original.summary,
            management_plan=original.management_plan,
            created_by=actor,
            supersedes=original,
            correction_reason=reason.strip(),
        )
        FactorRating.objects.bulk_create(
            FactorRating(
                assessment=copy, factor_id=r.factor_id, level_id=r.level_id, evidence=r.evidence, source=r.source
            )
            for r in original.ratings.all()
        )
        DimensionJudgement.objects.bulk_create(
            DimensionJudgement(
                assessment=copy, dimension_id=j.dimension_id, judgement=j.judgement, rationale=j.rationale
            )
            for j in original.judgements.all()
        )
        AdditionalFactor.objects.bulk_create(
            AdditionalFactor(
                assessment=copy, dimension_id=x.dimension_id, title=x.title, level_id=x.level_id, evidence=x.evidence
            )
            for x in original.additional_factors.all()
        )
        audit_append(
            action="assessment.correction_started", actor=actor, obj=copy,
            details={"referral": original.referral_id, "corrects": original.pk},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return copy


# --- framework versions (administrators) ---------------------------------------------------------------------------


def _next_label(version: FrameworkVersion) -> str:
    taken = set(FrameworkVersion.objects.filter(name=version.name).values_list("version_label", flat=True))
    base = int(version.version_label) if version.version_label.isdigit() else None
    candidate = 2
    while True:
        label = str(base + candidate - 1) if base is not None else f"{version.version_label}.{candidate - 1}"
        if label not in taken:
            return label
        candidate += 1


def framework_copy_as_draft(*, version: FrameworkVersion, acting: Membership) -> FrameworkVersion:
    """A new draft version copying `version` (its dimensions, factors and rating scale), to edit and publish. The
    framework is kept by system administrators (in the admin)."""
    actor = require_acting(acting, service="framework_copy_as_draft", roles={Role.SYSTEM_ADMIN}, obj=version)
    with transaction.atomic():
        copy = FrameworkVersion.objects.create(
            name=version.name, version_label=_next_label(version), notes=version.notes, copied_from=version
        )
        level_map: dict[int, Any] = {}
        for level in version.levels.all():
            level_map[level.pk] = RatingLevel.objects.create(
                version=copy, code=level.code, label=level.label, order=level.order
            )
        for dimension in version.dimensions.all():
            new_dimension = Dimension.objects.create(
                version=copy, code=dimension.code, title=dimension.title, order=dimension.order
            )
            for factor in dimension.factors.all():
                Factor.objects.create(
                    version=copy, dimension=new_dimension, code=factor.code, title=factor.title,
                    guidance=factor.guidance, order=factor.order,
                )  # fmt: skip
        audit_append(
            action="framework.copied", actor=actor, obj=copy, details={"copied_from": version.pk},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return copy


def framework_publish_problems(version: FrameworkVersion) -> list[str]:
    """A version is published only with a rating scale and at least one dimension, each with at least one factor."""
    problems = []
    if not version.levels.exists():
        problems.append("it has no rating levels")
    dimensions = list(version.dimensions.all())
    if not dimensions:
        problems.append("it has no dimensions")
    for dimension in dimensions:
        if not dimension.factors.exists():
            problems.append(f"the dimension '{dimension.title}' has no factors")
    return problems


def framework_publish(*, version: FrameworkVersion, acting: Membership) -> FrameworkVersion:
    """Publish a draft version: from now on it is used for new assessments and never changes (system
    administrators)."""
    actor = require_acting(acting, service="framework_publish", roles={Role.SYSTEM_ADMIN}, obj=version)
    with transaction.atomic():
        version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
        FRAMEWORK_STATES.require("publish", version)
        problems = framework_publish_problems(version)
        if problems:
            raise AssessmentInvalid({"version": f"{version} cannot be published: {'; '.join(problems)}"})
        FRAMEWORK_STATES.apply("publish", version)
        version.published_at = timezone.now()
        version.published_by = actor
        version.save()
        audit_append(
            action="framework.published", actor=actor, obj=version,
            details={"factors": version.factors.count(), "dimensions": version.dimensions.count()},
            organisation_id=acting.organisation_id, role=acting.role,
        )  # fmt: skip
    return version
