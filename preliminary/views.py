"""The local authority's preliminary assessment (policy 2.5, 2.9) and partners' information requests.

The area's Prevent coordinator works the assessment: asks partner organisations for information, records the
initial vulnerability assessment and the partners' decision. The area's Channel panel chair sees the same pages,
read-only. A partner organisation's answerers (its safeguarding leads and panel members) see only the requests sent
to them, and their answers: never the referral itself.

Every referral is fetched through referrals.selectors.referral_for(..., purpose="preliminary") and every request
through preliminary.selectors.information_request_for; anything else is an audited 404. Every page that shows case
content records the read. The decision form posts to prevent_casework.views_handoffs.preliminary_decide, because
"Channel" opens the Channel case (a hand-off); it shows this page again through `assessment_page`.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import record_list_read, record_read
from core.access import role_required
from core.forms import add_problems
from core.http import AuthenticatedRequest
from core.state_machine import IllegalTransition
from organisations.models import Membership, Organisation
from organisations.roles import Role
from referrals.models import Referral
from referrals.selectors import referral_for
from referrals.services import ReferralInvalid
from referrals.states import REFERRAL_STATES
from referrals.summary import earlier_panel, related_or_none, summary_context

from .forms import AssessmentDecisionForm, AssessmentRecordForm, InformationAnswerForm, InformationRequestForm
from .models import InformationRequest
from .selectors import (
    REQUEST_ANSWERERS,
    information_request_for,
    information_requests_for,
    preliminary_of,
    preliminary_queue,
)
from .services import information_request_answer, information_request_send, preliminary_record

MOVED_ON = "This referral has moved on since you opened the page. Nothing was changed: check it again below."

ASSESSMENT_ROLES = (Role.LA_PREVENT_COORDINATOR, Role.PANEL_CHAIR)
assessment_readers = role_required(*ASSESSMENT_ROLES)
coordinator_only = role_required(Role.LA_PREVENT_COORDINATOR)
answerers_only = role_required(*REQUEST_ANSWERERS)


def request_state(request: InformationRequest, today: datetime.date) -> str:
    """answered, overdue (past its due date with no answer) or waiting."""
    if request.answered_at is not None:
        return "answered"
    return "overdue" if request.due_on < today else "waiting"


# --- the queue ------------------------------------------------------------------------------------------------


@require_GET
@assessment_readers
def queue(request: AuthenticatedRequest) -> HttpResponse:
    acting = request.acting
    assert acting is not None
    today = timezone.localdate()
    unanswered = Q(information_requests__answered_at__isnull=True)
    waiting = list(
        preliminary_queue(acting=acting)
        .select_related("screening")
        .annotate(
            open_requests=Count("information_requests", filter=unanswered),
            overdue_requests=Count(
                "information_requests", filter=unanswered & Q(information_requests__due_on__lt=today)
            ),
        )
    )
    record_list_read(actor=request.user, what="preliminary_queue", objects=waiting)
    rows = [{"referral": referral, "screening": related_or_none(referral, "screening")} for referral in waiting]
    return render(
        request,
        "preliminary/queue.html",
        {"rows": rows, "can_act": acting.role == Role.LA_PREVENT_COORDINATOR},
    )


# --- one referral -----------------------------------------------------------------------------------------------


def request_organisations(acting: Membership, referral: Referral) -> list[Organisation]:
    """Who the coordinator may ask: the area's active organisations, other than their own, with someone there who
    answers information requests (a safeguarding lead or panel member)."""
    answerers = Membership.objects.current().filter(role__in=list(REQUEST_ANSWERERS)).values("organisation")
    return list(
        Organisation.objects.filter(area=referral.area_id, is_active=True, pk__in=answerers)
        .exclude(pk=acting.organisation_id)
        .order_by("name")
    )


def back_to_assessment(referral: Referral, anchor: str = "") -> HttpResponse:
    response = redirect("preliminary:assess", pk=referral.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def moved_on(request: AuthenticatedRequest, referral: Referral) -> HttpResponse:
    messages.warning(request, MOVED_ON)
    return back_to_assessment(referral)


def assessment_page(
    request: AuthenticatedRequest, referral: Referral, *, failed: tuple[str, forms.Form] | None = None
) -> HttpResponse:
    """The preliminary assessment page; `failed` is a form (by its name) to show again with its errors."""
    acting = request.acting
    assert acting is not None
    today = timezone.localdate()
    earlier = earlier_panel(acting=acting, referral=referral, link_to="preliminary:assess")
    assessment = preliminary_of(referral=referral)
    requests = list(referral.information_requests.select_related("organisation", "sent_by", "answered_by"))
    is_coordinator = acting.role == Role.LA_PREVENT_COORDINATOR
    open_for_work = is_coordinator and REFERRAL_STATES.may("record_assessment", referral)
    organisations = request_organisations(acting, referral) if open_for_work else []
    page_forms: dict[str, forms.Form] = {
        "request": InformationRequestForm(prefix="request", organisations=organisations),
        "record": AssessmentRecordForm(prefix="record", initial=AssessmentRecordForm.initial_from(assessment)),
        "decide": AssessmentDecisionForm(prefix="decide", initial={"version": referral.version}),
    }
    if failed is not None:
        page_forms[failed[0]] = failed[1]
    record_read(
        actor=request.user,
        obj=referral,
        what="referral",
        details={
            "page": "preliminary_assessment",
            "earlier_referrals": [row["referral"].pk for row in earlier],
            "information_requests": [r.pk for r in requests],
        },
    )
    context = {
        **summary_context(referral),
        "earlier": earlier,
        "screening": related_or_none(referral, "screening"),
        "assessment": assessment,
        "channel_case": related_or_none(referral, "channel_case"),
        "requests": [{"request": r, "state": request_state(r, today)} for r in requests],
        "organisations": organisations,
        "open_for_work": open_for_work,
        "is_coordinator": is_coordinator,
        **{f"{name}_form": form for name, form in page_forms.items()},
        # base.html and the error summary read `form`: the one with errors, if any.
        "form": failed[1] if failed is not None else None,
    }
    return render(request, "preliminary/assess.html", context)


@require_GET
@assessment_readers
def assess(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return assessment_page(request, referral_for(request.acting, pk, purpose="preliminary"))


@require_POST
@coordinator_only
def request_send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = referral_for(request.acting, pk, purpose="preliminary")
    acting = request.acting
    assert acting is not None
    if not REFERRAL_STATES.may("request_information", referral):
        return moved_on(request, referral)
    form = InformationRequestForm(request.POST, prefix="request", organisations=request_organisations(acting, referral))
    if not form.is_valid():
        return assessment_page(request, referral, failed=("request", form))
    data = form.cleaned_data
    organisation = form.organisations[data["organisation"]]
    try:
        sent = information_request_send(
            referral=referral,
            acting=acting,
            organisation=organisation,
            question=data["question"],
            due_on=data["due_on"],
        )
    except ReferralInvalid as invalid:
        add_problems(form, invalid.problems)
        return assessment_page(request, referral, failed=("request", form))
    except IllegalTransition:
        return moved_on(request, referral)
    messages.success(
        request,
        f"Request {sent.reference} has been sent to {organisation.name}. "
        f"They are asked to answer by {sent.due_on.day} {sent.due_on:%B %Y}.",
    )
    return back_to_assessment(referral, "information-requests")


@require_POST
@coordinator_only
def record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = referral_for(request.acting, pk, purpose="preliminary")
    acting = request.acting
    assert acting is not None  # coordinator_only
    if not REFERRAL_STATES.may("record_assessment", referral):
        return moved_on(request, referral)
    form = AssessmentRecordForm(request.POST, prefix="record")
    if not form.is_valid():
        return assessment_page(request, referral, failed=("record", form))
    data = form.cleaned_data
    try:
        preliminary_record(
            referral=referral,
            acting=acting,
            narrative=data["narrative"],
            significant_harm_suspected=data["significant_harm_suspected"],
            social_care_referral=data["social_care_referral"],
        )
    except IllegalTransition:
        return moved_on(request, referral)
    messages.success(request, "The initial vulnerability assessment has been saved.")
    return back_to_assessment(referral, "initial-assessment")


# --- partners' information requests ------------------------------------------------------------------------------


@require_GET
@answerers_only
def requests(request: AuthenticatedRequest) -> HttpResponse:
    acting = request.acting
    today = timezone.localdate()
    # Those waiting for an answer first, the earliest due first.
    found = sorted(information_requests_for(acting=acting), key=lambda r: (r.answered_at is not None, r.due_on, r.pk))
    rows = [{"request": r, "state": request_state(r, today)} for r in found]
    record_list_read(
        actor=request.user,
        what="information_requests",
        objects=found,
        details={"open": sum(1 for row in rows if row["state"] != "answered")},
    )
    return render(request, "preliminary/requests/list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@answerers_only
def request_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    info_request = information_request_for(request.acting, pk, purpose="answer")
    acting = request.acting
    assert acting is not None  # answerers_only
    form = InformationAnswerForm(prefix="answer")
    if request.method == "POST":
        if info_request.answered_at is not None:
            messages.warning(request, "This request has already been answered. Nothing was changed.")
            return redirect("preliminary:request_answer", pk=info_request.pk)
        form = InformationAnswerForm(request.POST, prefix="answer")
        if form.is_valid():
            try:
                information_request_answer(request=info_request, acting=acting, answer=form.cleaned_data["answer"])
            except ReferralInvalid as invalid:
                add_problems(form, invalid.problems)
            except IllegalTransition:
                messages.warning(request, "This request has already been answered. Nothing was changed.")
                return redirect("preliminary:request_answer", pk=info_request.pk)
            else:
                messages.success(request, f"Your answer to {info_request.reference} has been sent.")
                return redirect("preliminary:request_answer", pk=info_request.pk)
    record_read(actor=request.user, obj=info_request, what="information_request")
    context = {
        "info_request": info_request,
        "state": request_state(info_request, timezone.localdate()),
        "answer_form": form,
        "form": form if form.is_bound else None,
    }
    return render(request, "preliminary/requests/answer.html", context)
