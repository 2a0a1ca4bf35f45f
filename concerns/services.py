"""Writes about concerns. Each runs in one transaction with one audit event; none puts personal data in the log."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from organisations.models import Membership, Organisation
from organisations.roles import SAFEGUARDING_LEADS
from people.models import Person

from . import attachments as attachment_files
from .models import Addendum, Attachment, Concern
from .rules import is_urgent, missing_for_submission
from .states import CONCERN_STATES

DRAFT_FIELDS = (
    "observed_on",
    "observed_time",
    "location",
    "account",
    "indicators",
    "other_indicators",
    "actions_taken",
    "immediate_risk",
)


class StaleConcern(Exception):
    """Someone changed the concern after this form was opened; nothing was saved."""


class ConcernIncomplete(Exception):
    def __init__(self, missing: dict[str, str]) -> None:
        super().__init__("The concern is not complete.")
        self.missing = missing


def _locked(concern: Concern, expected_version: int | None) -> Concern:
    fresh = Concern.objects.select_for_update().get(pk=concern.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise StaleConcern("This concern was changed since you opened it.")
    return fresh


def concern_start(*, acting_user: User, organisation: Organisation, subject: Person) -> Concern:
    """Open a draft concern about a person. Drafts are private to their author until submitted."""
    with transaction.atomic():
        concern = Concern.objects.create(organisation=organisation, raised_by=acting_user, subject=subject)
        audit_append(action="concern.draft_started", actor=acting_user, obj=concern, details={"person": subject.pk})
    return concern


def concern_save_draft(
    *, concern: Concern, acting_user: User, changes: dict[str, Any], expected_version: int | None
) -> Concern:
    """Save what the author has typed so far (the form's Save button, and the page's autosave)."""
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"Not draft fields: {sorted(unknown)}")
    with transaction.atomic():
        concern = _locked(concern, expected_version)
        CONCERN_STATES.require("edit", concern, acting_user=acting_user)
        changed = sorted(name for name, value in changes.items() if getattr(concern, name) != value)
        if not changed:
            return concern
        for name in changed:
            setattr(concern, name, changes[name])
        concern.version += 1
        concern.save()
        audit_append(action="concern.draft_saved", actor=acting_user, obj=concern, details={"fields": changed})
    return concern


def _safeguarding_leads(organisation_id: int) -> list[User]:
    memberships = Membership.objects.current().filter(organisation=organisation_id, role__in=SAFEGUARDING_LEADS)
    return [m.user for m in memberships.select_related("user")]


def concern_submit(*, concern: Concern, acting_user: User, expected_version: int | None) -> Concern:
    """Submit a draft: it becomes read-only, and the organisation's safeguarding leads are alerted (an in-app item
    and an e-mail with no personal details). Submitting twice (a double click) changes nothing the second time."""
    from notifications.services import notify

    with transaction.atomic():
        fresh = Concern.objects.select_for_update().get(pk=concern.pk)
        if not CONCERN_STATES.in_phase("draft", fresh) and fresh.raised_by_id == acting_user.pk:
            return fresh  # already submitted: the second click of a double click
        concern = _locked(concern, expected_version)
        CONCERN_STATES.require("submit", concern, acting_user=acting_user)
        missing = missing_for_submission(concern)
        if missing:
            raise ConcernIncomplete(missing)
        CONCERN_STATES.apply("submit", concern, acting_user=acting_user)
        concern.is_urgent = is_urgent(concern)
        concern.submitted_at = timezone.now()
        concern.version += 1
        concern.save()
        audit_append(
            action="concern.submitted",
            actor=acting_user,
            obj=concern,
            details={"urgent": concern.is_urgent, "indicators": len(concern.indicators)},
        )
        title = "New urgent concern" if concern.is_urgent else "New concern"
        url = reverse("triage:concern", args=[concern.pk])
        notify(
            actor=acting_user,
            recipients=_safeguarding_leads(concern.organisation_id),
            organisation=concern.organisation,
            kind="concern.submitted",
            title=title,
            url=url,
            is_urgent=concern.is_urgent,
            email_subject=f"{title.lower()} at your organisation",
            email_body=(
                f"A member of staff has recorded a {'URGENT ' if concern.is_urgent else ''}safeguarding concern "
                f"at {concern.organisation.name}.\n\nSign in to read it. No details are sent by e-mail."
            ),
        )
    return concern


def addendum_add(*, concern: Concern, acting_user: User, text: str) -> Addendum:
    """Add a later fact to a submitted concern (its author or a safeguarding lead)."""
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        CONCERN_STATES.require("add_addendum", concern)
        addendum = Addendum.objects.create(concern=concern, author=acting_user, text=text.strip())
        audit_append(action="concern.addendum_added", actor=acting_user, obj=addendum, details={"concern": concern.pk})
    return addendum


def attachment_add(*, concern: Concern, acting_user: User, name: str, data: bytes) -> Attachment:
    """Attach a file: checked by content and size, then stored encrypted. Raises AttachmentRejected with a reason."""
    kind = attachment_files.check_upload(name=name, data=data)
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        CONCERN_STATES.require("attach", concern, acting_user=acting_user)
        attachment = Attachment(
            concern=concern,
            uploaded_by=acting_user,
            original_name=name[:200],
            content_type=kind.content_type,
            size=len(data),
        )
        attachment_files.store(attachment, data)
        attachment.save()
        audit_append(
            action="concern.attachment_added",
            actor=acting_user,
            obj=attachment,
            details={"concern": concern.pk, "content_type": kind.content_type, "size": len(data)},
        )
    return attachment


def attachment_remove(*, attachment: Attachment, acting_user: User) -> None:
    """Files can be removed from a draft by its author; once submitted, they stay with the record."""
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=attachment.concern_id)
        CONCERN_STATES.require("remove_attachment", concern, acting_user=acting_user)
        audit_append(
            action="concern.attachment_removed", actor=acting_user, obj=attachment, details={"concern": concern.pk}
        )
        stored = attachment.stored_name
        attachment.delete()
        transaction.on_commit(lambda: attachment_files.default_storage.delete(stored))
