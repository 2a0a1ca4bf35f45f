"""Forms of the referral form (the Vulnerable to Radicalisation form), one per section, and the sending form.

Nothing is required while a section is saved: the referral is checked for completeness when it is sent
(referrals.rules.section_problems). A section refuses only what cannot be stored, such as a social media line
without an account name. Rendered field by field with `{{ form.field.as_field_group }}`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import Truncator

from concerns.models import Concern
from core.forms import textarea
from sharing.models import PowerToShare

from .models import ConcernType, Referral

TEXT_MAX_LENGTH = 20_000
PHONE_MAX_LENGTH = 40
PHONE_CHARACTERS = set("0123456789 +()-.")
SOCIAL_MEDIA_MAX_ACCOUNTS = 50
PLATFORM_MAX_LENGTH = 50
HANDLE_MAX_LENGTH = 300
CONCERN_EXCERPT_LENGTH = 80
YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label: str, help_text: str = "", rows: int = 5, what: str = "This") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(rows),
        error_messages={"max_length": f"{what} must be {TEXT_MAX_LENGTH:,} characters or fewer"},
    )


class SectionForm(forms.Form):
    """One section of the form. `changes()` gives the referral fields to save; the version is the one the page
    was opened at, so a change made meanwhile is refused rather than overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    fields_saved: tuple[str, ...] = ()

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        self.referral = referral
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"version": referral.version, **self.initial_from(referral), **kwargs["initial"]}
        super().__init__(*args, **kwargs)

    def initial_from(self, referral: Referral) -> dict[str, Any]:
        return {name: getattr(referral, name) for name in self.fields_saved}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields_saved}

    def service_arguments(self) -> dict[str, Any]:
        """Arguments for referral_save_section besides the field changes (linked concerns, types of concern)."""
        return {}


class PhoneInput(forms.TextInput):
    input_type = "tel"


class ReferrerForm(SectionForm):
    fields_saved = ("referrer_phone",)

    referrer_phone = forms.CharField(
        label="Phone number the police Prevent team can call you on",
        help_text="For example, 01632 960 001 or 07700 900 982",
        required=False,
        max_length=PHONE_MAX_LENGTH,
        widget=PhoneInput(attrs={"autocomplete": "tel", "width": "20"}),
        error_messages={"max_length": f"Phone number must be {PHONE_MAX_LENGTH} characters or fewer"},
    )

    def clean_referrer_phone(self) -> str:
        value: str = self.cleaned_data["referrer_phone"].strip()
        if value and (not set(value) <= PHONE_CHARACTERS or sum(c.isdigit() for c in value) < 6):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return value


class PersonForm(SectionForm):
    """The person's details come from their record: nothing to type here."""


class AliasesForm(SectionForm):
    fields_saved = ("aliases_note",)

    aliases_note = _text(
        "Anything else about the names they use (optional)",
        "For example, names they use online or in other communities, and where they use them",
        rows=4,
        what="The note about names",
    )


class HouseholdForm(SectionForm):
    fields_saved = ("household_note",)

    household_note = _text(
        "Anything else about their family and household (optional)",
        "For example, who else lives with them or is important to them, and anything the police should know "
        "before contacting the family",
        what="The note about the household",
    )


def parse_social_media(text: str) -> list[dict[str, str]]:
    """One account per line: the platform (the first word), then the name or link (the rest of the line)."""
    accounts = []
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    for number, line in enumerate((line for line in lines if line), start=1):
        parts = line.split(None, 1)
        platform = parts[0].rstrip(",:;")
        handle = parts[1].strip().lstrip(",:;").strip() if len(parts) == 2 else ""
        if not platform or not handle:
            raise forms.ValidationError(
                f"Account {number}: add the name or link after the platform, for example 'Instagram @example'"
            )
        if len(platform) > PLATFORM_MAX_LENGTH or len(handle) > HANDLE_MAX_LENGTH:
            raise forms.ValidationError(f"Account {number} is too long: put one account on each line")
        accounts.append({"platform": platform, "handle": handle})
    if len(accounts) > SOCIAL_MEDIA_MAX_ACCOUNTS:
        raise forms.ValidationError(f"Enter {SOCIAL_MEDIA_MAX_ACCOUNTS} accounts or fewer")
    return accounts


