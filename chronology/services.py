"""Writes of the chronology: a protected PDF export, its one download, and clearing exports nobody downloaded.

Each runs in one transaction with one audit event holding ids and counts only. The PDF's password leaves
`export_create` in its return value and nowhere else: not the database, the session, the audit log or a log line.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from audit.services import audit_append
from core.pdf import PdfSection, ProtectedPdf, protected_pdf
from encryption.keyring import keyring
from organisations.models import Organisation
from people.models import Person

from .models import DOWNLOAD_WINDOW, ProtectedExport
from .providers import Entry

PDF_TITLE = "Chronology"


@dataclass(frozen=True)
class CreatedExport:
    export: ProtectedExport
    password: str  # show once; keep nowhere

    def __repr__(self) -> str:
        return f"CreatedExport(export={self.export.public_id}, password=<hidden>)"


class ExportUnavailable(Exception):
    """The export was downloaded already, or its download window has passed."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Export unavailable: {reason}")
        self.reason = reason  # "used" or "expired"


def _when(value: datetime.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y at %H:%M}"


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def chronology_sections(
    *, person: Person, organisation: Organisation, entries: list[Entry], filter_description: str
) -> list[PdfSection]:
    """The PDF's content: who it is about, then one section per entry, oldest first, each headed by its date
    and what happened, with who recorded it and where it came from, then its full text."""
    sections = [
        PdfSection(
            "Person",
            rows=[
                ("Name", person.display_name),
                ("Date of birth", _day(person.date_of_birth) if person.date_of_birth else "Not known"),
                ("Organisation", organisation.name),
                ("Entries shown", filter_description or "Every entry"),
                ("Number of entries", str(len(entries))),
            ],
        )
    ]
    if not entries:
        sections.append(PdfSection("Entries", paragraphs=["No entries match."]))
    for entry in entries:
        sections.append(
            PdfSection(
                f"{_when(entry.at)} — {entry.title}",
                rows=[("Recorded by", entry.by), ("Record", entry.source[:1].upper() + entry.source[1:])],
                paragraphs=[part for part in entry.detail.split("\n\n") if part.strip()],
            )
        )
    return sections


@sensitive_variables("pdf")
def export_create(
    *,
    person: Person,
    organisation: Organisation,
    acting_user: User,
    entries: list[Entry],
    filter_description: str = "",
) -> CreatedExport:
    """Render the chronology as an AES-256 password-protected PDF and keep it, encrypted again with the key ring,
    for its one download. Returns the export and the password to show once."""
    pdf = protected_pdf(
        title=PDF_TITLE,
        subtitle=person.display_name,
        sections=chronology_sections(
            person=person, organisation=organisation, entries=entries, filter_description=filter_description
        ),
        filename=f"chronology-{person.pk}-{timezone.localdate():%Y%m%d}.pdf",
        generated_by=acting_user.full_name or acting_user.email,
    )
    public_id = uuid.uuid4()
    with transaction.atomic():
        export = ProtectedExport(
            public_id=public_id,
            created_by=acting_user,
            organisation=organisation,
            person=person,
            filename=pdf.filename,
            entries=len(entries),
        )
        export.blob = keyring().encrypt_blob(pdf.content, associated_data=export.associated_data())
        export.save(force_insert=True)
        audit_append(
            action="chronology.exported",
            actor=acting_user,
            obj=export,
            details={"person": person.pk, "entries": len(entries), "export": str(public_id)},
        )
    return CreatedExport(export=export, password=pdf.password)


@sensitive_variables("content")
def export_take(*, export: ProtectedExport, acting_user: User) -> bytes:
    """Hand over the PDF once, within DOWNLOAD_WINDOW of the export, and clear the stored copy. Raises
    ExportUnavailable("used" or "expired") otherwise. Two clicks at once: the row lock lets one through."""
    now = timezone.now()
    with transaction.atomic():
        fresh = ProtectedExport.objects.select_for_update().get(pk=export.pk)
        if fresh.downloaded_at is not None or fresh.blob is None:
            raise ExportUnavailable("used" if fresh.downloaded_at is not None else "expired")
        if now - fresh.created_at > DOWNLOAD_WINDOW:
            raise ExportUnavailable("expired")
        content = keyring().decrypt_blob(bytes(fresh.blob), associated_data=fresh.associated_data())
        fresh.downloaded_at = now
        fresh.blob = None
        fresh.save(update_fields=["downloaded_at", "blob"])
        audit_append(
            action="chronology.export_downloaded",
            actor=acting_user,
            obj=fresh,
            details={"person": fresh.person_id, "export": str(fresh.public_id)},
        )
    return content


def exports_clear_expired(*, now: datetime.datetime | None = None) -> int:
    """Clear the stored copy of every export whose download window has passed. Returns how many were cleared."""
    now = now or timezone.now()
    with transaction.atomic():
        cleared = ProtectedExport.objects.filter(created_at__lt=now - DOWNLOAD_WINDOW, blob__isnull=False).update(
            blob=None
        )
        if cleared:
            audit_append(
                action="chronology.exports_cleared",
                object_type="chronology.protectedexport",
                details={"count": cleared},
            )
    return cleared


@sensitive_variables("pdf")
def protected_download_create(
    *, acting_user: User, organisation: Organisation, person: Person, pdf: ProtectedPdf, kind: str
) -> ProtectedExport:
    """Keep a protected PDF made elsewhere (a copy of a referral, say) for its one download by `acting_user`,
    exactly as a chronology export is kept: encrypted again with the key ring, cleared once downloaded or when its
    window passes (export_take, exports_clear_expired). The password stays with the caller, to show once.

    `kind` says what the PDF is ("referral_copy") in the audit event, which holds ids only."""
    if not kind.replace("_", "").isalnum():
        raise ValueError(f"Not a kind of download: {kind!r}")
    public_id = uuid.uuid4()
    with transaction.atomic():
        export = ProtectedExport(
            public_id=public_id, created_by=acting_user, organisation=organisation, person=person,
            filename=pdf.filename, entries=0,
        )  # fmt: skip
        export.blob = keyring().encrypt_blob(pdf.content, associated_data=export.associated_data())
        export.save(force_insert=True)
        audit_append(
            action="chronology.protected_download_created", actor=acting_user, obj=export,
            details={"kind": kind, "person": person.pk, "export": str(public_id)},
        )  # fmt: skip
    return export
