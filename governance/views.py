"""The audit log as information governance sees it: every event, filterable, and the chain check on demand."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from audit.selectors import audit_events_filtered
from audit.services import audit_append, audit_verify_chain
from core.access import role_required
from organisations.roles import Role


class AuditFilterForm(forms.Form):
    action = forms.CharField(required=False, label="Action starts with", max_length=80)
    actor = forms.EmailField(
        required=False,
        label="Actor's e-mail address",
        error_messages={"invalid": "Enter an e-mail address in the correct format, like name@example.org"},
    )
    on = forms.DateField(
        required=False,
        label="On date",
        help_text="For example, 2026-11-26",
        error_messages={"invalid": "Enter a real date, like 2026-11-26"},
    )


@require_GET
@role_required(Role.INFORMATION_GOVERNANCE)
def events(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queryset = audit_events_filtered(
        action=filters.get("action", ""), actor_email=filters.get("actor", ""), on=filters.get("on")
    )
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    audit_append(
        action="audit.viewed",
        actor=request.user,
        object_type="audit.auditevent",
        details={"page": page.number, "filtered": bool(filters)},
    )
    return render(request, "governance/events.html", {"form": form, "page": page})


@require_POST
@role_required(Role.INFORMATION_GOVERNANCE)
def verify(request: HttpRequest) -> HttpResponse:
    checked, broken = audit_verify_chain()
    audit_append(
        action="audit.chain_verified",
        actor=request.user,
        object_type="audit.auditevent",
        details={
            "rows": checked,
            "intact": broken is None,
            **({"broken_at": broken.sequence} if broken else {}),
        },
    )
    if broken is None:
        messages.success(request, f"The audit log is intact: {checked} entries checked.")
    else:
        messages.error(request, f"The audit log is broken at entry {broken.sequence}: {broken.reason}.")
    return redirect("governance:events")
