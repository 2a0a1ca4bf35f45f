"""The police Prevent team's screening form. The form checks what was typed and shows every problem at once; the rules
are screening.rules (the service checks them again)."""

from __future__ import annotations

from typing import Any

from django import forms

from core.forms import VersionedForm, add_problems, textarea

from .models import Screening
from .rules import screening_problems

# --- police screening --------------------------------------------------------------------------------------------


class ScreeningDecisionForm(VersionedForm):
    checks_made = forms.CharField(
        label="What checks did you make?",
        widget=textarea(6),
        help_text="For example, police systems and partner agencies' records. The referring organisation does not "
        "see this.",
        error_messages={"required": "Record the checks you made"},
    )
    outcome = forms.ChoiceField(
        label="What is the outcome of screening?",
        choices=Screening.Outcome.choices,
        widget=forms.RadioSelect(),
        error_messages={
            "required": "Select the outcome of screening",
            "invalid_choice": "Select the outcome of screening",
        },
    )
    signpost_to = forms.ChoiceField(
        label="Where is the person signposted?",
        choices=Screening.Signpost.choices,
        required=False,
        widget=forms.RadioSelect(),
        help_text="Only when it is not for Prevent.",
        error_messages={"invalid_choice": "Select where the person is signposted"},
    )
    reason = forms.CharField(
        label="Why?",
        required=False,  # the rule and its wording are in referrals.rules.screening_problems
        widget=textarea(5),
        help_text="Needed when it is not for Prevent or is escalated. The outcome is kept on the record with it.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        add_problems(
            self,
            screening_problems(
                outcome=cleaned.get("outcome", ""),
                signpost_to=cleaned.get("signpost_to", ""),
                reason=cleaned.get("reason", ""),
                checks_made=cleaned.get("checks_made", ""),
            ),
        )
        return cleaned
