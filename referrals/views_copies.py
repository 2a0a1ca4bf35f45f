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

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from audit.services import record_read
from core.access import deny, role_required
from core.exports import DOWNLOAD_MINUTES, ExportUnavailable, export_for_download, export_take, pdf_download_response
from core.forms import add_problems
from core.http import AuthenticatedRequest
from core.models import ProtectedExport
from organisations.roles import SAFEGUARDING_LEADS
from sharing.forms import PasswordCallForm
from sharing.models import SharingRecord
from sharing.selectors import disclosures_of
from sharing.services import SharingInvalid

from .copies import Disclosure, referral_copy_email, referral_copy_pdf
from .forms_copies import CopyEmailForm, CopyPdfForm, initial_for
from .models import Referral, SecureDomain
from .selectors import police_team_for, referral_for

leads_only = role_required(*SAFEGUARDING_LEADS)


def _disclosure(data: dict[str, str]) -> Disclosure:
    return Disclosure(
        power_to_share=data["power_to_share"],
        necessity=data["necessity"],
        consent=data["consent"],
        reason_without_consent=data["reason_without_consent"],
    )


def _page(
    request: AuthenticatedRequest,
    referral: Referral,
    *,
    email_form: CopyEmailForm | None = None,
    pdf_form: CopyPdfForm | None = None,
) -> HttpResponse:
    records = disclosures_of(obj=referral)
    copies = [record for record in records if record.channel != SharingRecord.Channel.INTERNAL]
    record_read(actor=request.user, obj=referral, what="referral_copies", details={"copies": len(copies)})
    initial = initial_for(referral)
    failed = email_form if email_form is not None else pdf_form
    context = {
        "referral": referral,
        "copies": copies,
        "police": police_team_for(area_id=referral.area_id),
        "secure_domains": list(SecureDomain.objects.filter(is_active=True).order_by("domain")),
        "email_form": email_form or CopyEmailForm(prefix="email", initial=initial),
        "pdf_form": pdf_form or CopyPdfForm(prefix="pdf", initial=initial),
        "download_minutes": DOWNLOAD_MINUTES,
        # base.html and the error summary read `form`: the one with errors, if any.
        "form": failed,
    }
    return render(request, "referrals/copies/copies.html", context)


@require_GET
@leads_only
def copies(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, referral_for(request.acting, pk, purpose="copy"))


@sensitive_variables("pdf", "attachment")
@require_POST
@leads_only
def copy_email(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = referral_for(request.acting, pk, purpose="copy")
    acting = request.acting
    assert acting is not None  # leads_only
    form = CopyEmailForm(request.POST, prefix="email")
    if not form.is_valid():
        return _page(request, referral, email_form=form)
    address = form.cleaned_data["address"]
    try:
        referral_copy_email(
            referral=referral, acting=acting, address=address, disclosure=_disclosure(form.cleaned_data)
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
    referral = referral_for(request.acting, pk, purpose="copy")
    acting = request.acting
    assert acting is not None  # leads_only
    form = CopyPdfForm(request.POST, prefix="pdf")
    if not form.is_valid():
        return _page(request, referral, pdf_form=form)
    try:
        copy = referral_copy_pdf(referral=referral, acting=acting, disclosure=_disclosure(form.cleaned_data))
    except SharingInvalid as invalid:
        add_problems(form, invalid.problems)
        return _page(request, referral, pdf_form=form)
    response = render(
        request,
        "referrals/copies/ready.html",
        {
            "referral": referral,
            "record": copy.record,
            "export": copy.export,
            "password": copy.password,
            "download_minutes": DOWNLOAD_MINUTES,
            "call_form": PasswordCallForm(prefix="call"),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@leads_only
def copy_download(request: AuthenticatedRequest, pk: int, public_id: uuid.UUID) -> HttpResponse:
    """The protected copy, once, for the person who made it while acting for the referring organisation."""
    referral = referral_for(request.acting, pk, purpose="copy")
    acting = request.acting
    assert acting is not None
    item = export_for_download(
        acting_user_id=request.user.pk,
        organisation_id=acting.organisation_id,
        public_id=public_id,
        kind=ProtectedExport.Kind.REFERRAL_COPY,
    )
    if item is None or item.person_id != referral.subject_id:
        raise deny(request, reason="export", object_type="core.protectedexport", object_id=str(public_id))
    try:
        content = export_take(export=item, acting_user=request.user)
    except ExportUnavailable:
        context = {"referral": referral, "download_minutes": DOWNLOAD_MINUTES}
        return render(request, "referrals/copies/gone.html", context, status=410)
    return pdf_download_response(item, content)
