"""Writes about concerns. Each runs in one transaction with one audit event; none puts personal data in the log.

Each takes the acting membership (`acting`) and first checks that it may act (core.access.require_acting): a
concern is started by anyone working in the organisation (staff, safeguarding leads, headteacher); a draft is
changed, has files removed and is submitted by its author only; later facts (addenda, files on a submitted concern)
come from its author or the organisation's safeguarding leads. A refusal is audited and raises NotPermitted.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from core.access import refuse, require_acting
from organisations.models import Membership, Organisation
from organisations.roles import SAFEGUARDING_LEADS, Role
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


# Who raises concerns: anyone working in the organisation, safeguarding leads included.
RAISERS = frozenset({Role.STAFF, *SAFEGUARDING_LEADS})


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


def _acts_for(acting: Membership | None, concern: Concern, *, service: str, author_only: bool) -> User:
    """The user acting on `concern`: a member of staff or safeguarding lead of its organisation; its author only
    (`author_only`), or, for a member of staff, always (staff see only the concerns they raised)."""
    acting_user = require_acting(acting, service=service, roles=RAISERS, organisation_id=concern.organisation_id)
    assert acting is not None
    if concern.raised_by_id != acting_user.pk and (author_only or acting.role not in SAFEGUARDING_LEADS):
        raise refuse(acting, service=service, reason="only the concern's author may do this", obj=concern)
    return acting_user


def concern_start(*, acting: Membership, organisation: Organisation, subject: Person) -> Concern:
    """Open a draft concern about a person, for anyone working in `organisation` (staff, safeguarding leads,
    headteacher). Drafts are private to their author until submitted."""
    acting_user = require_acting(acting, service="concern_start", roles=RAISERS, organisation_id=organisation.pk)
    with transaction.atomic():
        concern = Concern.objects.create(organisation=organisation, raised_by=acting_user, subject=subject)
        audit_append(
            action="concern.draft_started",
            actor=acting_user,
            obj=concern,
            details={"person": subject.pk},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return concern


def concern_save_draft(
    *, concern: Concern, acting: Membership, changes: dict[str, Any], expected_version: int | None
) -> Concern:
    """Save what the author has typed so far (the form's Save button, and the page's autosave). Its author only."""
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"Not draft fields: {sorted(unknown)}")
    acting_user = _acts_for(acting, concern, service="concern_save_draft", author_only=True)
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
        audit_append(
            action="concern.draft_saved",
            actor=acting_user,
            obj=concern,
            details={"fields": changed},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return concern


def _safeguarding_leads(organisation_id: int) -> list[User]:
    memberships = Membership.objects.current().filter(organisation=organisation_id, role__in=SAFEGUARDING_LEADS)
    return [m.user for m in memberships.select_related("user")]


def concern_submit(*, concern: Concern, acting: Membership, expected_version: int | None) -> Concern:
    """Submit a draft (its author only): it becomes read-only, and the organisation's safeguarding leads are alerted
    (an in-app item and an e-mail with no personal details). Submitting twice (a double click) changes nothing the
    second time."""
    from notifications.services import notify

    acting_user = _acts_for(acting, concern, service="concern_submit", author_only=True)
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
            organisation_id=acting.organisation_id,
            role=acting.role,
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


def addendum_add(*, concern: Concern, acting: Membership, text: str) -> Addendum:
    """Add a later fact to a submitted concern (its author or a safeguarding lead of its organisation)."""
    acting_user = _acts_for(acting, concern, service="addendum_add", author_only=False)
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        CONCERN_STATES.require("add_addendum", concern)
        addendum = Addendum.objects.create(concern=concern, author=acting_user, text=text.strip())
        audit_append(
            action="concern.addendum_added",
            actor=acting_user,
            obj=addendum,
            details={"concern": concern.pk},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return addendum


def attachment_add(*, concern: Concern, acting: Membership, name: str, data: bytes) -> Attachment:
    """Attach a file (its author, or a safeguarding lead of its organisation once it is submitted): checked by
    content and size, then stored encrypted. Raises AttachmentRejected with a reason."""
    acting_user = _acts_for(acting, concern, service="attachment_add", author_only=False)
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
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return attachment


def attachment_remove(*, attachment: Attachment, acting: Membership) -> None:
    """Files can be removed from a draft by its author; once submitted, they stay with the record."""
    acting_user = _acts_for(acting, attachment.concern, service="attachment_remove", author_only=True)
    with transaction.atomic():
        concern = Concern.objects.select_for_update().get(pk=attachment.concern_id)
        CONCERN_STATES.require("remove_attachment", concern, acting_user=acting_user)
        audit_append(
            action="concern.attachment_removed",
            actor=acting_user,
            obj=attachment,
            details={"concern": concern.pk},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
        stored = attachment.stored_name
        attachment.delete()
        transaction.on_commit(lambda: attachment_files.default_storage.delete(stored))
