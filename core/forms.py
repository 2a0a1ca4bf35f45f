"""GOV.UK Design System forms: a form renderer whose field template emits GOV.UK markup, and the date field
the design system asks for (day, month and year in three boxes, with its error messages)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """`{{ form.field.as_field_group }}` renders a GOV.UK form group (templates/govuk/field.html)."""

    field_template_name = "govuk/field.html"


class GovukDateWidget(forms.MultiWidget):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def subwidgets(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        # Widget.subwidgets yields the whole widget once; the template needs the day, month and year boxes.
        yield from self.get_context(name, value, attrs)["widget"]["subwidgets"]

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year. `past_only` refuses dates after today."""

    widget = GovukDateWidget

    def __init__(self, *, past_only: bool = False, what: str = "the date", **kwargs: Any) -> None:
        self.past_only = past_only
        self.what = what
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("error_messages", {"required": f"Enter {what}", "incomplete": f"Enter {what} in full"})
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise forms.ValidationError(f"{self.what.capitalize()} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{self.what.capitalize()} must be a real date")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError as exc:
            raise forms.ValidationError(f"{self.what.capitalize()} must be a real date") from exc
        if self.past_only and value > datetime.date.today():
            raise forms.ValidationError(f"{self.what.capitalize()} must be today or in the past")
        return value


def add_problems(form: forms.Form, problems: dict[str, Any]) -> None:
    """Put a service's problems ({field: message}) on a form: beside the field when the form has it (once), else on
    the form as a whole, so they show in the error summary. Messages that are not text (nested sections) are left
    to the caller."""
    for field, message in problems.items():
        if not isinstance(message, str):
            continue
        if field in form.fields:
            if field not in form.errors:
                form.add_error(field, message)
        else:
            form.add_error(None, message)


class VersionedForm(forms.Form):
    """Carries the record's version as it was when the page was opened: a form older than the record is refused
    rather than acted on (someone else moved it on in the meantime)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


def textarea(rows: int = 5) -> forms.Textarea:
    """A GOV.UK textarea of `rows` rows (the forms of every stage use it)."""
    return forms.Textarea(attrs={"rows": rows})
