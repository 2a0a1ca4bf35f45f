"""The police Prevent team's screening of a referral (policy 2.5). Its words are encrypted at rest."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from encryption.fields import EncryptedTextField


class Screening(models.Model):
    """The police Prevent team's screening of a referral (policy 2.5)."""

    class Outcome(models.TextChoices):
        NOT_PREVENT = "not_prevent", "Not for Prevent: signpost and close"
        PROCEED = "proceed", "Proceed to preliminary assessment"
        ESCALATED = "escalated", "Escalate through police processes"

    class Signpost(models.TextChoices):
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
        EARLY_HELP = "early_help", "Early Help"
        OTHER = "other", "Other support"

    referral = models.OneToOneField("referrals.Referral", on_delete=models.PROTECT, related_name="screening")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    checks_made = EncryptedTextField(blank=True, default="")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default="")
    signpost_to = models.CharField(max_length=30, choices=Signpost.choices, blank=True, default="")
    reason = EncryptedTextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Screening of referral {self.referral_id}"
