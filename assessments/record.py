"""What the pages show of assessments: one assessment grouped by dimension, two side by side, and each dimension's
judgement over time (for the chart and its table). Nothing here adds ratings up or derives a number from them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from .models import Assessment, Judgement

NOT_IN_VERSION = "Not in this version"
NOT_RATED = "Not rated yet"


def assessment_sections(assessment: Assessment) -> list[dict[str, Any]]:
    """The assessment as the detail page shows it: per dimension, its factors' ratings and the judgement."""
    ratings = list(assessment.ratings.select_related("factor", "level"))
    judgements = {j.dimension_id: j for j in assessment.judgements.all()}
    extras = list(assessment.additional_factors.select_related("level"))
    return [
        {
            "dimension": dimension,
            "ratings": [r for r in ratings if r.factor.dimension_id == dimension.pk],
            "extras": [x for x in extras if x.dimension_id == dimension.pk],
            "judgement": judgements.get(dimension.pk),
        }
        for dimension in assessment.version.dimensions.all()
    ]


def _ratings_by_code(assessment: Assessment) -> dict[str, dict[str, Any]]:
    """{dimension code: {"title", "factors": {factor code: (title, level label)}, "judgement": label,
    "extras": {title key: (title, level label)}}}"""
    found: dict[str, dict[str, Any]] = {}
    judgements = {j.dimension_id: j for j in assessment.judgements.all()}
    for dimension in assessment.version.dimensions.all():
        judgement = judgements.get(dimension.pk)
        found[dimension.code] = {
            "title": dimension.title,
            "factors": {},
            "extras": {},
            "judgement": judgement.get_judgement_display() if judgement and judgement.judgement else NOT_RATED,
        }
    for rating in assessment.ratings.select_related("factor__dimension", "level"):
        label = rating.level.label if rating.level else NOT_RATED
        found[rating.factor.dimension.code]["factors"][rating.factor.code] = (rating.factor.title, label)
    for extra in assessment.additional_factors.select_related("dimension", "level"):
        label = extra.level.label if extra.level else NOT_RATED
        found[extra.dimension.code]["extras"][extra.title.strip().casefold()] = (extra.title, label)
    return found


@dataclass
class ComparedRow:
    title: str
    before: str
    after: str
    kind: str = "factor"  # factor, added (a factor added for the case) or judgement

    @property
    def changed(self) -> bool:
        return NOT_IN_VERSION not in (self.before, self.after) and self.before != self.after

    @property
    def not_in_one(self) -> bool:
        return NOT_IN_VERSION in (self.before, self.after)


def compare(earlier: Assessment, later: Assessment) -> list[dict[str, Any]]:
    """Two assessments side by side, per dimension: every factor's rating and every judgement, matched by code (so
    different framework versions line up); a factor in one version only is shown as not in the other."""
    before, after = _ratings_by_code(earlier), _ratings_by_code(later)
    sections = []
    for code in [*before, *(c for c in after if c not in before)]:
        b, a = before.get(code), after.get(code)
        title = (a or b or {}).get("title", code)
        rows = [
            ComparedRow(
                f"Judgement of {title.lower()}",
                b["judgement"] if b else NOT_IN_VERSION,
                a["judgement"] if a else NOT_IN_VERSION,
                kind="judgement",
            )
        ]
        for key in ("factors", "extras"):
            b_items, a_items = (b or {}).get(key, {}), (a or {}).get(key, {})
            for item in [*b_items, *(i for i in a_items if i not in b_items)]:
                name = (a_items.get(item) or b_items.get(item))[0]
                rows.append(
                    ComparedRow(
                        name,
                        b_items[item][1] if item in b_items else NOT_IN_VERSION,
                        a_items[item][1] if item in a_items else NOT_IN_VERSION,
                        kind="factor" if key == "factors" else "added",
                    )
                )
        sections.append({"code": code, "title": title, "rows": rows})
    return sections


# --- judgement over time -------------------------------------------------------------------------------------------

LEVELS = [Judgement.LOW, Judgement.MODERATE, Judgement.HIGH]
WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 100, 30, 20, 40


def _y(judgement: str) -> int:
    plot = HEIGHT - TOP - BOTTOM
    return TOP + plot - LEVELS.index(Judgement(judgement)) * plot // (len(LEVELS) - 1)


def judgement_series(assessments: list[Assessment]) -> list[dict[str, Any]]:
    """Each dimension's judgement at each completed assessment (matched by dimension code across versions), with the
    geometry of a step chart: low, moderate, high on the y axis, dates (to scale) on the x axis."""
    series: dict[str, dict[str, Any]] = {}
    for assessment in assessments:
        for judgement in assessment.judgements.select_related("dimension"):
            entry = series.setdefault(judgement.dimension.code, {"title": judgement.dimension.title, "points": []})
            entry["title"] = judgement.dimension.title
            if judgement.judgement and assessment.assessed_on:
                entry["points"].append(
                    {
                        "date": assessment.assessed_on,
                        "judgement": judgement.judgement,
                        "label": judgement.get_judgement_display(),
                        "assessment": assessment,
                    }
                )
    dates = sorted({p["date"] for s in series.values() for p in s["points"]})
    return [{"code": code, **entry, **_geometry(entry["points"], dates)} for code, entry in series.items()]


def _x(day: datetime.date, dates: list[datetime.date]) -> int:
    span = (dates[-1] - dates[0]).days if dates else 0
    plot = WIDTH - LEFT - RIGHT
    if span == 0:
        return LEFT + plot // 2
    return LEFT + round((day - dates[0]).days * plot / span)


def _geometry(points: list[dict[str, Any]], dates: list[datetime.date]) -> dict[str, Any]:
    marks = [{"x": _x(p["date"], dates), "y": _y(p["judgement"]), **p} for p in points]
    path = ""
    for index, mark in enumerate(marks):
        if index == 0:
            path = f"M {mark['x']} {mark['y']}"
        else:
            path += f" H {mark['x']} V {mark['y']}"
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "axis_x": LEFT,
        "axis_bottom": HEIGHT - BOTTOM,
        "axis_right": WIDTH - RIGHT,
        "path": path,
        "marks": marks,
        "y_ticks": [{"y": _y(level), "label": Judgement(level).label} for level in LEVELS],
        "x_ticks": [{"x": _x(day, dates), "label": f"{day.day} {day:%b %Y}"} for day in dates],
        "label_y": HEIGHT - BOTTOM + 20,
    }
