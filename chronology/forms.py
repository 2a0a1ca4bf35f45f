"""The chronology's filter: which kinds of entry, and between which dates. Sent with GET (the page) and, carried
in hidden fields, with the export's POST, so the PDF holds what the page shows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms

from core.forms import GovukDateField

from .providers import registered_kinds


@dataclass(frozen=True)
class Filters:
    kinds: set[str] | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None

    @property
    def is_active(self) -> bool:
        return self.kinds is not None or self.since is not None or self.until is not None

    def describe(self) -> str:
        """In words, for the page and the PDF: "Decision, Consent; from 1 March 2026 to 31 March 2026"."""
        parts = []
        if self.kinds is not None:
            parts.append(", ".join(kind.label for kind in registered_kinds() if kind.code in self.kinds))
        if self.since and self.until:
            parts.append(f"from {_day(self.since)} to {_day(self.until)}")
        elif self.since:
            parts.append(f"from {_day(self.since)}")
        elif self.until:
            parts.append(f"up to {_day(self.until)}")
        return "; ".join(parts) if parts else "Every entry"


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


class ChronologyFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="What to show",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"small": True}),
        help_text="Leave every box unticked to show everything.",
    )
    since = GovukDateField(label="From", what="the from date", required=False, help_text="For example, 1 9 2025")
    until = GovukDateField(label="To", what="the to date", required=False, help_text="For example, 31 3 2026")

    # The names the form reads from a query string or a POST: carried into the export form as hidden fields.
    FIELD_NAMES = frozenset({"kinds", "since_0", "since_1", "since_2", "until_0", "until_1", "until_2"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kinds"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(kind.code, kind.label) for kind in registered_kinds()]
        field.error_messages["invalid_choice"] = "Select what to show from the list"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The to date must be the same as or after the from date")
        return cleaned

    def filters(self) -> Filters:
        """The valid filter (call after is_valid())."""
        kinds = self.cleaned_data.get("kinds") or []
        return Filters(
            kinds=set(kinds) or None, since=self.cleaned_data.get("since"), until=self.cleaned_data.get("until")
        )

    def carried(self) -> list[tuple[str, str]]:
        """(name, value) pairs of the filter as submitted, for hidden fields."""
        if not self.is_bound:
            return []
        pairs: list[tuple[str, str]] = []
        for name in sorted(self.FIELD_NAMES & set(self.data.keys())):
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data[name]]
            pairs.extend((name, str(value)) for value in values if value)
        return pairs
