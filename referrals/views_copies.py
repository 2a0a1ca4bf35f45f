"""Send a copy of a referral that has been sent (policy 2.5): "Once completed, this should be returned securely ...
Secure emails are GCSX, nhs.net, .pnn, cjsm, .gsi or a secure system such as Egress. If you do not have a secure
email you can set the security on the referral with a password and ring the Police Prevent Team to let them know
the referral has been sent and the password to open it."

Sending the referral already put it in front of the area's police Prevent team inside the service; a copy is extra.
Two routes, both recorded in the sharing register (policy 1.3) with the power to share, necessity and consent:

- by e-mail, only to an address on the secure list (referrals.rules.is_secure_address), checked before anything is
  sent or recorded; the PDF goes as an attachment, enqueued when the record commits;
- as a PDF protected with AES-256: its password is shown once (the page is the response to the POST, so the
  password is kept nowhere), the file downloads once, and the copy counts as sent only when the call that passed
  the password is recorded (sharing:record_call).

Only the referring organisation's safeguarding leads reach these pages, for a referral that is no longer a draft;
anyone else gets an audited 404. Every copy records a read of the referral.
"""

from __future__ import annotations

import uuid
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from audit.services import audit_append, record_read
from chronology.models import DOWNLOAD_WINDOW, ProtectedExport
from chronology.services import ExportUnavailable, export_take, protected_download_create
from core.access import deny, role_required
from core.forms import add_problems
from core.http import AuthenticatedRequest
from core.pdf import plain_pdf, protected_pdf
from core.tasks import email_attachment, send_email
from organisations.models import Organisation
from organisations.roles import SAFEGUARDING_LEADS
from sharing.forms import PasswordCallForm
from sharing.models import SharingRecord
from sharing.services import SharingInvalid, sharing_record_create

from .documents import referral_pdf_filename, referral_pdf_sections, referral_pdf_title
from .forms_copies import NOT_SECURE, CopyEmailForm, CopyPdfForm, initial_for
from .models import Referral, SecureDomain
from .rules import is_secure_address
from .selectors import referral_get_for

WHAT = "Copy of a Prevent referral (VTR form)"
PDF_SUBTITLE = "Vulnerable to Radicalisation (VTR) referral form"

leads_only = role_required(*SAFEGUARDING_LEADS)


