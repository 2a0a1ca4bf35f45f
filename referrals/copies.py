"""Writes of copies of a sent referral (policy 2.5): by secure e-mail, or as an AES-256 protected PDF whose password
is passed by phone. Each copy is one transaction that records the disclosure in the sharing register (policy 1.3),
keeps or queues the PDF and records the read of the referral; e-mail leaves only once that transaction commits."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from audit.services import record_read
from core.access import require_acting
from core.exports import protected_export_keep
from core.models import ProtectedExport
from core.pdf import plain_pdf, protected_pdf
from core.tasks import email_attachment, send_email
from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS
from sharing.models import SharingRecord
from sharing.services import SharingInvalid, sharing_record_create

from .documents import referral_pdf_filename, referral_pdf_sections, referral_pdf_title
from .forms_copies import NOT_SECURE
from .models import Referral, SecureDomain
from .rules import is_secure_address
from .selectors import police_team_for

WHAT = "Copy of a Prevent referral (VTR form)"
PDF_SUBTITLE = "Vulnerable to Radicalisation (VTR) referral form"


@dataclass(frozen=True)
class Disclosure:
    """The power to share, necessity and consent, as the sharing register records them."""

    power_to_share: str
    necessity: str
    consent: str
    reason_without_consent: str


@dataclass(frozen=True)
class ProtectedCopy:
    record: SharingRecord
    export: ProtectedExport
    password: str  # show once; keep nowhere

    def __repr__(self) -> str:
        return f"ProtectedCopy(record={self.record.pk}, export={self.export.public_id}, password=<hidden>)"


def _email_text(referral: Referral, acting_user: User) -> tuple[str, str]:
    """Subject and body: the reference, never a name. The PDF carries the referral."""
    subject = f"{settings.SERVICE_NAME}: Prevent referral {referral.reference}"
    body = (
        f"A copy of Prevent referral {referral.reference} is attached as a PDF.\n\n"
        f"It was sent to this secure address by {acting_user.full_name or acting_user.email} of "
        f"{referral.organisation.name} through {settings.SERVICE_NAME}.\n\n"
        "The referral is OFFICIAL-SENSITIVE. Keep it on secure systems and share it only as the "
        "information-sharing rules allow. If you were not expecting it, tell the sender and delete it.\n"
    )
    return subject, body


def _may_copy(acting: Membership, referral: Referral, service: str) -> User:
    """Copies are made by the referring organisation's safeguarding leads (as referrals.selectors says, "copy")."""
    return require_acting(
        acting, service=service, roles=SAFEGUARDING_LEADS, organisation_id=referral.organisation_id, obj=referral
    )


@sensitive_variables("pdf", "attachment")
def referral_copy_email(
    *, referral: Referral, acting: Membership, address: str, disclosure: Disclosure
) -> SharingRecord:
    """E-mail a copy to an address on the secure list (checked before anything is made, sent or recorded)."""
    actor = _may_copy(acting, referral, "referral_copy_email")
    if not is_secure_address(address, list(SecureDomain.objects.all())):
        raise SharingInvalid({"address": NOT_SECURE})
    pdf = plain_pdf(
        title=referral_pdf_title(referral), subtitle=PDF_SUBTITLE, sections=referral_pdf_sections(referral),
        filename=referral_pdf_filename(referral), generated_by=actor.full_name or actor.email,
    )  # fmt: skip
    attachment = email_attachment(filename=pdf.filename, mimetype="application/pdf", content=pdf.content)
    subject, body = _email_text(referral, actor)
    with transaction.atomic():
        record = sharing_record_create(
            acting=acting, what=WHAT, obj=referral, from_organisation=referral.organisation,
            channel=SharingRecord.Channel.SECURE_EMAIL, to_address=address,
            power_to_share=disclosure.power_to_share, necessity=disclosure.necessity, consent=disclosure.consent,
            reason_without_consent=disclosure.reason_without_consent,
        )  # fmt: skip
        record_read(
            actor=actor, obj=referral, what="referral_copy",
            details={"channel": record.channel, "sharing_record": record.pk},
        )  # fmt: skip
        # Only once the record is committed: a rollback sends nothing.
        transaction.on_commit(
            partial(send_email.enqueue, to=[address], subject=subject, body=body, attachments=[attachment])
        )
    return record


@sensitive_variables("pdf")
def referral_copy_pdf(*, referral: Referral, acting: Membership, disclosure: Disclosure) -> ProtectedCopy:
    """Make the protected PDF for the area's police Prevent team, record the disclosure (sent once the phone call
    that passed the password is recorded) and keep the file for its one download."""
    actor = _may_copy(acting, referral, "referral_copy_pdf")
    pdf = protected_pdf(
        title=referral_pdf_title(referral), subtitle=PDF_SUBTITLE, sections=referral_pdf_sections(referral),
        filename=referral_pdf_filename(referral), generated_by=actor.full_name or actor.email,
    )  # fmt: skip
    with transaction.atomic():
        record = sharing_record_create(
            acting=acting, what=WHAT, obj=referral, from_organisation=referral.organisation,
            channel=SharingRecord.Channel.PROTECTED_PDF, to_organisation=police_team_for(area_id=referral.area_id),
            power_to_share=disclosure.power_to_share, necessity=disclosure.necessity, consent=disclosure.consent,
            reason_without_consent=disclosure.reason_without_consent,
        )  # fmt: skip
        export = protected_export_keep(
            kind=ProtectedExport.Kind.REFERRAL_COPY, acting_user=actor, organisation_id=acting.organisation_id,
            person_id=referral.subject_id, pdf=pdf, details={"referral": referral.pk, "sharing_record": record.pk},
        )  # fmt: skip
        record_read(
            actor=actor, obj=referral, what="referral_copy",
            details={"channel": record.channel, "sharing_record": record.pk, "export": str(export.public_id)},
        )  # fmt: skip
    return ProtectedCopy(record=record, export=export, password=pdf.password)
