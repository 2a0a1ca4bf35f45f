"""The sharing register (policy 1.3, 2.8) in pages: the list of disclosures, one record with its necessity,
proportionality and consent, and the phone call that passed a protected PDF's password.

Who sees which records is records_visible_to: information governance sees every record made by the organisations of
their area; an organisation's safeguarding leads see their organisation's. Everyone else gets an audited 404. The
register is read-only here: records are made by the services that disclose (sharing.services).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from audit.services import record_list_read, record_read
from core.access import role_required
from core.http import AuthenticatedRequest
from organisations.roles import SAFEGUARDING_LEADS, Role

from .forms import PasswordCallForm, RegisterFilterForm
from .models import SharingRecord
from .selectors import records_visible_to, sharing_record_for
from .services import SharingInvalid, sharing_record_password_call
from .states import SHARING_STATES

PAGE_SIZE = 50
REGISTER_ROLES = frozenset({Role.INFORMATION_GOVERNANCE, *SAFEGUARDING_LEADS})

# How each kind of record shared is referred to in the register: its reference, never a name.
REFERENCE_PREFIXES = {
    "referrals.referral": "R",
    "referrals.informationrequest": "IR",
    "referrals.channelcase": "CH",
    "concerns.concern": "C",
}

register_readers = role_required(*REGISTER_ROLES)
leads_only = role_required(*SAFEGUARDING_LEADS)


def reference_of(record: SharingRecord) -> str:
    """ "R-000012" for referral 12; the type and id for anything without a reference."""
    prefix = REFERENCE_PREFIXES.get(record.object_type)
    if prefix and record.object_id.isdigit():
        return f"{prefix}-{int(record.object_id):06d}"
    return f"{record.object_type} {record.object_id}"


def recipient_of(record: SharingRecord) -> str:
    if record.to_organisation is not None:
        return record.to_organisation.name
    return record.to_address or "Not recorded"


def _row(record: SharingRecord) -> dict[str, Any]:
    return {
        "record": record,
        "reference": reference_of(record),
        "recipient": recipient_of(record),
        # The Act without its sections, for the table: "Children Act 1989 and 2004".
        "power": record.get_power_to_share_display().split(" (")[0],
    }


@require_GET
@register_readers
def register(request: AuthenticatedRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    records = (
        records_visible_to(acting=request.acting)
        .filter(**filters)
        .select_related("from_organisation", "to_organisation", "shared_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    record_list_read(
        actor=request.user,
        what="sharing_register",
        objects=page,
        details={"page": page.number, "total": page.paginator.count, "filters": filters},
        object_type="sharing.sharingrecord",
    )
    return render(
        request,
        "sharing/register.html",
        {
            "form": form if form.is_bound else RegisterFilterForm(),
            "page": page,
            "rows": [_row(record) for record in page],
            "is_governance": request.acting is not None and request.acting.role == Role.INFORMATION_GOVERNANCE,
        },
    )


def _may_record_call(request: AuthenticatedRequest, record: SharingRecord) -> bool:
    acting = request.acting
    return (
        acting is not None
        and acting.role in SAFEGUARDING_LEADS
        and acting.organisation_id == record.from_organisation_id
        and SHARING_STATES.may("record_call", record)
    )


def _detail(
    request: AuthenticatedRequest, record: SharingRecord, call_form: PasswordCallForm | None = None
) -> HttpResponse:
    record_read(actor=request.user, obj=record, what="sharing_record")
    may_record_call = _may_record_call(request, record)
    context = {
        **_row(record),
        "may_record_call": may_record_call,
        "call_form": (call_form or PasswordCallForm(prefix="call")) if may_record_call else None,
        "form": call_form,  # base.html and the error summary read `form`
        "referral_copies": (
            record.object_type == "referrals.referral"
            and request.acting is not None
            and request.acting.role in SAFEGUARDING_LEADS
            and record.object_id.isdigit()
        ),
    }
    return render(request, "sharing/record.html", context)


@require_GET
@register_readers
def record_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail(request, sharing_record_for(request.acting, pk))


def _after_call(record: SharingRecord) -> HttpResponse:
    if record.object_type == "referrals.referral" and record.object_id.isdigit():
        return redirect("referrals:copies", pk=int(record.object_id))
    return redirect("sharing:record_detail", pk=record.pk)


@require_POST
@leads_only
def record_call(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record the call that passed a protected PDF's password: only now does the copy count as sent."""
    acting = request.acting
    record = sharing_record_for(acting, pk, purpose="record_call")
    assert acting is not None  # sharing_record_for refuses anyone who is not a lead of the disclosing organisation
    if not SHARING_STATES.may("record_call", record):
        messages.warning(request, "This copy is already recorded as sent. Nothing was changed.")
        return redirect("sharing:record_detail", pk=record.pk)
    form = PasswordCallForm(request.POST, prefix="call")
    if not form.is_valid():
        return _detail(request, record, form)
    try:
        record = sharing_record_password_call(
            record=record,
            acting=acting,
            given_to=form.cleaned_data["given_to"],
            given_at=form.cleaned_data["given_at"],
        )
    except SharingInvalid as invalid:
        for field, message in invalid.problems.items():
            form.add_error({"given_at": "given_time"}.get(field, field), message)
        return _detail(request, record, form)
    messages.success(request, f"The call has been recorded. The copy of {reference_of(record)} now counts as sent.")
    return _after_call(record)
