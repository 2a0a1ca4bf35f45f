"""Police screening (policy 2.5: the police Prevent team screens every referral): the area's queue, and one
referral's screening page with earlier referrals about the same person at the top, the referral read-only, and
the forms to start screening and record its outcome.

Every referral is fetched through referrals.selectors.referral_for(..., purpose="screening"): only the area's police
Prevent officers reach these pages, anyone else gets an audited 404. Every page that shows case content records the
read. The decision form posts to prevent_casework.views_handoffs.screening_decide, because "proceed" opens the
preliminary assessment (a hand-off); it shows this page again through `screening_page`.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from audit.services import record_list_read, record_read
from core.access import role_required
from core.http import AuthenticatedRequest
from core.state_machine import IllegalTransition
from organisations.roles import Role
from referrals.models import Referral
from referrals.selectors import referral_for
from referrals.states import REFERRAL_STATES
from referrals.summary import earlier_panel, submitted_on, summary_context

from .forms import ScreeningDecisionForm
from .models import Screening
from .rules import screening_overdue, working_days_between
from .selectors import screening_of, screening_queue
from .services import screening_start

MOVED_ON = "This referral has moved on since you opened the page. Nothing was changed: check it again below."

police_only = role_required(Role.POLICE_PREVENT_OFFICER)


# --- the queue ------------------------------------------------------------------------------------------------


@require_GET
@police_only
def queue(request: AuthenticatedRequest) -> HttpResponse:
    acting = request.acting
    assert acting is not None  # police_only: the acting membership is a police Prevent officer's
    today = timezone.localdate()
    waiting = list(screening_queue(acting=acting))
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
    record_list_read(
        actor=request.user,
        what="screening_queue",
        objects=waiting,
        details={"overdue": sum(1 for row in rows if row["overdue"])},
    )
    return render(request, "screening/queue.html", {"rows": rows, "due_days": settings.SCREENING_DUE_WORKING_DAYS})


# --- one referral -----------------------------------------------------------------------------------------------


def back_to_screening(referral: Referral) -> HttpResponse:
    return redirect("screening:screen", pk=referral.pk)


def moved_on(request: AuthenticatedRequest, referral: Referral) -> HttpResponse:
    messages.warning(request, MOVED_ON)
    return back_to_screening(referral)


def screening_page(
    request: AuthenticatedRequest, referral: Referral, *, form: forms.Form | None = None
) -> HttpResponse:
    """The screening page of one referral; `form` is the decision form to show again with its errors."""
    acting = request.acting
    assert acting is not None
    earlier = earlier_panel(acting=acting, referral=referral, link_to="screening:screen")
    screening = screening_of(referral=referral)
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
        "can_start": REFERRAL_STATES.may("start_screening", referral),
        "can_decide": REFERRAL_STATES.may("proceed", referral) and screening is not None,
        "overdue": screening_overdue(referral, today=timezone.localdate()),
        "due_days": settings.SCREENING_DUE_WORKING_DAYS,
        "decide_form": decide_form,
        "not_prevent": Screening.Outcome.NOT_PREVENT.value,
        # base.html and the error summary read `form`: the one with errors, if any.
        "form": form,
    }
    return render(request, "screening/screen.html", context)


@require_GET
@police_only
def screen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return screening_page(request, referral_for(request.acting, pk, purpose="screening"))


@require_POST
@police_only
def start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = referral_for(request.acting, pk, purpose="screening")
    acting = request.acting
    assert acting is not None  # police_only
    try:
        screening_start(referral=referral, acting=acting)
    except IllegalTransition:
        return moved_on(request, referral)
    messages.success(request, f"You have started screening {referral.reference}. Record the checks and outcome below.")
    return back_to_screening(referral)
