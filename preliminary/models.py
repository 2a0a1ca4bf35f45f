"""The local authority's preliminary assessment of a referral that passed police screening, and its requests for
information to partner organisations (policy 2.5, 2.9). Their words are encrypted at rest."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from encryption.fields import EncryptedTextField


class InformationRequest(models.Model):
    """A question from the local authority Prevent coordinator to a partner organisation, with a deadline (2.9)."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, related_name="information_requests")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    question = EncryptedTextField()
    due_on = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    answer = EncryptedTextField(blank=True, default="")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "sent_at"]

    def __str__(self) -> str:
        return f"Information request {self.pk}"

    @property
    def reference(self) -> str:
        return f"IR-{self.pk:06d}"


class PreliminaryAssessment(models.Model):
    """The local authority's preliminary assessment and the partners' decision (policy 2.5)."""

    class Decision(models.TextChoices):
        CHANNEL = "channel", "Appropriate for Channel"
        OTHER_SUPPORT = "other_support", "Other support"
        EXIT = "exit", "Exit the process"

    class OtherSupport(models.TextChoices):
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
        EARLY_HELP = "early_help", "Early Help"
        HEALTH = "health", "Health"
        OTHER = "other", "Other"

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="preliminary_assessment"
    )
    # The coordinator who first acted on it; empty while it waits in the coordinators' queue.
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    initial_vulnerability_assessment = EncryptedTextField(blank=True, default="")
    significant_harm_suspected = models.BooleanField(default=False)
    social_care_referral = EncryptedTextField(
        blank=True, default="", help_text="Who made the referral to children's or adult social care, and when."
    )
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True, default="")
    other_support = models.CharField(max_length=30, choices=OtherSupport.choices, blank=True, default="")
    reason = EncryptedTextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Preliminary assessment of referral {self.referral_id}"
