"""The vulnerability assessment (policy 2.2, 2.3, 2.8): the framework as versioned data, and the assessments made
with it.

A framework version holds its dimensions, factors and rating scale. Once published it never changes (the models
refuse it): a new version is a copy, edited as a draft and published. Each assessment keeps the version it was made
with, so old assessments keep showing their own factors.

The ratings record professional judgement. Nothing here adds them up or turns them into a score (policy 2.3).
The words of an assessment are encrypted at rest. Its status moves only through assessments.states.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from encryption.fields import EncryptedTextField


class PublishedFrameworkChange(Exception):
    """A published framework version, and its dimensions, factors and rating levels, never change."""


class FrameworkVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    name = models.CharField(max_length=200)
    version_label = models.CharField("version", max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="copies")

    class Meta:
        ordering = ["name", "-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version_label"], name="framework_version_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, version {self.version_label} ({self.get_status_display().lower()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = FrameworkVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.PUBLISHED:
                raise PublishedFrameworkChange("A published framework version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_published:
            raise PublishedFrameworkChange("A published framework version cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class FrameworkPart(models.Model):
    """A dimension, factor or rating level: part of one version, fixed once that version is published."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_published()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_if_published()
        return super().delete(*args, **kwargs)

    def _refuse_if_published(self) -> None:
        if FrameworkVersion.objects.filter(pk=self.version_id, status=FrameworkVersion.Status.PUBLISHED).exists():
            raise PublishedFrameworkChange("A published framework version cannot be changed.")


class Dimension(FrameworkPart):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="dimensions")
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["version", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="dimension_unique_code")]

    def __str__(self) -> str:
        return self.title


class Factor(FrameworkPart):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="factors")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="factors")
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True, help_text="What to consider. No scoring language.")

    class Meta:
        ordering = ["version", "dimension__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="factor_unique_code")]

    def __str__(self) -> str:
        return self.title


class RatingLevel(FrameworkPart):
    """One step of the version's rating scale ("not known" is a rating)."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="levels")
    label = models.CharField(max_length=100)

    class Meta:
        ordering = ["version", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="rating_level_unique_code")]

    def __str__(self) -> str:
        return self.label


class Judgement(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class Assessment(models.Model):
    """One vulnerability assessment of the person a referral is about, made with one published framework version.

    Draft, then completed (locked). A correction is a new assessment copying a completed one, with a reason; when it
    is completed the one it corrects is marked superseded and kept.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETED = "completed", "Completed"
        SUPERSEDED = "superseded", "Superseded by a correction"

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="vulnerability_assessments"
    )
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    assessed_on = models.DateField(null=True, blank=True)
    assessors = EncryptedTextField(blank=True, default="")
    summary = EncryptedTextField(blank=True, default="")
    management_plan = EncryptedTextField(blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supersedes = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    correction_reason = EncryptedTextField(blank=True, default="")
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["referral", "assessed_on", "pk"]

    def __str__(self) -> str:
        return f"Vulnerability assessment {self.pk}"

    @property
    def reference(self) -> str:
        return f"VA-{self.pk:06d}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class FactorRating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    factor = models.ForeignKey(Factor, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RatingLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    evidence = EncryptedTextField(blank=True, default="")
    source = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["factor__dimension__order", "factor__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "factor"], name="factor_rating_unique")]

    def __str__(self) -> str:
        return f"Rating {self.pk}"


class DimensionJudgement(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="judgements")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    judgement = models.CharField(max_length=20, choices=Judgement.choices, blank=True)
    rationale = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["dimension__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "dimension"], name="dimension_judgement_unique")]

    def __str__(self) -> str:
        return f"Judgement {self.pk}"


class AdditionalFactor(models.Model):
    """A factor added for this case ("these factors can also be added to")."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="additional_factors")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    title = EncryptedTextField()
    level = models.ForeignKey(RatingLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    evidence = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["dimension__order", "pk"]

    def __str__(self) -> str:
        return f"Added factor {self.pk}"
