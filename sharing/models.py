"""The information-sharing register (policy 1.3, 2.8): every disclosure outside the organisation that holds a
record — what, to whom, when, by whom, the power to share, necessity and proportionality, and consent or the reason
for proceeding without it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from encryption.fields import EncryptedTextField


class PowerToShare(models.TextChoices):
    CTSA_2015 = "ctsa_2015", "Counter-Terrorism and Security Act 2015 (Prevent and Channel duties, s.26 and s.36-38)"
    CHILDREN_ACT = "children_act", "Children Act 1989 and 2004 (safeguarding children)"
    CARE_ACT = "care_act", "Care Act 2014 (safeguarding adults)"
    CRIME_AND_DISORDER = "crime_and_disorder", "Crime and Disorder Act 1998, s.115"
    DPA_SAFEGUARDING = "dpa_safeguarding", "Data Protection Act 2018, Schedule 8 (safeguarding of children and adults)"
    PUBLIC_TASK = "public_task", "UK GDPR Article 6(1)(e): a task in the public interest"
    CONSENT = "consent", "Consent of the person or their parent or guardian"


class SharingRecord(models.Model):
    class Channel(models.TextChoices):
        INTERNAL = "internal", "Within the service (secure route)"
        SECURE_EMAIL = "secure_email", "E-mail to a secure address"
        PROTECTED_PDF = "protected_pdf", "Password-protected PDF, password given by phone"

    class Status(models.TextChoices):
        AWAITING_CALL = "awaiting_call", "Waiting for the phone call that passes the password"
        SENT = "sent", "Sent"

    class Consent(models.TextChoices):
        GIVEN = "given", "Consent given"
        REFUSED = "refused", "Consent refused: sharing without it"
        NOT_SOUGHT = "not_sought", "Consent not sought"

    # What was shared: a kind and the record it came from (ids only: never names in these columns).
    what = models.CharField(max_length=200)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    from_organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_address = EncryptedTextField(blank=True, default="")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT)
    power_to_share = models.CharField(max_length=30, choices=PowerToShare.choices)
    necessity_and_proportionality = EncryptedTextField()
    consent = models.CharField(max_length=20, choices=Consent.choices)
    reason_without_consent = EncryptedTextField(blank=True, default="")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # For a protected PDF: the call that passed the password.
    password_given_to = EncryptedTextField(blank=True, default="")
    password_given_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"Sharing record {self.pk}"
