"""What the designated safeguarding lead records about a concern (policy 1.4, 2.4, 2.5): clarification, the
consent position, and a decided outcome with its rationale (which can be reopened, with a reason)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from encryption.fields import EncryptedTextField


class Clarification(models.Model):
    """A note of clarifying the information: talking with the child, the family, colleagues (policy 2.4)."""

    class SpokeWith(models.TextChoices):
        CHILD = "child", "The child or young person"
        FAMILY = "family", "Parent, carer or family"
        COLLEAGUE = "colleague", "A colleague"
        PROFESSIONAL = "professional", "Another professional"
        OTHER = "other", "Someone else"

    concern = models.ForeignKey("concerns.Concern", on_delete=models.PROTECT, related_name="clarifications")
    spoke_with = models.CharField(max_length=20, choices=SpokeWith.choices)
    who = EncryptedTextField(blank=True, default="")
    spoke_on = models.DateField()
    summary = EncryptedTextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["spoke_on", "recorded_at"]

    def __str__(self) -> str:
        return f"Clarification {self.pk} of concern {self.concern_id}"


class ConsentRecord(models.Model):
    """The consent position (policy 2.4). The newest record is the current position."""

    class Position(models.TextChoices):
        GIVEN = "given", "Consent given"
        REFUSED = "refused", "Consent refused"
        NOT_YET_SOUGHT = "not_yet_sought", "Not sought yet"
        NOT_SOUGHT_RISK = "not_sought_risk", "Not sought: seeking it would place the child at risk of harm"
        NOT_SOUGHT_FAMILY_IMPLICATED = "family_implicated", "Not sought: the family may be implicated"

    concern = models.ForeignKey("concerns.Concern", on_delete=models.PROTECT, related_name="consent_records")
    position = models.CharField(max_length=20, choices=Position.choices)
    given_by = EncryptedTextField(blank=True, default="")
    note = EncryptedTextField(blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]

    def __str__(self) -> str:
        return f"Consent record {self.pk} of concern {self.concern_id}"


class Decision(models.Model):
    """The outcome of triage, with its written rationale. A reopened decision stays on the record."""

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = "no_further_action", "No further action"
        MONITOR = "monitor", "Monitor"
        SUPPORT_IN_SCHOOL = "support_in_school", "Support in school"
        EARLY_HELP = "early_help", "Early Help"
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Referral to children's social care"
        ADULT_SOCIAL_CARE = "adult_social_care", "Referral to adult social care"
        PREVENT_REFERRAL = "prevent_referral", "Prevent referral"
        POLICE_NOW = "police_now", "Police now"

    concern = models.ForeignKey("concerns.Concern", on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    rationale = EncryptedTextField()
    review_on = models.DateField(null=True, blank=True)
    review_reminded_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_reason = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["decided_at"]

    def __str__(self) -> str:
        return f"Decision {self.pk} of concern {self.concern_id}"

    @property
    def is_current(self) -> bool:
        return self.reopened_at is None
