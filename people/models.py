"""The people concerns are about, their links to organisations, and their family and household.

Names, aliases, date of birth, address and identifiers are encrypted at rest; exact-match search uses blind
indexes (PersonNameIndex, Person.dob_index) kept up to date by people.services.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from encryption.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField


class Person(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        NON_BINARY = "non_binary", "Non-binary"
        ANOTHER = "another", "Another gender"
        NOT_KNOWN = "not_known", "Not known"

    given_name = EncryptedTextField()
    family_name = EncryptedTextField()
    preferred_name = EncryptedTextField(blank=True, default="")
    aliases = EncryptedJSONField(default=list, blank=True)
    date_of_birth = EncryptedDateField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_KNOWN)
    address = EncryptedTextField(blank=True, default="")
    pupil_number = EncryptedTextField(blank=True, default="")
    nhs_number = EncryptedTextField(blank=True, default="")
    dob_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["dob_index"])

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Person {self.pk}"  # never a name: __str__ ends up in logs and admin messages

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def display_name(self) -> str:
        if self.preferred_name and self.preferred_name != self.given_name:
            return f"{self.full_name} (known as {self.preferred_name})"
        return self.full_name


class PersonNameIndex(models.Model):
    """One blind-index digest of one of a person's names. Rebuilt whenever the names change."""

    class Kind(models.TextChoices):
        FULL = "full", "Full legal name"
        PREFERRED = "preferred", "Preferred name with family name"
        ALIAS = "alias", "Alias"
        GIVEN = "given", "Given name"
        FAMILY = "family", "Family name"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_indexes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    digest = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} index of person {self.person_id}"


class PersonLink(models.Model):
    """A person's link to an organisation: a pupil at a school, a patient of a trust."""

    class Relationship(models.TextChoices):
        PUPIL = "pupil", "Pupil"
        STUDENT = "student", "Student"
        PATIENT = "patient", "Patient"
        SERVICE_USER = "service_user", "Service user"
        EMPLOYEE = "employee", "Employee or volunteer"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="links")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="people")
    relationship = models.CharField(max_length=20, choices=Relationship.choices, default=Relationship.PUPIL)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], condition=Q(ended_at__isnull=True), name="one_current_link_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} of {self.organisation}"


class HouseholdMember(models.Model):
    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        PARENT = "parent", "Parent"
        STEP_PARENT = "step_parent", "Step-parent"
        GUARDIAN = "guardian", "Guardian"
        FOSTER_CARER = "foster_carer", "Foster carer"
        SIBLING = "sibling", "Brother or sister"
        GRANDPARENT = "grandparent", "Grandparent"
        OTHER_RELATIVE = "other_relative", "Other relative"
        OTHER = "other", "Other household member"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household")
    name = EncryptedTextField()
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    lives_with_person = models.BooleanField(default=True)
    contact_details = EncryptedTextField(blank=True, default="")
    notes = EncryptedTextField(blank=True, default="")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} of person {self.person_id}"
