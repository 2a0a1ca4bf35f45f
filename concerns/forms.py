"""Forms of the concern journey. Messages follow the GOV.UK style: say what to do, in plain words."""

from __future__ import annotations

from typing import Any

from django import forms

from core.forms import GovukDateField
from people.selectors import PersonLookup

from .indicators import indicator_choices
from .models import Concern


class PersonLookupForm(forms.Form):
    given_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter their first name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter their last name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        past_only=True,
        required=False,
        what="their date of birth",
        help_text="If you know it. For example, 27 3 2017",
    )


class ChoosePersonForm(PersonLookupForm):
    """Is it someone already recorded? Offers only what people.selectors.person_lookup_for lets the asker learn:
    records they may see by name and date of birth, and at most one record they may not see, by no detail at all."""

    NEW = "new"
    EXISTING = "existing"
    person = forms.ChoiceField(
        label="Is it one of these people?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person, or that it is someone else"},
    )

    def __init__(self, *args: Any, lookup: PersonLookup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), _describe(p)) for p in lookup.named]
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        if lookup.existing is not None:
            choices.append((self.EXISTING, "Record my concern against the record that already exists"))
        if lookup.named:
            new = "No, it is someone else"
        else:
            field.label = "What do you want to do?"
            field.error_messages["required"] = "Select whether to use the record that already exists"
            new = "Make a new record with the details I entered"
        if lookup.unseen:
            new += " (your designated safeguarding lead will check whether it is the same person)"
        field.choices = [*choices, (self.NEW, new)]
        if not choices:
            field.initial = self.NEW  # the only way on: the lead joins the records up at triage
        for name in ("given_name", "family_name"):
            self.fields[name].widget = forms.HiddenInput()


def _describe(person: Any) -> str:
    born = f", born {person.date_of_birth:%-d %B %Y}" if person.date_of_birth else ", date of birth not recorded"
    return f"{person.display_name}{born}"


class ConcernForm(forms.ModelForm):
    """The draft. Nothing is required while drafting: completeness is checked when it is submitted."""

    observed_on = GovukDateField(
        label="When did you see or hear this?",
        required=False,
        past_only=True,
        what="the date",
        help_text="For example, 14 11 2026",
    )
    observed_time = forms.TimeField(
        label="Time (if you know it)",
        required=False,
        help_text="For example, 14:30",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        error_messages={"invalid": "Enter a time like 14:30"},
        widget=forms.TimeInput(format="%H:%M", attrs={"width": "5", "inputmode": "numeric"}),
    )
    indicators = forms.MultipleChoiceField(
        label="What did you notice?",
        required=False,
        choices=indicator_choices(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Concern
        fields = [
            "observed_on",
            "observed_time",
            "location",
            "account",
            "indicators",
            "other_indicators",
            "actions_taken",
            "immediate_risk",
        ]
        labels = {
            "location": "Where did it happen?",
            "account": "What did you see or hear?",
            "other_indicators": "Anything else you noticed",
            "actions_taken": "What have you done about it so far?",
            "immediate_risk": "Is anyone at immediate risk of harm?",
        }
        help_texts = {
            "location": "For example, the playground, a classroom, online",
            "account": "Use your own words. Write down exactly what was said or done, and by whom.",
            "other_indicators": "Other signs that are not in the list above",
            "actions_taken": "For example, spoke to the child, kept the material, told a colleague",
        }
        widgets = {
            "location": forms.TextInput(),
            "account": forms.Textarea(attrs={"rows": 8}),
            "other_indicators": forms.Textarea(attrs={"rows": 3}),
            "actions_taken": forms.Textarea(attrs={"rows": 3}),
            "immediate_risk": forms.RadioSelect(attrs={"small": False}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        risk = self.fields["immediate_risk"]
        assert isinstance(risk, forms.ChoiceField)
        risk.choices = list(Concern.ImmediateRisk.choices)
        risk.required = False

    def draft_changes(self) -> dict[str, Any]:
        """What the author typed, as service arguments (only fields that are valid: autosave keeps what it can)."""
        return {name: value for name, value in self.cleaned_data.items() if name in self.Meta.fields}


class AutosaveForm(ConcernForm):
    """The same fields, for the page's background saves: invalid fields are skipped rather than refused."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in list(self.errors):
            cleaned.pop(name, None)
        return cleaned


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
        help_text="An image, PDF, or Word, Excel or PowerPoint document, up to 10 MB",
    )


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Add something that happened or came to light later",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        error_messages={"required": "Enter what you want to add"},
    )
