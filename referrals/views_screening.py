"""Police screening (policy 2.5: the police Prevent team screens every referral): the area's queue, and one
referral's screening page with earlier referrals about the same person at the top, the referral read-only, and
the forms to start screening and record its outcome.

Every referral is fetched through referrals.selectors.referral_get_for, and only the area's police Prevent officers
reach these pages; anyone else gets an audited 404. Every page that shows case content records the read.

The helpers for the earlier-referrals panel and the referral summary are shared with the preliminary assessment
(referrals/views_assessment.py).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from audit.services import audit_append, record_read
from core.access import deny, role_required
from core.forms import add_problems
from core.http import AuthenticatedRequest
from core.state_machine import IllegalTransition
from organisations.models import Membership
from organisations.roles import Role

from .forms_screening import ScreeningDecisionForm
from .models import Referral, Screening
from .rules import SECTIONS, age_on, screening_overdue, working_days_between
from .selectors import earlier_referrals, referral_get_for, referrals_visible_to, screening_queue
from .services import ReferralInvalid, StaleReferral, screening_decide, screening_start

MOVED_ON = "This referral has moved on since you opened the page. Nothing was changed: check it again below."

police_only = role_required(Role.POLICE_PREVENT_OFFICER)
CAPACITY_AGE = 16  # from 16, the referral says whether capacity to consent is in doubt (referrals.rules)


# --- shared with the preliminary assessment ---------------------------------------------------------------------


def related_or_none(obj: Any, name: str) -> Any:
    """A reverse one-to-one (a referral's screening, assessment or Channel case), or None when there is none."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def submitted_on(referral: Referral) -> datetime.date | None:
    return timezone.localtime(referral.submitted_at).date() if referral.submitted_at else None


def earlier_panel(acting: Membership, referral: Referral, *, link_to: str) -> list[dict[str, Any]]:
    """Other referrals in the area about someone with the same name and date of birth, newest first, each with its
    screening outcome and a link when the acting membership may open it (`link_to`: the URL name)."""
    earlier = list(earlier_referrals(acting, referral))
    openable = set(referrals_visible_to(acting).filter(pk__in=[r.pk for r in earlier]).values_list("pk", flat=True))
    rows = []
    for other in earlier:
        screening = related_or_none(other, "screening")
        assessment = related_or_none(other, "preliminary_assessment")
        rows.append(
            {
                "referral": other,
                "link_to": link_to if other.pk in openable else "",
                "outcome": screening.get_outcome_display() if screening is not None and screening.outcome else "",
                "decision": (
                    assessment.get_decision_display() if assessment is not None and assessment.decision else ""
                ),
            }
        )
    return rows


def summary_context(referral: Referral) -> dict[str, Any]:
    """What the referral's sections show, read-only: the referral form's own summary (templates/referrals/_answers.html,
    whose comment lists what it needs). Linked concerns are listed by reference and date only: their words stay with
    the referring organisation."""
    subject = referral.subject
    age = age_on(subject.date_of_birth, timezone.localdate())
    return {
        "referral": referral,
        "sections": SECTIONS,
        "change": False,
        "subject": subject,
        "age": age,
        "household": list(subject.household.all()),
        "social_media": referral.social_media if isinstance(referral.social_media, list) else [],
        "linked_concerns": list(referral.concerns.order_by("submitted_at", "pk").only("pk", "submitted_at")),
        "concern_types": list(referral.concern_types.all()),
        "ask_capacity": age is not None and age >= CAPACITY_AGE,
    }


# --- the queue ------------------------------------------------------------------------------------------------


@require_GET
@police_only
def queue(request: AuthenticatedRequest) -> HttpResponse:
    acting = request.acting
    assert acting is not None  # police_only: the acting membership is a police Prevent officer's
    today = timezone.localdate()
    waiting = list(screening_queue(acting))
    rows = [
        {
            "referral": referral,
            "sent_on": submitted_on(referral),
            "working_days": (
                working_days_between(referral.submitted_at.date(), today) if referral.submitted_at else None
            ),
            "overdue": screening_overdue(referral, today=today),
        }
        for referral in waiting
    ]
    audit_append(
        action="read.screening_queue",
        actor=request.user,
        object_type="referrals.referral",
        details={"count": len(rows), "overdue": sum(1 for row in rows if row["overdue"])},
    )
    return render(
        request,
        "referrals/screening/queue.html",
        {"rows": rows, "due_days": settings.SCREENING_DUE_WORKING_DAYS},
    )


# --- one referral -----------------------------------------------------------------------------------------------


def _referral_for_screening(request: AuthenticatedRequest, pk: int) -> Referral:
    """The referral, if the acting police officer's area has it; otherwise an audited 404."""
    referral = referral_get_for(request.acting, pk)
    if referral is None:
        raise deny(request, reason="screening", object_type="referrals.referral", object_id=str(pk))
    return referral


def _back(referral: Referral) -> HttpResponse:
    return redirect("referrals:screen", pk=referral.pk)


def _moved_on(request: AuthenticatedRequest, referral: Referral) -> HttpResponse:
    messages.warning(request, MOVED_ON)
    return _back(referral)


def _page(request: AuthenticatedRequest, referral: Referral, *, form: forms.Form | None = None) -> HttpResponse:
    acting = request.acting
    assert acting is not None
    earlier = earlier_panel(acting, referral, link_to="referrals:screen")
    screening = related_or_none(referral, "screening")
    record_read(
        actor=request.user,
        obj=referral,
        what="referral",
        details={"page": "screening", "earlier_referrals": [row["referral"].pk for row in earlier]},
    )
    decide_form = form or ScreeningDecisionForm(prefix="screen", initial={"version": referral.version})
    context = {
        **summary_context(referral),
        "earlier": earlier,
        "screening": screening,
        "can_start": referral.status == Referral.Status.SUBMITTED,
        "can_decide": referral.status == Referral.Status.SCREENING and screening is not None,
        "overdue": screening_overdue(referral, today=timezone.localdate()),
        "due_days": settings.SCREENING_DUE_WORKING_DAYS,
        "decide_form": decide_form,
        "not_prevent": Screening.Outcome.NOT_PREVENT.value,
        # base.html and the error summary read `form`: the one with errors, if any.
        "form": form,
    }
    return render(request, "referrals/screening/screen.html", context)


@require_GET
@police_only
def screen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _page(request, _referral_for_screening(request, pk))


@require_POST
@police_only
def start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = _referral_for_screening(request, pk)
    try:
        screening_start(referral=referral, acting_user=request.user)
    except IllegalTransition:
        return _moved_on(request, referral)
    messages.success(request, f"You have started screening {referral.reference}. Record the checks and outcome below.")
    return _back(referral)


@require_POST
@police_only
def decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = _referral_for_screening(request, pk)
    if referral.status != Referral.Status.SCREENING:
        return _moved_on(request, referral)
    form = ScreeningDecisionForm(request.POST, prefix="screen")
    if not form.is_valid():
        return _page(request, referral, form=form)
    data = form.cleaned_data
    if data["version"] is not None and data["version"] != referral.version:
        return _moved_on(request, referral)
    try:
        referral = screening_decide(
            referral=referral,
            acting_user=request.user,
            outcome=data["outcome"],
            checks_made=data["checks_made"],
            signpost_to=data["signpost_to"],
            reason=data["reason"],
            expected_version=data["version"],
        )
    except ReferralInvalid as invalid:
        add_problems(form, invalid.problems)
        return _page(request, referral, form=form)
    except (IllegalTransition, StaleReferral):
        return _moved_on(request, referral)
    outcome = Screening.Outcome(data["outcome"]).label
    messages.success(request, f"The outcome of screening has been recorded: {outcome[0].lower()}{outcome[1:]}.")
    return _back(referral)