def _minutes() -> int:
    return int(DOWNLOAD_WINDOW.total_seconds() // 60)


def _referral_for_copy(request: AuthenticatedRequest, pk: int) -> Referral:
    """The referral, if the acting membership is a safeguarding lead of the organisation that sent it and it has been
    sent; otherwise an audited 404."""
    acting = request.acting
    referral = referral_get_for(acting, pk)
    if (
        acting is None
        or referral is None
        or referral.organisation_id != acting.organisation_id
        or referral.status == Referral.Status.DRAFT
    ):
        raise deny(request, reason="referral_copy", object_type="referrals.referral", object_id=str(pk))
    return referral


def copies_of(referral: Referral) -> list[SharingRecord]:
    """Every disclosure of the referral in the register, newest first (the route inside the service included)."""
    return list(
        SharingRecord.objects.filter(object_type=referral._meta.label_lower, object_id=str(referral.pk)).select_related(
            "to_organisation", "shared_by"
        )
    )


def police_team(referral: Referral) -> Organisation | None:
    """The area's police Prevent team, the usual recipient of a copy."""
    return Organisation.objects.filter(area=referral.area_id, kind=Organisation.Kind.POLICE, is_active=True).first()


def _page(
    request: AuthenticatedRequest,
    referral: Referral,
    *,
    email_form: CopyEmailForm | None = None,
    pdf_form: CopyPdfForm | None = None,
) -> HttpResponse:
    records = copies_of(referral)
    copies = [record for record in records if record.channel != SharingRecord.Channel.INTERNAL]
    record_read(actor=request.user, obj=referral, what="referral_copies", details={"copies": len(copies)})
    initial = initial_for(referral)
    failed = email_form if email_form is not None else pdf_form
    context = {
        "referral": referral,
        "copies": copies,
        "police": police_team(referral),
        "secure_domains": list(SecureDomain.objects.filter(is_active=True).order_by("domain")),
        "email_form": email_form or CopyEmailForm(prefix="email", initial=initial),
        "pdf_form": pdf_form or CopyPdfForm(prefix="pdf", initial=initial),
        "download_minutes": _minutes(),
        # base.html and the error summary read `form`: the one with errors, if any.
        "form": failed,
    }
    return render(request, "referrals/copies/copies.html", context)


@require_GET
@leads_only
def copies(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, _referral_for_copy(request, pk))


def _email_text(request: AuthenticatedRequest, referral: Referral) -> tuple[str, str]:
    """Subject and body: the reference, never a name. The PDF carries the referral."""
    user = request.user
    subject = f"{settings.SERVICE_NAME}: Prevent referral {referral.reference}"
    body = (
        f"A copy of Prevent referral {referral.reference} is attached as a PDF.\n\n"
        f"It was sent to this secure address by {user.full_name or user.email} of {referral.organisation.name} "
        f"through {settings.SERVICE_NAME}.\n\n"
        "The referral is OFFICIAL-SENSITIVE. Keep it on secure systems and share it only as the "
        "information-sharing rules allow. If you were not expecting it, tell the sender and delete it.\n"
    )
    return subject, body


@sensitive_variables("pdf", "attachment")
@require_POST
@leads_only
def copy_email(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = _referral_for_copy(request, pk)
    form = CopyEmailForm(request.POST, prefix="email")
    # The address is checked before anything is made, sent or recorded.
    if form.is_valid() and not is_secure_address(form.cleaned_data["address"], list(SecureDomain.objects.all())):
        form.add_error("address", NOT_SECURE)
    if not form.is_valid():
        return _page(request, referral, email_form=form)
    data = form.cleaned_data
    address = data["address"]
    pdf = plain_pdf(
        title=referral_pdf_title(referral), subtitle=PDF_SUBTITLE, sections=referral_pdf_sections(referral),
        filename=referral_pdf_filename(referral), generated_by=request.user.full_name or request.user.email,
    )  # fmt: skip
    attachment = email_attachment(filename=pdf.filename, mimetype="application/pdf", content=pdf.content)
    subject, body = _email_text(request, referral)
    try:
        with transaction.atomic():
            record = sharing_record_create(
                acting_user=request.user, what=WHAT, obj=referral, from_organisation=referral.organisation,
                channel=SharingRecord.Channel.SECURE_EMAIL, to_address=address,
                power_to_share=data["power_to_share"], necessity=data["necessity"], consent=data["consent"],
                reason_without_consent=data["reason_without_consent"],
            )  # fmt: skip
            record_read(
                actor=request.user, obj=referral, what="referral_copy",
                details={"channel": record.channel, "sharing_record": record.pk},
            )  # fmt: skip
            # Only once the record is committed: a rollback sends nothing.
            transaction.on_commit(
                partial(send_email.enqueue, to=[address], subject=subject, body=body, attachments=[attachment])
            )
    except SharingInvalid as invalid:
        add_problems(form, invalid.problems)
        return _page(request, referral, email_form=form)
    messages.success(request, f"A copy of {referral.reference} is being e-mailed to {address}.")
    return redirect("referrals:copies", pk=referral.pk)


@sensitive_variables("pdf")
@require_POST
@leads_only
def copy_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Make the protected PDF and show its password once, with the download and the form that records the call."""
    referral = _referral_for_copy(request, pk)
    acting = request.acting
    assert acting is not None  # leads_only
    form = CopyPdfForm(request.POST, prefix="pdf")
    if not form.is_valid():
        return _page(request, referral, pdf_form=form)
    data = form.cleaned_data
    police = police_team(referral)
    pdf = protected_pdf(
        title=referral_pdf_title(referral), subtitle=PDF_SUBTITLE, sections=referral_pdf_sections(referral),
        filename=referral_pdf_filename(referral), generated_by=request.user.full_name or request.user.email,
    )  # fmt: skip
    try:
        with transaction.atomic():
            record = sharing_record_create(
                acting_user=request.user, what=WHAT, obj=referral, from_organisation=referral.organisation,
                channel=SharingRecord.Channel.PROTECTED_PDF, to_organisation=police,
                power_to_share=data["power_to_share"], necessity=data["necessity"], consent=data["consent"],
                reason_without_consent=data["reason_without_consent"],
            )  # fmt: skip
            export = protected_download_create(
                acting_user=request.user, organisation=acting.organisation, person=referral.subject, pdf=pdf,
                kind="referral_copy",
            )  # fmt: skip
            record_read(
                actor=request.user, obj=referral, what="referral_copy",
                details={"channel": record.channel, "sharing_record": record.pk, "export": str(export.public_id)},
            )  # fmt: skip
    except SharingInvalid as invalid:
        add_problems(form, invalid.problems)
        return _page(request, referral, pdf_form=form)
    response = render(
        request,
        "referrals/copies/ready.html",
        {
            "referral": referral,
            "record": record,
            "export": export,
            "password": pdf.password,
            "download_minutes": _minutes(),
            "call_form": PasswordCallForm(prefix="call"),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@leads_only
def copy_download(request: AuthenticatedRequest, pk: int, public_id: uuid.UUID) -> HttpResponse:
    """The protected copy, once, for the person who made it while acting for the referring organisation."""
    referral = _referral_for_copy(request, pk)
    acting = request.acting
    assert acting is not None
    item = ProtectedExport.objects.filter(
        public_id=public_id, created_by=request.user.pk, organisation=acting.organisation_id,
        person=referral.subject_id, filename=referral_pdf_filename(referral),
    ).first()  # fmt: skip
    if item is None:
        raise deny(request, reason="export", object_type="chronology.protectedexport", object_id=str(public_id))
    try:
        content = export_take(export=item, acting_user=request.user)
    except ExportUnavailable as refused:
        audit_append(
            action="chronology.export_refused", actor=request.user, obj=item,
            details={"reason": refused.reason, "export": str(item.public_id)},
        )  # fmt: skip
        context = {"referral": referral, "download_minutes": _minutes()}
        return render(request, "referrals/copies/gone.html", context, status=410)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{item.filename}"'
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
