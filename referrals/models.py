"""The referral to Prevent (policy 2.5, Annex A: the Vulnerable to Radicalisation form), its screening by the police
Prevent team, and the local authority's preliminary assessment with information requests to partners (2.9).

The words of the referral are encrypted at rest. The status moves only through referrals.states.
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

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="screening")
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


class InformationRequest(models.Model):
    """A question from the local authority Prevent coordinator to a partner organisation, with a deadline (2.9)."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="information_requests")
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

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="preliminary_assessment")
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
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


class ChannelCase(models.Model):
    """A case accepted for Channel, waiting for the area's next panel (the panel stage builds on it)."""

    class Status(models.TextChoices):
        AWAITING_PANEL = "awaiting_panel", "Waiting for the next panel"

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="channel_case")
    area = models.ForeignKey("organisations.Area", on_delete=models.PROTECT, related_name="channel_cases")
    subject = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="channel_cases")
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.AWAITING_PANEL)
    opened_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Channel case {self.pk}"

    @property
    def reference(self) -> str:
        return f"CH-{self.pk:06d}"
