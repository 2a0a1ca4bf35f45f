"""Who takes part: Channel panel areas, the organisations in them, and people's memberships (with a role)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .roles import Role


class Area(models.Model):
    """A Channel panel area, such as Essex, Southend or Thurrock."""

    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(max_length=40, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", "School"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
        PROBATION = "probation", "Probation"
        YOUTH_OFFENDING = "youth_offending", "Youth offending"
        FURTHER_HIGHER_EDUCATION = "further_higher_education", "Further or higher education"
        SUPPORT_PROVIDER = "support_provider", "Support provider"
        VOLUNTARY_COMMUNITY = "voluntary_community", "Voluntary or community"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="organisations")
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> "MembershipQuerySet":
        return self.filter(ended_at__isnull=True, organisation__is_active=True, user__is_active=True)


class Membership(models.Model):
    """A person's role in one organisation. Ending a membership keeps the row (the audit log refers to it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=40, choices=Role.choices)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(ended_at__isnull=True),
                name="one_current_membership_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.organisation}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None
