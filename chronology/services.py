"""Writes of the chronology: its protected PDF export (kept and handed over once by core.exports).

Each runs in one transaction with one audit event holding ids and counts only. The PDF's password leaves
`export_create` in its return value and nowhere else: not the database, the session, the audit log or a log line.

`export_create` takes the acting membership (`acting`): only a safeguarding lead or headteacher who sees the person
(people.selectors.people_visible_to) exports their chronology, in the name of the organisation they act for;
anyone else is refused (core.access.require_acting: audited, NotPermitted). Clearing the copies nobody downloaded
(chronology.periodic_jobs) is the system's, with nobody acting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from core.access import refuse, require_acting
from core.exports import protected_export_keep
from core.models import ProtectedExport
from core.pdf import PdfSection, protected_pdf
from organisations.models import Membership, Organisation
from organisations.roles import SAFEGUARDING_LEADS
from people.models import Person
from people.selectors import people_visible_to

from .providers import Entry

PDF_TITLE = "Chronology"


@dataclass(frozen=True)
class CreatedExport:
    export: ProtectedExport
    password: str  # show once; keep nowhere

    def __repr__(self) -> str:
        return f"CreatedExport(export={self.export.public_id}, password=<hidden>)"


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
    acting: Membership,
    entries: list[Entry],
    filter_description: str = "",
) -> CreatedExport:
    """Render the chronology as an AES-256 password-protected PDF and keep it, encrypted again with the key ring,
    for its one download by the acting person. Returns the export and the password to show once."""
    acting_user = require_acting(acting, service="export_create", roles=SAFEGUARDING_LEADS, obj=person)
    if not people_visible_to(acting=acting).filter(pk=person.pk).exists():
        raise refuse(acting, service="export_create", reason="the person is not held by the organisation", obj=person)
    organisation = acting.organisation
    pdf = protected_pdf(
        title=PDF_TITLE,
        subtitle=person.display_name,
        sections=chronology_sections(
            person=person, organisation=organisation, entries=entries, filter_description=filter_description
        ),
        filename=f"chronology-{person.pk}-{timezone.localdate():%Y%m%d}.pdf",
        generated_by=acting_user.full_name or acting_user.email,
    )
    export = protected_export_keep(
        kind=ProtectedExport.Kind.CHRONOLOGY,
        acting_user=acting_user,
        organisation_id=organisation.pk,
        person_id=person.pk,
        pdf=pdf,
        entries=len(entries),
        details={"entries": len(entries)},
    )
    return CreatedExport(export=export, password=pdf.password)
