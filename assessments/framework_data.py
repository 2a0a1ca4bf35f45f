"""Loading a framework version from a data file in the repository (JSON: name, version_label, notes,
rating_levels [{code, label}], dimensions [{code, title, factors [{code, title, guidance}]}]).

The shipped Channel vulnerability assessment framework (frameworks/channel-vaf-1.json) is loaded by migration 0002
and by `manage.py load_framework <path>`. Loading is idempotent: a version with the same name and version label that
already exists is left exactly as it is (published versions never change; an administrator's draft is theirs).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.utils import timezone

FRAMEWORKS = Path(__file__).resolve().parent / "frameworks"
SHIPPED = FRAMEWORKS / "channel-vaf-1.json"


class FrameworkFileInvalid(Exception):
    pass


def read_framework_file(path: Path | str) -> dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    problems = []
    for key in ("name", "version_label", "rating_levels", "dimensions"):
        if not data.get(key):
            problems.append(f"missing {key}")
    codes = [f["code"] for d in data.get("dimensions", []) for f in d.get("factors", [])]
    if len(codes) != len(set(codes)):
        problems.append("factor codes repeat")
    if problems:
        raise FrameworkFileInvalid(f"{path}: {', '.join(problems)}")
    return data


def load_framework(data: dict[str, Any], *, apps: Any = None) -> tuple[Any, bool]:
    """Create the version described by `data`, published, unless it exists. Returns (version, created).

    `apps` is a migration's app registry (historical models); by default the running project's."""
    registry = apps or global_apps
    version_model = registry.get_model("assessments", "FrameworkVersion")
    dimension_model = registry.get_model("assessments", "Dimension")
    factor_model = registry.get_model("assessments", "Factor")
    level_model = registry.get_model("assessments", "RatingLevel")
    existing = version_model.objects.filter(name=data["name"], version_label=data["version_label"]).first()
    if existing is not None:
        return existing, False
    version = version_model.objects.create(
        name=data["name"], version_label=data["version_label"], notes=data.get("notes", ""), status="draft"
    )
    for order, level in enumerate(data["rating_levels"]):
        level_model.objects.create(version=version, code=level["code"], label=level["label"], order=order)
    for d_order, dim in enumerate(data["dimensions"]):
        dimension = dimension_model.objects.create(version=version, code=dim["code"], title=dim["title"], order=d_order)
        for f_order, factor in enumerate(dim["factors"]):
            factor_model.objects.create(
                version=version,
                dimension=dimension,
                code=factor["code"],
                title=factor["title"],
                guidance=factor.get("guidance", ""),
                order=f_order,
            )
    # Published last: the models refuse changes to the parts of a published version.
    version_model.objects.filter(pk=version.pk).update(status="published", published_at=timezone.now())
    version.refresh_from_db()
    return version, True


def ensure_shipped_framework(*, apps: Any = None) -> Any:
    """The shipped framework, loaded if it is missing (tests that wipe the database use this)."""
    version, _ = load_framework(read_framework_file(SHIPPED), apps=apps)
    return version
