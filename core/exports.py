"""Protected exports: a password-protected PDF kept, encrypted again with the key ring, for one download by the person
who made it within DOWNLOAD_WINDOW, then cleared. Used by the chronology's export and by copies of a referral.

Each function runs in one transaction with one audit event holding ids and counts only; the audit action names the
kind of export ("chronology.exported" / "chronology.export_downloaded", "referral.copy_pdf_kept" /
"referral.copy_downloaded"). The PDF's password stays with the caller, to show once.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from audit.services import audit_append
from encryption.keyring import keyring

from .models import DOWNLOAD_WINDOW, ProtectedExport
from .pdf import ProtectedPdf

# What the pages tell people: the download link works for this many minutes, once.
DOWNLOAD_MINUTES = int(DOWNLOAD_WINDOW.total_seconds() // 60)

# Audit actions per kind: (kept, downloaded, refused).
ACTIONS = {
    ProtectedExport.Kind.CHRONOLOGY: (
        "chronology.exported",
        "chronology.export_downloaded",
        "chronology.export_refused",
    ),
    ProtectedExport.Kind.REFERRAL_COPY: (
        "referral.copy_pdf_kept",
        "referral.copy_downloaded",
        "referral.copy_download_refused",
    ),
}


class ExportUnavailable(Exception):
    """The export was downloaded already, or its download window has passed."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Export unavailable: {reason}")
        self.reason = reason  # "used" or "expired"


@sensitive_variables("pdf")
def protected_export_keep(
    *,
    kind: str,
    acting_user: User,
    organisation_id: int,
    person_id: int,
    pdf: ProtectedPdf,
    entries: int = 0,
    details: dict[str, object] | None = None,
) -> ProtectedExport:
    """Keep a protected PDF for its one download by `acting_user` (see the module's docstring)."""
    kind = ProtectedExport.Kind(kind)
    public_id = uuid.uuid4()
    with transaction.atomic():
        export = ProtectedExport(
            public_id=public_id, kind=kind, created_by=acting_user, organisation_id=organisation_id,
            person_id=person_id, filename=pdf.filename, entries=entries,
        )  # fmt: skip
        export.blob = keyring().encrypt_blob(pdf.content, associated_data=export.associated_data())
        export.save(force_insert=True)
        audit_append(
            action=ACTIONS[kind][0], actor=acting_user, obj=export,
            details={"kind": kind.value, "person": person_id, "export": str(public_id), **(details or {})},
        )  # fmt: skip
    return export


@sensitive_variables("content")
def export_take(*, export: ProtectedExport, acting_user: User) -> bytes:
    """Hand over the PDF once, within DOWNLOAD_WINDOW of the export, and clear the stored copy. Raises
    ExportUnavailable("used" or "expired") otherwise, after auditing the refusal. Two clicks at once: the row lock
    lets one through."""
    now = timezone.now()
    with transaction.atomic():
        fresh = ProtectedExport.objects.select_for_update().get(pk=export.pk)
        problem = ""
        if fresh.downloaded_at is not None or fresh.blob is None:
            problem = "used" if fresh.downloaded_at is not None else "expired"
        elif now - fresh.created_at > DOWNLOAD_WINDOW:
            problem = "expired"
        if not problem and fresh.blob is not None:
            content = keyring().decrypt_blob(bytes(fresh.blob), associated_data=fresh.associated_data())
            fresh.downloaded_at = now
            fresh.blob = None
            fresh.save(update_fields=["downloaded_at", "blob"])
            audit_append(
                action=ACTIONS[ProtectedExport.Kind(fresh.kind)][1], actor=acting_user, obj=fresh,
                details={"person": fresh.person_id, "export": str(fresh.public_id)},
            )  # fmt: skip
            return content
    audit_append(
        action=ACTIONS[ProtectedExport.Kind(fresh.kind)][2], actor=acting_user, obj=fresh,
        details={"reason": problem, "export": str(fresh.public_id)},
    )  # fmt: skip
    raise ExportUnavailable(problem)


def exports_clear_expired(*, now: datetime.datetime | None = None) -> int:
    """Clear the stored copy of every export whose download window has passed. Returns how many were cleared."""
    now = now or timezone.now()
    with transaction.atomic():
        cleared = ProtectedExport.objects.filter(created_at__lt=now - DOWNLOAD_WINDOW, blob__isnull=False).update(
            blob=None
        )
        if cleared:
            audit_append(
                action="chronology.exports_cleared", object_type="core.protectedexport", details={"count": cleared}
            )
    return cleared


def export_for_download(
    *, acting_user_id: int | None, organisation_id: int | None, public_id: uuid.UUID, kind: str
) -> ProtectedExport | None:
    """An export of `kind` made by this user while acting for this organisation: nobody else may download it."""
    if acting_user_id is None or organisation_id is None:
        return None
    return ProtectedExport.objects.filter(
        public_id=public_id, kind=kind, created_by=acting_user_id, organisation=organisation_id
    ).first()


def pdf_download_response(export: ProtectedExport, content: bytes) -> HttpResponse:
    """The PDF handed over by export_take, as an attachment that no cache keeps."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
