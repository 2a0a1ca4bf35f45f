"""The referral to Prevent (policy 2.5, Annex A: the Vulnerable to Radicalisation form), the reference lists it
uses (types of concern, secure e-mail domains), and its status from draft to the end of its journey.

The later stages own their own records (screening.Screening, preliminary.PreliminaryAssessment and
preliminary.InformationRequest, cases.ChannelCase) and move a referral's status only through referrals.states.
The words of the referral are encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from encryption.fields import EncryptedJSONField, EncryptedTextField


class ConcernType(models.Model):
    """Type of concern (ideology category). Administrators may add to the list; seeded with the Home Office's."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class SecureDomain(models.Model):
    """An e-mail domain that counts as secure for sending a copy of a referral (policy 2.5). Matched on the whole
    domain or as a suffix ("pnn.police.uk" covers "essex.pnn.police.uk")."""

    domain = models.CharField(max_length=120, unique=True)
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True, help_text="Withdrawn domains stay listed, switched off, with a note.")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class Referral(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Sent to the police Prevent team"
        SCREENING = "screening", "Being screened by the police"
        CLOSED = "closed", "Closed: not for Prevent"
        ESCALATED = "escalated", "Escalated through police processes"
        PRELIMINARY_ASSESSMENT = "preliminary_assessment", "Preliminary assessment"
        CHANNEL = "channel", "Accepted for Channel"
        OTHER_SUPPORT = "other_support", "Referred to other support"
        EXITED = "exited", "Exited"

    class Consent(models.TextChoices):
        GIVEN = "given", "Consent given"
        REFUSED = "refused", "Consent refused"
        NOT_SOUGHT_RISK = "not_sought_risk", "Not sought: seeking it would place the child at risk"

    class ConsentBy(models.TextChoices):
        PERSON = "person", "The person themselves"
        PARENT = "parent", "A parent"
        GUARDIAN = "guardian", "A guardian"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="referrals")
    area = models.ForeignKey("organisations.Area", on_delete=models.PROTECT, related_name="referrals")
    referrer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made")
    subject = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    concerns = models.ManyToManyField("concerns.Concern", blank=True, related_name="referrals")
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True)

    # Sections of the form
    referrer_phone = EncryptedTextField(blank=True, default="")
    aliases_note = EncryptedTextField(blank=True, default="")
    household_note = EncryptedTextField(blank=True, default="")
    social_media = EncryptedJSONField(default=list, blank=True)
    reason = EncryptedTextField(blank=True, default="")
    concern_types = models.ManyToManyField(ConcernType, blank=True, related_name="referrals")
    personal_factors = EncryptedTextField(blank=True, default="")
    risk_factors = EncryptedTextField(blank=True, default="")
    protective_factors = EncryptedTextField(blank=True, default="")
    consent = models.CharField(max_length=20, choices=Consent.choices, blank=True, default="")
    consent_by = models.CharField(max_length=20, choices=ConsentBy.choices, blank=True, default="")
    consent_reason = EncryptedTextField(blank=True, default="")
    capacity_in_doubt = models.BooleanField(null=True, blank=True)
    capacity_support = EncryptedTextField(blank=True, default="")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["area", "status"])]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    @property
    def reference(self) -> str:
        return f"R-{self.pk:06d}"
