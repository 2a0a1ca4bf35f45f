"""The forms of "Send a copy" of a referral: by e-mail to a secure address, or as a password-protected PDF.

Both record the disclosure in the sharing register, so both ask for its power to share, why it is necessary and
proportionate, and the consent position (sharing.rules.sharing_problems, which the service checks again). Each
has its own prefix on the page ("email", "pdf"), so their ids never collide.
"""

from __future__ import annotations

from typing import Any

from django import forms

from sharing.models import PowerToShare, SharingRecord
from sharing.rules import sharing_problems

from .models import Referral

NOT_SECURE = (
    "You can only e-mail a copy to a secure address, such as one ending nhs.net, pnn.police.uk or cjsm.net. "
    "To send it another way, download a password-protected copy."
)


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class SharingForm(forms.Form):
    """What the sharing register needs of any copy."""

    power_to_share = forms.ChoiceField(
        label="Under what power are you sharing it?",
        choices=PowerToShare.choices,
        widget=forms.RadioSelect(attrs={"small": True}),
        error_messages={"required": "Select the power to share", "invalid_choice": "Select the power to share"},
    )
    necessity = forms.CharField(
        label="Why is sharing a copy necessary and proportionate?",
        required=False,  # the rule and its wording: sharing.rules.sharing_problems
        widget=_textarea(),
        help_text="Say why the police need this copy and why sending all of it is proportionate.",
    )
    consent = forms.ChoiceField(
        label="What is the consent position?",
        choices=SharingRecord.Consent.choices,
        widget=forms.RadioSelect(attrs={"small": True}),
        error_messages={"required": "Select the consent position", "invalid_choice": "Select the consent position"},
    )
    reason_without_consent = forms.CharField(
        label="Why are you sharing without consent? (if consent was not given)",
        required=False,
        widget=_textarea(3),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        problems = sharing_problems(
            power_to_share=cleaned.get("power_to_share", ""),
            necessity=cleaned.get("necessity", ""),
            consent=cleaned.get("consent", ""),
            reason_without_consent=cleaned.get("reason_without_consent", ""),
        )
        for field, message in problems.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned


class CopyEmailForm(SharingForm):
    field_order = ["address", "power_to_share", "necessity", "consent", "reason_without_consent"]

    address = forms.EmailField(
        label="Secure e-mail address",
        max_length=254,
        help_text="For example, an address ending nhs.net, pnn.police.uk or cjsm.net.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the secure e-mail address to send the copy to",
            "invalid": "Enter an e-mail address in the correct format, like name@example.nhs.net",
        },
    )


class CopyPdfForm(SharingForm):
    pass


def initial_for(referral: Referral) -> dict[str, str]:
    """The referral's own answers as the starting point: the power it was sent under and its consent position."""
    consents: dict[str, str] = {
        Referral.Consent.GIVEN: SharingRecord.Consent.GIVEN,
        Referral.Consent.REFUSED: SharingRecord.Consent.REFUSED,
    }
    consent = consents.get(referral.consent, SharingRecord.Consent.NOT_SOUGHT)
    initial = {"power_to_share": str(PowerToShare.CTSA_2015), "consent": str(consent)}
    if referral.consent_reason.strip():
        initial["reason_without_consent"] = referral.consent_reason.strip()
    return initial
