"""Forms for the person record: correcting a person's details, and adding a family or household member.

Rendered field by field with `{{ form.field.as_field_group }}` (core.forms.GovukFormRenderer). Names are about
someone else, so the browser is told not to autofill or spellcheck them.
"""

from __future__ import annotations

from typing import Any

from django import forms

from core import forms as core_forms
from core.forms import GovukDateField

from .models import HouseholdMember, Person

NAME_MAX_LENGTH = 100
NHS_NUMBER_ERROR = "Enter a valid NHS number, like 943 476 5919"
YES_NO = [("yes", "Yes"), ("no", "No")]

_NAME_ATTRS = {"autocomplete": "off", "spellcheck": "false"}


def nhs_number_is_valid(digits: str) -> bool:
    """Ten digits whose last is the modulus-11 check digit of the first nine (weights 10 down to 2)."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def format_nhs_number(value: str) -> str:
    """'9434765919' -> '943 476 5919'; anything that is not ten digits is shown as it is."""
    digits = "".join(value.split())
    if len(digits) == 10 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return value


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class LinesField(forms.CharField):
    """A textarea holding one entry per line; cleans to the list of non-empty entries, stripped."""

    widget = forms.Textarea

    def __init__(self, *, max_entry_length: int = NAME_MAX_LENGTH, entry_name: str = "entry", **kwargs: Any) -> None:
        self.max_entry_length = max_entry_length
        self.entry_name = entry_name
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        entries: list[str] = []
        for line in _normalise_newlines(text or "").split("\n"):
            entry = line.strip()
            if entry and entry not in entries:
                entries.append(entry)
        if any(len(entry) > self.max_entry_length for entry in entries):
            raise forms.ValidationError(
                f"Each {self.entry_name} must be {self.max_entry_length} characters or fewer", code="max_length"
            )
        return entries


class YesNoField(forms.TypedChoiceField):
    """Yes or No as radios; cleans to a bool."""

    def __init__(self, *, required_message: str, **kwargs: Any) -> None:
        super().__init__(
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect(attrs={"small": True}),
            error_messages={"required": required_message, "invalid_choice": required_message},
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value


class PersonForm(forms.Form):
    """The person's details a safeguarding lead may correct; cleaned_data is people.services.EDITABLE_FIELDS."""

    given_name = forms.CharField(
        label="Given name",
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs=_NAME_ATTRS),
        error_messages={
            "required": "Enter their given name",
            "max_length": f"Given name must be {NAME_MAX_LENGTH} characters or fewer",
        },
    )
    family_name = forms.CharField(
        label="Family name",
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs=_NAME_ATTRS),
        error_messages={
            "required": "Enter their family name",
            "max_length": f"Family name must be {NAME_MAX_LENGTH} characters or fewer",
        },
    )
    preferred_name = forms.CharField(
        label="Preferred name (optional)",
        help_text="The name they like to be called, if it is different from their given name",
        required=False,
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs=_NAME_ATTRS),
        error_messages={"max_length": f"Preferred name must be {NAME_MAX_LENGTH} characters or fewer"},
    )
    aliases = LinesField(
        label="Other names they are known by (optional)",
        help_text="Put each name on a new line",
        required=False,
        entry_name="name",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )
    date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        help_text="For example, 27 3 2012",
        past_only=True,
        required=False,
        what="date of birth",
        widget=core_forms.GovukDateWidget,
    )
    gender = forms.ChoiceField(
        label="Gender",
        choices=Person.Gender.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select their gender", "invalid_choice": "Select their gender"},
    )
    address = forms.CharField(
        label="Address (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Address must be 500 characters or fewer"},
    )
    pupil_number = forms.CharField(
        label="Unique pupil number (optional)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"width": "20", "spellcheck": "false", "autocomplete": "off"}),
        error_messages={"max_length": "Unique pupil number must be 20 characters or fewer"},
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        help_text="A 10 digit number",
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"width": "10", "inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={"max_length": NHS_NUMBER_ERROR},
    )

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in cls.base_fields}
        initial["nhs_number"] = format_nhs_number(person.nhs_number)
        return initial

    def clean_address(self) -> str:
        return _normalise_newlines(self.cleaned_data["address"])

    def clean_nhs_number(self) -> str:
        value = self.cleaned_data["nhs_number"]
        if not value:
            return ""
        digits = "".join(value.split())
        if not nhs_number_is_valid(digits):
            raise forms.ValidationError(NHS_NUMBER_ERROR, code="invalid")
        return digits


class HouseholdMemberForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        widget=forms.TextInput(attrs=_NAME_ATTRS),
        error_messages={"required": "Enter their name", "max_length": "Name must be 200 characters or fewer"},
    )
    relationship = forms.ChoiceField(
        label="Relationship to the person",
        choices=HouseholdMember.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select their relationship to the person",
            "invalid_choice": "Select their relationship to the person",
        },
    )
    has_parental_responsibility = YesNoField(
        label="Do they have parental responsibility?",
        required_message="Select yes if they have parental responsibility",
    )
    lives_with_person = YesNoField(
        label="Does the person live with them?",
        required_message="Select yes if the person lives with them",
    )
    contact_details = forms.CharField(
        label="Contact details (optional)",
        help_text="For example, a phone number, email address or postal address",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Contact details must be 1000 characters or fewer"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Notes must be 5000 characters or fewer"},
    )

    def clean_contact_details(self) -> str:
        return _normalise_newlines(self.cleaned_data["contact_details"])

    def clean_notes(self) -> str:
        return _normalise_newlines(self.cleaned_data["notes"])
