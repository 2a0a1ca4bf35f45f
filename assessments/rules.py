"""Business rules of vulnerability assessments, one function each, the rule's wording as its docstring.

None of them adds ratings up: the ratings record professional judgement and are never turned into a score, a rank
or an automatic flag (policy 2.3: a profile can mislead).
"""

from __future__ import annotations

import datetime

from .models import Assessment, FrameworkVersion, RatingLevel
from .states import FRAMEWORK_STATES

NO_SCORE = (
    "The ratings record professional judgement. They are not added up or turned into a score: "
    "a profile can mislead (Prevent policy 2.3)."
)


def version_problems(version: FrameworkVersion | None) -> dict[str, str]:
    """An assessment is made only with a published framework version."""
    if version is None or not FRAMEWORK_STATES.in_phase("published", version):
        return {"version": "Choose a published version of the framework: this one is not published"}
    return {}


def level_in_scale(level: RatingLevel | None, version: FrameworkVersion) -> bool:
    """A rating is one of the levels of the assessment's own framework version (or not yet given, in a draft)."""
    return level is None or level.version_id == version.pk


def completion_problems(assessment: Assessment) -> dict[str, str]:
    """An assessment can be completed only when it has a date and its assessors, every factor of its version is
    rated ("not known" is a rating), every case-specific factor is rated, every dimension has a judgement with its
    rationale, and there is a summary conclusion. Returns {field name: message}, field names as in the form."""
    problems: dict[str, str] = {}
    if assessment.assessed_on is None:
        problems["assessed_on"] = "Enter the date of the assessment"
    if not assessment.assessors.strip():
        problems["assessors"] = "Record who carried out the assessment"
    for rating in assessment.ratings.select_related("factor"):
        if rating.level_id is None:
            problems[f"rating_{rating.factor_id}"] = f"Rate '{rating.factor.title}' ('Not known' is a rating)"
    for extra in assessment.additional_factors.all():
        if extra.level_id is None:
            problems[f"extra_{extra.pk}_level"] = f"Rate the added factor '{extra.title}'"
    for judgement in assessment.judgements.select_related("dimension"):
        title = judgement.dimension.title.lower()
        if not judgement.judgement:
            problems[f"judgement_{judgement.dimension_id}"] = f"Select your judgement of {title}"
        if not judgement.rationale.strip():
            problems[f"rationale_{judgement.dimension_id}"] = f"Explain your judgement of {title}"
    if not assessment.summary.strip():
        problems["summary"] = "Write the summary conclusion"
    return problems


def assessment_out_of_date(last_completed_on: datetime.date | None, last_panel_on: datetime.date | None) -> bool:
    """Open cases are reviewed at every panel with the assessment brought up to date (policy 2.8): the latest
    completed assessment is out of date when it was made before the latest panel meeting. Without a panel meeting
    there is nothing to be out of date against; without any assessment, there is nothing to bring up to date yet."""
    if last_completed_on is None or last_panel_on is None:
        return False
    return last_completed_on < last_panel_on
