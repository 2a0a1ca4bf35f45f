"""Forms of the sharing register: its filter, and the phone call that passed a protected PDF's password."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from core.forms import GovukDateField

from .models import SharingRecord

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
CALL_IN_FUTURE = "The call must be now or in the past"


class RegisterFilterForm(forms.Form):
    channel = forms.ChoiceField(
        label="How it was sent",
        required=False,
        choices=[("", "Any way"), *SharingRecord.Channel.choices],
        error_messages={"invalid_choice": "Select how it was sent from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *SharingRecord.Status.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def filters(self) -> dict[str, str]:
        """The chosen filters (call after is_valid()); an invalid filter filters nothing."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class PasswordCallForm(forms.Form):
    given_to = forms.CharField(
        label="Who did you give the password to?",
        max_length=200,
        help_text="Their name and role, for example DC Sam Reid, Essex Police Prevent team.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Enter who you gave the password to"},
    )
    given_on = GovukDateField(
        label="What day was the call?", past_only=True, what="the date of the call", help_text="For example, 27 3 2026"
    )
    given_time = forms.CharField(
        label="What time was the call?",
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30.",
        widget=forms.TextInput(attrs={"width": "5", "autocomplete": "off", "inputmode": "numeric"}),
        error_messages={"required": "Enter the time of the call"},
    )

    def clean_given_time(self) -> datetime.time:
        match = TIME.match(self.cleaned_data["given_time"].strip())
        if not match:
            raise forms.ValidationError("Enter the time of the call like 14:30")
        return datetime.time(int(match.group(1)), int(match.group(2)))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, time = cleaned.get("given_on"), cleaned.get("given_time")
        if isinstance(day, datetime.date) and isinstance(time, datetime.time):
            when = timezone.make_aware(datetime.datetime.combine(day, time))
            if when > timezone.now():
                self.add_error("given_time", CALL_IN_FUTURE)
            else:
                cleaned["given_at"] = when
        return cleaned
