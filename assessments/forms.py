"""Forms of the vulnerability assessment pages, in GOV.UK markup (rendered with `{{ form.x.as_field_group }}`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html

from core.forms import GovukDateField

from .models import Assessment, FrameworkVersion, Judgement
from .services import OUT_OF_SCALE, AdditionalChange, AssessmentChanges, JudgementChange, RatingChange


def _text(label: Any, *, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


def _hidden_for(text: str, title: str) -> Any:
    """A label whose visible words are short, with the factor's title for screen readers."""
    return format_html('{}<span class="govuk-visually-hidden"> for {}</span>', text, title)


class StartForm(forms.Form):
    version = forms.IntegerField(label="Framework version", required=False, widget=forms.RadioSelect)

    def __init__(self, *args: Any, versions: list[FrameworkVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["version"].widget
        assert isinstance(widget, forms.RadioSelect)
        widget.choices = [(v.pk, f"{v.name}, version {v.version_label}") for v in versions]
        if versions:
            self.fields["version"].initial = versions[0].pk


class CorrectForm(forms.Form):
    reason = forms.CharField(
        label="Why does the assessment need correcting?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Explain why the assessment needs correcting"},
    )


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label="Earlier assessment", coerce=int)
    b = forms.TypedChoiceField(label="Later assessment", coerce=int)

    def __init__(self, *args: Any, assessments: list[Assessment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(a.pk, _choice_label(a)) for a in assessments]
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = choices
            field.error_messages["invalid_choice"] = "Select an assessment of this referral"
            field.error_messages["required"] = "Select two assessments to compare"


def _choice_label(assessment: Assessment) -> str:
    day = f"{assessment.assessed_on:%d %B %Y}".lstrip("0") if assessment.assessed_on else "no date"
    return f"{assessment.reference}, {day} ({assessment.get_status_display().lower()})"


class AssessmentForm(forms.Form):
    """The whole assessment: per dimension each factor's rating, evidence and source, the dimension's judgement and
    rationale; factors added for the case; the summary and management plan notes. A draft may be saved incomplete;
    completion rules are checked by the service (rules.completion_problems)."""

    assessed_on = GovukDateField(label="Date of the assessment", what="the date of the assessment", past_only=True)
    assessors = _text("Who carried out the assessment", rows=2, help_text="Names and roles")
    summary = _text("Summary conclusion", rows=5)
    management_plan = _text("Management plan notes", rows=5)

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        version = assessment.version
        self.levels = [(str(level.pk), level.label) for level in version.levels.all()]
        self.dimensions = list(version.dimensions.all())
        self.ratings = list(assessment.ratings.select_related("factor__dimension"))
        self.judgements = {j.dimension_id: j for j in assessment.judgements.all()}
        self.extras = list(assessment.additional_factors.all())
        dimension_choices = [("", "Select a dimension")] + [(str(d.pk), d.title) for d in self.dimensions]
        initial: dict[str, Any] = {
            "assessed_on": assessment.assessed_on,
            "assessors": assessment.assessors,
            "summary": assessment.summary,
            "management_plan": assessment.management_plan,
        }
        for rating in self.ratings:
            factor, fid = rating.factor, rating.factor_id
            self.fields[f"rating_{fid}"] = self._level_field(factor.title, factor.guidance)
            self.fields[f"evidence_{fid}"] = _text(_hidden_for("Evidence", factor.title))
            self.fields[f"source_{fid}"] = forms.CharField(
                label=_hidden_for("Source of the evidence", factor.title), required=False
            )
            initial |= {
                f"rating_{fid}": str(rating.level_id or ""),
                f"evidence_{fid}": rating.evidence,
                f"source_{fid}": rating.source,
            }
        for dimension in self.dimensions:
            did = dimension.pk
            self.fields[f"judgement_{did}"] = forms.ChoiceField(
                label=f"Your judgement of {dimension.title.lower()}",
                choices=Judgement.choices,
                required=False,
                widget=forms.RadioSelect(attrs={"small": True}),
                error_messages={"invalid_choice": "Select low, moderate or high"},
            )
            self.fields[f"rationale_{did}"] = _text(f"Why you reached this judgement of {dimension.title.lower()}")
            judgement = self.judgements.get(did)
            if judgement is not None:
                initial |= {f"judgement_{did}": judgement.judgement, f"rationale_{did}": judgement.rationale}
        for key, extra in [*((str(x.pk), x) for x in self.extras), ("new", None)]:
            title = extra.title if extra else "the new factor"
            self.fields[f"extra_{key}_dimension"] = forms.ChoiceField(
                label=_hidden_for("Dimension", title) if extra else "Dimension",
                choices=dimension_choices,
                required=False,
            )
            self.fields[f"extra_{key}_title"] = forms.CharField(
                label=_hidden_for("Factor", title) if extra else "Factor", required=False
            )
            self.fields[f"extra_{key}_level"] = self._level_field(
                _hidden_for("Rating", title) if extra else "Rating", ""
            )
            self.fields[f"extra_{key}_evidence"] = _text(_hidden_for("Evidence", title) if extra else "Evidence")
            if extra is not None:
                initial |= {
                    f"extra_{key}_dimension": str(extra.dimension_id),
                    f"extra_{key}_title": extra.title,
                    f"extra_{key}_level": str(extra.level_id or ""),
                    f"extra_{key}_evidence": extra.evidence,
                }
        if not self.is_bound:
            self.initial = initial

    def _level_field(self, label: Any, help_text: str) -> forms.ChoiceField:
        return forms.ChoiceField(
            label=label,
            help_text=help_text,
            choices=self.levels,
            required=False,
            widget=forms.RadioSelect(attrs={"small": True}),
            error_messages={"invalid_choice": OUT_OF_SCALE},
        )

    def sections(self) -> list[dict[str, Any]]:
        """The form's fields grouped by dimension, for the template."""
        by_dimension: dict[int, list[dict[str, Any]]] = {d.pk: [] for d in self.dimensions}
        for rating in self.ratings:
            fid = rating.factor_id
            by_dimension[rating.factor.dimension_id].append(
                {
                    "factor": rating.factor,
                    "rating": self[f"rating_{fid}"],
                    "evidence": self[f"evidence_{fid}"],
                    "source": self[f"source_{fid}"],
                }
            )
        return [
            {
                "dimension": d,
                "factors": by_dimension[d.pk],
                "judgement": self[f"judgement_{d.pk}"],
                "rationale": self[f"rationale_{d.pk}"],
            }
            for d in self.dimensions
        ]

    def extra_rows(self) -> list[dict[str, Any]]:
        keys = [str(x.pk) for x in self.extras] + ["new"]
        return [
            {
                "key": key,
                "extra": extra,
                "dimension": self[f"extra_{key}_dimension"],
                "title": self[f"extra_{key}_title"],
                "level": self[f"extra_{key}_level"],
                "evidence": self[f"extra_{key}_evidence"],
            }
            for key, extra in zip(keys, [*self.extras, None], strict=True)
        ]

    def changes(self) -> AssessmentChanges:
        data = self.cleaned_data

        def level(name: str) -> int | None:
            value = data.get(name) or ""
            return int(value) if value else None

        additional = []
        for key, extra in [*((str(x.pk), x) for x in self.extras), ("new", None)]:
            dimension = data.get(f"extra_{key}_dimension") or ""
            title = data.get(f"extra_{key}_title") or ""
            if extra is None and not title.strip():
                continue
            if not dimension:
                self.add_error(f"extra_{key}_dimension", "Select the dimension of the added factor")
                continue
            additional.append(
                AdditionalChange(
                    pk=extra.pk if extra else None,
                    dimension=int(dimension),
                    title=title,
                    level=level(f"extra_{key}_level"),
                    evidence=data.get(f"extra_{key}_evidence") or "",
                )
            )
        return AssessmentChanges(
            assessed_on=data.get("assessed_on"),
            assessors=data.get("assessors") or "",
            summary=data.get("summary") or "",
            management_plan=data.get("management_plan") or "",
            ratings={
                r.factor_id: RatingChange(
                    level=level(f"rating_{r.factor_id}"),
                    evidence=data.get(f"evidence_{r.factor_id}") or "",
                    source=data.get(f"source_{r.factor_id}") or "",
                )
                for r in self.ratings
            },
            judgements={
                d.pk: JudgementChange(
                    judgement=data.get(f"judgement_{d.pk}") or "", rationale=data.get(f"rationale_{d.pk}") or ""
                )
                for d in self.dimensions
            },
            additional=additional,
        )


def add_problems(form: forms.Form, problems: dict[str, str]) -> None:
    for name, message in problems.items():
        form.add_error(name if name in form.fields else None, message)