def format_social_media(accounts: Any) -> str:
    """The accounts as typed: one a line, the platform then the name or link."""
    if not isinstance(accounts, list):
        return ""
    return "\n".join(
        f"{item.get('platform', '')} {item.get('handle', '')}".strip() for item in accounts if isinstance(item, dict)
    )


class SocialMediaForm(SectionForm):
    accounts = forms.CharField(
        label="Their social media and online accounts (optional)",
        help_text="One account per line: platform, then the name or link, for example 'Instagram @example'",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
    )

    def initial_from(self, referral: Referral) -> dict[str, Any]:
        return {"accounts": format_social_media(referral.social_media)}

    def clean_accounts(self) -> list[dict[str, str]]:
        return parse_social_media(self.cleaned_data["accounts"])

    def changes(self) -> dict[str, Any]:
        return {"social_media": self.cleaned_data["accounts"]}


class AnyIdChoiceField(forms.MultipleChoiceField):
    """Checkboxes whose values are passed on as ids. Which ids may be linked is the service's decision
    (referrals.services.referral_save_section links only the organisation's concerns about the same person), so
    the form only checks that each value is a number."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdigit()

    def clean(self, value: Any) -> list[int]:
        return [int(item) for item in super().clean(value)]


def concern_label(concern: Concern) -> str:
    day = concern.observed_on or (concern.submitted_at.date() if concern.submitted_at else None)
    when = f"{day:%-d %B %Y}" if day else "date not given"
    excerpt = Truncator(" ".join(concern.account.split())).chars(CONCERN_EXCERPT_LENGTH)
    return f"{concern.reference}, {when}: {excerpt}" if excerpt else f"{concern.reference}, {when}"


class ReasonForm(SectionForm):
    fields_saved = ("reason",)

    reason = _text(
        "Why are you referring them?",
        "Describe what has happened and why it worries you. Say what you know and how you know it: what was seen "
        "or heard, by whom, and when.",
        rows=10,
        what="The reason for referral",
    )
    concerns = AnyIdChoiceField(
        label="Which concerns is this referral about?",
        help_text="Your organisation's concerns about this person. Select all that apply.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, referral: Referral, concerns: list[Concern], **kwargs: Any) -> None:
        self.concern_choices = concerns
        super().__init__(*args, referral=referral, **kwargs)
        field = self.fields["concerns"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(concern.pk), concern_label(concern)) for concern in concerns]

    def initial_from(self, referral: Referral) -> dict[str, Any]:
        return {
            "reason": referral.reason,
            "concerns": [str(pk) for pk in referral.concerns.values_list("pk", flat=True)],
        }

    def service_arguments(self) -> dict[str, Any]:
        if not self.concern_choices:  # no checkboxes were shown: leave the links as they are
            return {}
        return {"concern_ids": self.cleaned_data["concerns"]}


class ConcernTypeForm(SectionForm):
    concern_types = forms.MultipleChoiceField(
        label="What type of concern is it?",
        help_text="Select all that apply. If you are not sure, select 'Mixed, unclear or unstable'.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select the types of concern from the list"},
    )

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, referral=referral, **kwargs)
        field = self.fields["concern_types"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(kind.code, kind.label) for kind in ConcernType.objects.filter(is_active=True)]

    def initial_from(self, referral: Referral) -> dict[str, Any]:
        return {"concern_types": list(referral.concern_types.values_list("code", flat=True))}

    def service_arguments(self) -> dict[str, Any]:
        return {"concern_type_codes": self.cleaned_data["concern_types"]}


class FactorsForm(SectionForm):
    fields_saved = ("personal_factors", "risk_factors", "protective_factors")

    personal_factors = _text(
        "Their personal and social circumstances",
        "For example, their family, friendships, school or work, health, and anything that has changed recently",
        rows=6,
        what="Personal and social circumstances",
    )
    risk_factors = _text(
        "Risk factors",
        "What makes them more vulnerable to being drawn into extremism or terrorism",
        rows=6,
        what="Risk factors",
    )
    protective_factors = _text(
        "Protective factors",
        "What helps keep them safe, such as supportive adults or activities they enjoy. If none are known, say so.",
        rows=6,
        what="Protective factors",
    )


class ConsentForm(SectionForm):
    """Consent (policy 2.4). The capacity questions are asked only when the person is 16 or over."""

    consent = forms.ChoiceField(
        label="What is the consent position?",
        help_text="Consent is given by the person, or by a parent or guardian when they are under 18, or refused. "
        "It is not sought only when seeking it would place the child at risk, and then you must say how (policy 2.4).",
        required=False,
        choices=Referral.Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the consent position"},
    )
    consent_by = forms.ChoiceField(
        label="If consent was given, who gave it?",
        help_text="Under 18, consent is given by a parent or guardian.",
        required=False,
        choices=Referral.ConsentBy.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select who gave consent"},
    )
    consent_reason = _text(
        "Why are you referring without consent?",
        "If seeking consent would place the child at risk, explain how. If consent was refused, say why you are "
        "referring without it.",
        rows=4,
        what="The reason",
    )
    capacity_in_doubt = forms.ChoiceField(
        label="Is their capacity to consent in doubt?",
        help_text="From 16, say whether their capacity to consent is in doubt, and if it is, what support was given "
        "to help them decide (Mental Capacity Act 2005).",
        required=False,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select yes or no"},
    )
    capacity_support = _text(
        "What support was given to help them decide?",
        "If their capacity is in doubt, describe the support given to help them make the decision.",
        rows=4,
        what="The support given",
    )

    def __init__(self, *args: Any, referral: Referral, ask_capacity: bool, **kwargs: Any) -> None:
        self.ask_capacity = ask_capacity
        super().__init__(*args, referral=referral, **kwargs)
        if not ask_capacity:
            del self.fields["capacity_in_doubt"]
            del self.fields["capacity_support"]

    def initial_from(self, referral: Referral) -> dict[str, Any]:
        doubt = {True: "yes", False: "no"}.get(referral.capacity_in_doubt, "")  # type: ignore[arg-type]
        return {
            "consent": referral.consent,
            "consent_by": referral.consent_by,
            "consent_reason": referral.consent_reason,
            "capacity_in_doubt": doubt,
            "capacity_support": referral.capacity_support,
        }

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        given = data["consent"] == Referral.Consent.GIVEN
        changes = {
            "consent": data["consent"],
            # Who gave consent means something only when it was given.
            "consent_by": data["consent_by"] if given else "",
            "consent_reason": data["consent_reason"].strip(),
        }
        if self.ask_capacity:
            changes["capacity_in_doubt"] = {"yes": True, "no": False}.get(data["capacity_in_doubt"])
            changes["capacity_support"] = data["capacity_support"].strip()
        return changes


SECTION_FORMS: dict[str, type[SectionForm]] = {
    "referrer": ReferrerForm,
    "person": PersonForm,
    "aliases": AliasesForm,
    "household": HouseholdForm,
    "social_media": SocialMediaForm,
    "reason": ReasonForm,
    "concern_type": ConcernTypeForm,
    "factors": FactorsForm,
    "consent": ConsentForm,
}


class SendForm(forms.Form):
    power_to_share = forms.ChoiceField(
        label="Under what power are you sharing this information?",
        choices=PowerToShare.choices,
        initial=PowerToShare.CTSA_2015,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the power to share", "invalid_choice": "Select the power to share"},
    )
    necessity = forms.CharField(
        label="Why is sharing this necessary and proportionate?",
        help_text="Say why the police Prevent team needs this information to keep the person and others safe, and "
        "why you are sharing no more than they need.",
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(5),
        error_messages={
            "required": "Explain why sharing is necessary and proportionate",
            "max_length": f"The explanation must be {TEXT_MAX_LENGTH:,} characters or fewer",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_necessity(self) -> str:
        value: str = self.cleaned_data["necessity"].strip()
        if not value:
            raise forms.ValidationError("Explain why sharing is necessary and proportionate")
        return value
