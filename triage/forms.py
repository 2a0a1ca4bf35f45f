"""The safeguarding lead's triage forms. Each has its own prefix on the page, so their ids never collide.

The forms check what was typed; the rules of a decision are triage.rules.decision_problems (the service checks
them again), so the lead sees every problem at once.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from core.forms import GovukDateField, textarea
from people.models import Person

from .models import Clarification, ConsentRecord, Decision
from .rules import decision_problems

# The consent positions that need a written note: not seeking consent is a decision to explain (policy 2.4).
NOTE_REQUIRED_POSITIONS = frozenset(
    {ConsentRecord.Position.NOT_SOUGHT_RISK, ConsentRecord.Position.NOT_SOUGHT_FAMILY_IMPLICATED}
)


class VersionedForm(forms.Form):
    """Carries the concern's version as it was when the page was opened: a form older than the concern is refused
    rather than acted on (someone else moved it on in the meantime)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class ClarificationForm(forms.Form):
    spoke_with = forms.ChoiceField(
        label="Who did you speak with?",
        choices=Clarification.SpokeWith.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you spoke with", "invalid_choice": "Select who you spoke with"},
    )
    who = forms.CharField(
        label="Their name or role (optional)",
        required=False,
        max_length=200,
        help_text="For example, Mrs Patel, class teacher.",
    )
    spoke_on = GovukDateField(
        label="When did you speak with them?",
        past_only=True,
        what="the date you spoke with them",
        help_text="For example, 27 3 2026",
    )
    summary = forms.CharField(
        label="What did you find out?",
        widget=textarea(),
        error_messages={"required": "Summarise what you found out"},
    )


class ConsentForm(forms.Form):
    position = forms.ChoiceField(
        label="What is the consent position?",
        choices=ConsentRecord.Position.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the consent position",
            "invalid_choice": "Select the consent position",
        },
    )
    given_by = forms.CharField(
        label="Who gave or refused consent (optional)",
        required=False,
        max_length=200,
        help_text="For example, the child's mother.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=textarea(4),
        help_text=(
            "If you have not sought consent because it would place the child at risk of harm, or because the "
            "family may be implicated, you must say why."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("position") in NOTE_REQUIRED_POSITIONS and not cleaned.get("note", "").strip():
            self.add_error("note", "Explain why consent was not sought")
        return cleaned


class DecisionForm(VersionedForm):
    outcome = forms.ChoiceField(
        label="What is the outcome?",
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome", "invalid_choice": "Select the outcome"},
    )
    rationale = forms.CharField(
        label="Why did you decide this?",
        required=False,  # the rule and its wording are in triage.rules.decision_problems
        widget=textarea(6),
        help_text="Your rationale is kept on the record with the decision.",
    )
    review_on = GovukDateField(
        label="Review date",
        required=False,
        what="the review date",
        help_text="Only for a decision to monitor: when to look at this concern again. For example, 27 3 2026",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "outcome" in cleaned and "review_on" in cleaned:
            problems = decision_problems(
                outcome=cleaned["outcome"],
                rationale=cleaned.get("rationale", ""),
                review_on=cleaned["review_on"],
                today=timezone.localdate(),
            )
            for field, message in problems.items():
                self.add_error(field if field in self.fields else None, message)
        elif not cleaned.get("rationale", "").strip():
            self.add_error("rationale", "Explain why you decided this")
        return cleaned


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label="Why are you reopening this decision?",
        widget=textarea(4),
        help_text="The decision stays on the record, marked as reopened, with your reason.",
        error_messages={"required": "Explain why you are reopening this concern"},
    )


class LinkPersonForm(VersionedForm):
    person = forms.TypedChoiceField(
        label="Which record is the same person?",
        coerce=int,
        widget=forms.RadioSelect,
        help_text="This concern will be recorded against the record you choose.",
        error_messages={
            "required": "Select the record that is the same person",
            "invalid_choice": "Select one of the records listed",
        },
    )
    reason = forms.CharField(
        label="Why are these the same person?",
        widget=textarea(4),
        error_messages={"required": "Explain why these are the same person"},
    )

    def __init__(self, *args: Any, candidates: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {person.pk: person for person in candidates}
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(person.pk, describe_person(person)) for person in candidates]


def describe_person(person: Person) -> str:
    born = person.date_of_birth
    if born is None:
        return f"{person.display_name}, date of birth not known"
    return f"{person.display_name}, born {born.day} {born:%B %Y}"
