"""A concern: what a member of staff saw or heard, in their own words (policy 1.4, 2.3) — the "pink form".

The account, place, indicators and actions are encrypted at rest. Once submitted, a concern is read-only; later
facts are added as addenda. Its status moves only through concerns.states.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from encryption.fields import EncryptedJSONField, EncryptedTextField


class Concern(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "New"
        IN_TRIAGE = "in_triage", "Being looked at"
        DECIDED = "decided", "Outcome decided"

    class ImmediateRisk(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="concerns")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_raised")
    subject = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="concerns")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)

    observed_on = models.DateField(null=True, blank=True)
    observed_time = models.TimeField(null=True, blank=True)
    location = EncryptedTextField(blank=True, default="")
    account = EncryptedTextField(blank=True, default="")
    indicators = EncryptedJSONField(default=list, blank=True)
    other_indicators = EncryptedTextField(blank=True, default="")
    actions_taken = EncryptedTextField(blank=True, default="")
    immediate_risk = models.CharField(max_length=3, choices=ImmediateRisk.choices, blank=True, default="")
    is_urgent = models.BooleanField(default=False, db_index=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Bumped by every write, so a form opened before someone else's change is refused rather than overwriting it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"Concern {self.pk}"

    @property
    def reference(self) -> str:
        return f"C-{self.pk:06d}"


class Addendum(models.Model):
    """A later fact added to a submitted concern. The concern itself is never edited after submission."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Addendum {self.pk} to concern {self.concern_id}"


class Attachment(models.Model):
    """A file attached to a concern; stored encrypted (the blob records its key id), type checked by content."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    original_name = EncryptedTextField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    stored_name = models.CharField(max_length=100, unique=True, default="")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"Attachment {self.pk} of concern {self.concern_id}"
