"""Vulnerability assessment pages (policy 2.2, 2.3, 2.8): a referral's assessments, one assessment to edit or read,
a correction, two assessments side by side, and each dimension's judgement over time.

Readers: the area roles that see the referral (police Prevent officer, Prevent coordinator, panel chair; the police
read only). Writers: the Prevent coordinator and the panel chair. The referring school and everyone else: an
audited 404. Every referral and assessment is fetched through assessments.selectors; every page that shows case
content records the read. The ratings are never added up or turned into a score (rules.NO_SCORE).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import record_list_read, record_read
from core.access import role_required
from core.http import AuthenticatedRequest
from core.state_machine import IllegalTransition
from organisations.models import Membership
from referrals.models import Referral
from referrals.states import REFERRAL_STATES

from . import selectors
from .forms import AssessmentForm, CompareForm, CorrectForm, StartForm, add_problems
from .models import Assessment, FrameworkVersion
from .record import assessment_sections, compare, judgement_series
from .rules import NO_SCORE
from .services import AssessmentInvalid, assessment_correct, assessment_save, assessment_start
from .states import ASSESSMENT_STATES

readers = role_required(*selectors.READERS)
writers = role_required(*selectors.WRITERS)

LOCKED = (
    "This assessment is completed and cannot be changed. To correct it, give the reason under "
    "'Correct this assessment': a new version is made and this one is kept."
)


def _writer(request: AuthenticatedRequest) -> Membership:
    """The acting membership of a `writers` page (role_required: there is one), for the services."""
    acting = request.acting
    assert acting is not None
    return acting


def _common(request: AuthenticatedRequest, referral: Referral) -> dict[str, Any]:
    return {"referral": referral, "can_write": selectors.may_write(acting=request.acting), "no_score": NO_SCORE}


def _list_page(request: AuthenticatedRequest, referral: Referral, start_form: StartForm | None = None) -> HttpResponse:
    versions = list(selectors.published_versions())
    assessments = list(selectors.assessments_of(referral))
    record_list_read(
        actor=request.user, what="vulnerability_assessments", objects=assessments,
        details={"referral": referral.pk}, object_type="assessments.assessment",
    )  # fmt: skip
    context = {
        **_common(request, referral),
        "assessments": assessments,
        "overview": selectors.last_assessment_overview(referral),
        "open_for_assessment": REFERRAL_STATES.may("assess_vulnerability", referral),
        "start_form": start_form or StartForm(versions=versions),
        "form": start_form,
    }
    return render(request, "assessments/list.html", context)


@require_GET
@readers
def assessment_list(request: AuthenticatedRequest, referral_pk: int) -> HttpResponse:
    return _list_page(request, selectors.referral_for_assessment(request.acting, referral_pk))


@require_POST
@writers
def start(request: AuthenticatedRequest, referral_pk: int) -> HttpResponse:
    referral = selectors.referral_for_assessment(request.acting, referral_pk)
    versions = list(selectors.published_versions())
    form = StartForm(request.POST, versions=versions)
    if not form.is_valid():
        return _list_page(request, referral, form)
    chosen = form.cleaned_data["version"]
    version = FrameworkVersion.objects.filter(pk=chosen).first() if chosen else (versions[0] if versions else None)
    try:
        assessment = assessment_start(referral=referral, acting=_writer(request), version=version)
    except AssessmentInvalid as invalid:
        add_problems(form, invalid.problems)
        return _list_page(request, referral, form)
    except IllegalTransition:
        messages.warning(request, "Assessments are made at the preliminary assessment and for Channel cases.")
        return redirect("assessments:list", referral_pk=referral.pk)
    messages.success(request, f"Assessment {assessment.reference} has been started as a draft.")
    return redirect("assessments:edit", pk=assessment.pk)


@require_http_methods(["GET", "POST"])
@writers
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_for(request.acting, pk)
    if not ASSESSMENT_STATES.may("save", assessment):
        messages.warning(request, LOCKED)
        return redirect("assessments:detail", pk=assessment.pk)
    form = AssessmentForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        completing = "complete" in request.POST
        changes = form.changes()
        if not form.errors:
            try:
                assessment = assessment_save(
                    assessment=assessment, acting=_writer(request), changes=changes, complete=completing
                )
            except IllegalTransition:
                messages.warning(request, LOCKED)
                return redirect("assessments:detail", pk=assessment.pk)
            except AssessmentInvalid as invalid:
                add_problems(form, invalid.problems)
                if invalid.saved:
                    form.add_error(None, "Your draft was saved, but it cannot be completed yet: see below.")
            else:
                if completing:
                    messages.success(request, f"Assessment {assessment.reference} is complete.")
                    return redirect("assessments:detail", pk=assessment.pk)
                messages.success(request, "Your draft has been saved.")
                return redirect("assessments:edit", pk=assessment.pk)
    record_read(actor=request.user, obj=assessment, what="vulnerability_assessment", details={"page": "edit"})
    context = {
        **_common(request, assessment.referral),
        "assessment": assessment,
        "assessment_form": form,
        "form": form if form.is_bound else None,
    }
    return render(request, "assessments/edit.html", context)


def _detail_page(
    request: AuthenticatedRequest, assessment: Assessment, correct_form: CorrectForm | None = None
) -> HttpResponse:
    record_read(actor=request.user, obj=assessment, what="vulnerability_assessment", details={"page": "detail"})
    context = {
        **_common(request, assessment.referral),
        "assessment": assessment,
        "sections": assessment_sections(assessment),
        "corrections": list(assessment.corrections.all()),
        "can_correct": selectors.may_write(acting=request.acting) and ASSESSMENT_STATES.may("correct", assessment),
        "correct_form": correct_form or CorrectForm(prefix="correct"),
        "form": correct_form,
    }
    return render(request, "assessments/detail.html", context)


@require_GET
@readers
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail_page(request, selectors.assessment_for(request.acting, pk))


@require_POST
@writers
def correct(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_for(request.acting, pk)
    form = CorrectForm(request.POST, prefix="correct")
    if not form.is_valid():
        return _detail_page(request, assessment, form)
    try:
        correction = assessment_correct(
            assessment=assessment, acting=_writer(request), reason=form.cleaned_data["reason"]
        )
    except AssessmentInvalid as invalid:
        add_problems(form, invalid.problems)
        return _detail_page(request, assessment, form)
    except IllegalTransition:
        messages.warning(request, "Only a completed assessment that has not been superseded can be corrected.")
        return redirect("assessments:detail", pk=assessment.pk)
    messages.success(request, f"Correction {correction.reference} has been started from {assessment.reference}.")
    return redirect("assessments:edit", pk=correction.pk)


@require_GET
@readers
def compare_view(request: AuthenticatedRequest, referral_pk: int) -> HttpResponse:
    referral = selectors.referral_for_assessment(request.acting, referral_pk)
    assessments = list(selectors.assessments_of(referral))
    by_pk = {a.pk: a for a in assessments}
    form = CompareForm(request.GET or None, assessments=assessments)
    sections = None
    earlier = later = None
    if form.is_bound and form.is_valid():
        earlier, later = by_pk[form.cleaned_data["a"]], by_pk[form.cleaned_data["b"]]
        sections = compare(earlier, later)
    record_read(
        actor=request.user, obj=referral, what="vulnerability_assessment_comparison",
        details={"assessments": [a.pk for a in (earlier, later) if a is not None]},
    )  # fmt: skip
    context = {
        **_common(request, referral),
        "compare_form": form,
        "form": form if form.is_bound else None,
        "sections": sections,
        "earlier": earlier,
        "later": later,
    }
    return render(request, "assessments/compare.html", context)


@require_GET
@readers
def chart(request: AuthenticatedRequest, referral_pk: int) -> HttpResponse:
    referral = selectors.referral_for_assessment(request.acting, referral_pk)
    current = selectors.current_assessments(referral)
    record_read(
        actor=request.user, obj=referral, what="vulnerability_assessment_chart",
        details={"assessments": [a.pk for a in current]},
    )  # fmt: skip
    context = {**_common(request, referral), "series": judgement_series(current), "assessments": current}
    return render(request, "assessments/chart.html", context)
