"""The safeguarding lead's triage: the queue of concerns, and one concern's page with its clarification, consent,
decision and "same person" forms. Each form posts to its own view, which redirects back on success and shows the
page again, with the error summary, when something needs correcting.

Every concern is fetched through concerns.selectors.concern_get_for and triage.rules.may_triage; anything else is an
audited 404. Every page that shows case content records the read. The decision form posts to
prevent_casework.views_handoffs.triage_decide, because "Prevent referral" opens the referral form (a hand-off); it
shows this page again through `triage_page`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_GET, require_POST

from audit.services import record_list_read, record_read
from concerns.indicators import GROUPS
from concerns.models import Concern
from concerns.selectors import concern_get_for, concerns_visible_to, earlier_concerns, triage_queue
from concerns.services import StaleConcern
from concerns.states import CONCERN_STATES
from core.access import deny, role_required
from core.forms import add_problems
from core.http import AuthenticatedRequest
from core.state_machine import IllegalTransition
from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS
from people.models import Person
from people.selectors import likely_duplicates, people_visible_to

from .forms import ClarificationForm, ConsentForm, DecisionForm, LinkPersonForm, ReopenForm
from .models import Decision
from .rules import may_triage
from .services import (
    DecisionInvalid,
    LinkInvalid,
    TriageInvalid,
    clarification_record,
    concern_link_to_person,
    concern_mark_read,
    consent_record,
    decision_reopen,
)

MOVED_ON = "This concern has moved on since you opened the page. Nothing was changed: check it again below."
RECENTLY_DECIDED_DAYS = 30

leads_only = role_required(*SAFEGUARDING_LEADS)


def _current_decisions() -> Prefetch[Any]:
    return Prefetch("decisions", queryset=Decision.objects.filter(reopened_at__isnull=True), to_attr="current")


def _current(concern: Concern) -> Decision | None:
    """The current decision of a concern fetched with _current_decisions()."""
    current = getattr(concern, "current", [])
    return current[0] if current else None


def concern_for_triage(request: AuthenticatedRequest, pk: int) -> Concern:
    """The concern, if the acting membership may triage it; otherwise an audited 404."""
    acting = request.acting
    concern = concern_get_for(acting, pk)
    if concern is None or not CONCERN_STATES.may("triage", concern) or not may_triage(acting, concern.organisation_id):
        raise deny(request, reason="triage", object_type="concerns.concern", object_id=str(pk))
    return concern


def acting_lead(request: AuthenticatedRequest) -> Membership:
    """The acting membership of a view behind leads_only (a safeguarding lead's or headteacher's)."""
    acting = request.acting
    assert acting is not None  # leads_only
    return acting


def back_to_concern(concern: Concern) -> HttpResponse:
    return redirect("triage:concern", pk=concern.pk)


def moved_on(request: AuthenticatedRequest, concern: Concern) -> HttpResponse:
    messages.warning(request, MOVED_ON)
    return back_to_concern(concern)


# --- the queue ----------------------------------------------------------------------------------------------


@require_GET
@leads_only
def queue(request: AuthenticatedRequest) -> HttpResponse:
    acting = request.acting
    assert acting is not None  # leads_only: the acting membership is a safeguarding lead's
    waiting = list(triage_queue(acting=acting))
    since = timezone.now() - timedelta(days=RECENTLY_DECIDED_DAYS)
    decided = list(
        concerns_visible_to(acting=acting)
        .filter(status=Concern.Status.DECIDED, decisions__reopened_at__isnull=True, decisions__decided_at__gte=since)
        .select_related("subject")
        .prefetch_related(_current_decisions())
        .distinct()
        .order_by("-submitted_at")
    )
    record_list_read(
        actor=request.user,
        what="triage_queue",
        objects=[*waiting, *decided],
        details={"waiting": len(waiting), "recently_decided": len(decided)},
        object_type="concerns.concern",
    )
    rows = [
        {"concern": concern, "age": timesince(concern.submitted_at, depth=1) if concern.submitted_at else ""}
        for concern in waiting
    ]
    recent = [{"concern": concern, "decision": _current(concern)} for concern in decided]
    return render(
        request,
        "triage/queue.html",
        {"rows": rows, "recent": recent, "recent_days": RECENTLY_DECIDED_DAYS},
    )


# --- one concern --------------------------------------------------------------------------------------------


def _indicator_groups(codes: list[str]) -> list[dict[str, Any]]:
    """The indicators the member of staff ticked, under their dimension: a checklist, never a count or score."""
    chosen = set(codes)
    groups = []
    for group in GROUPS:
        texts = [indicator.text for indicator in group.indicators if indicator.code in chosen]
        if texts:
            groups.append({"title": group.title, "indicators": texts})
    return groups


def _duplicate_candidates(acting: Membership, concern: Concern) -> list[Person]:
    """Other records of the organisation that may be the same person, of those the lead may see."""
    subject = concern.subject
    possible = likely_duplicates(
        organisation_id=concern.organisation_id,
        given_name=subject.given_name,
        family_name=subject.family_name,
        date_of_birth=subject.date_of_birth,
    )
    ids = [person.pk for person in possible if person.pk != subject.pk]
    visible = set(people_visible_to(acting=acting).filter(pk__in=ids).values_list("pk", flat=True))
    return [person for person in possible if person.pk in visible]


def _initial_forms(concern: Concern, candidates: list[Person]) -> dict[str, forms.Form]:
    """Every form of the page, each with its name as its prefix, so that no two controls share an id."""
    version = {"version": concern.version}
    return {
        "clarify": ClarificationForm(prefix="clarify"),
        "consent": ConsentForm(prefix="consent"),
        "decide": DecisionForm(prefix="decide", initial=version),
        "reopen": ReopenForm(prefix="reopen", initial=version),
        "link": LinkPersonForm(prefix="link", initial=version, candidates=candidates),
    }


def triage_page(
    request: AuthenticatedRequest,
    concern: Concern,
    *,
    failed: tuple[str, forms.Form] | None = None,
    candidates: list[Person] | None = None,
) -> HttpResponse:
    """The triage page of one concern; `failed` is a form (by its name) to show again with its errors."""
    acting = request.acting
    assert acting is not None
    if candidates is None:
        candidates = _duplicate_candidates(acting, concern)
    earlier = list(earlier_concerns(acting=acting, concern=concern).prefetch_related(_current_decisions()))
    decisions = list(concern.decisions.select_related("decided_by", "reopened_by"))
    consent_records = list(concern.consent_records.select_related("recorded_by"))
    page_forms = _initial_forms(concern, candidates)
    if failed is not None:
        page_forms[failed[0]] = failed[1]
    record_read(
        actor=request.user,
        obj=concern,
        what="concern",
        details={
            "earlier_concerns": [other.pk for other in earlier],
            "possible_duplicates": [person.pk for person in candidates],
        },
    )
    context = {
        "concern": concern,
        "earlier": [{"concern": other, "decision": _current(other)} for other in earlier],
        "indicator_groups": _indicator_groups(list(concern.indicators)),
        "attachments": list(concern.attachments.all()),
        "addenda": list(concern.addenda.select_related("author")),
        "clarifications": list(concern.clarifications.select_related("recorded_by")),
        "consent_records": consent_records,
        "current_consent": consent_records[-1] if consent_records else None,
        "current_decision": next((d for d in decisions if d.is_current), None),
        "reopened_decisions": [d for d in decisions if not d.is_current],
        "candidates": candidates,
        "can_mark_read": CONCERN_STATES.may("mark_read", concern),
        "can_decide": CONCERN_STATES.may("decide", concern),
        "can_reopen": CONCERN_STATES.may("reopen", concern),
        "prevent_referral": Decision.Outcome.PREVENT_REFERRAL.value,
        **{f"{name}_form": form for name, form in page_forms.items()},
        # base.html and the error summary read `form`: the one with errors, if any.
        "form": failed[1] if failed is not None else None,
    }
    return render(request, "triage/concern.html", context)


@require_GET
@leads_only
def concern_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return triage_page(request, concern_for_triage(request, pk))


@require_POST
@leads_only
def mark_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = concern_for_triage(request, pk)
    try:
        concern = concern_mark_read(concern=concern, acting=acting_lead(request))
    except (IllegalTransition, StaleConcern):
        return moved_on(request, concern)
    messages.success(request, f"You have marked {concern.reference} as read. You can now record a decision about it.")
    return back_to_concern(concern)


@require_POST
@leads_only
def clarify(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = concern_for_triage(request, pk)
    form = ClarificationForm(request.POST, prefix="clarify")
    if not form.is_valid():
        return triage_page(request, concern, failed=("clarify", form))
    data = form.cleaned_data
    try:
        clarification_record(
            concern=concern,
            acting=acting_lead(request),
            spoke_with=data["spoke_with"],
            who=data["who"],
            spoke_on=data["spoke_on"],
            summary=data["summary"],
        )
    except TriageInvalid as invalid:
        add_problems(form, invalid.problems)
        return triage_page(request, concern, failed=("clarify", form))
    messages.success(request, "Your note of clarification has been recorded.")
    return back_to_concern(concern)


@require_POST
@leads_only
def consent(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = concern_for_triage(request, pk)
    form = ConsentForm(request.POST, prefix="consent")
    if not form.is_valid():
        return triage_page(request, concern, failed=("consent", form))
    data = form.cleaned_data
    try:
        record = consent_record(
            concern=concern,
            acting=acting_lead(request),
            position=data["position"],
            given_by=data["given_by"],
            note=data["note"],
        )
    except TriageInvalid as invalid:
        add_problems(form, invalid.problems)
        return triage_page(request, concern, failed=("consent", form))
    messages.success(request, f"The consent position has been recorded: {record.get_position_display().lower()}.")
    return back_to_concern(concern)


@require_POST
@leads_only
def reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = concern_for_triage(request, pk)
    if not CONCERN_STATES.may("reopen", concern):
        return moved_on(request, concern)
    form = ReopenForm(request.POST, prefix="reopen")
    if not form.is_valid():
        return triage_page(request, concern, failed=("reopen", form))
    try:
        decision_reopen(
            concern=concern,
            acting=acting_lead(request),
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except DecisionInvalid as invalid:
        add_problems(form, invalid.problems)
        return triage_page(request, concern, failed=("reopen", form))
    except (IllegalTransition, StaleConcern):
        return moved_on(request, concern)
    messages.success(request, "The decision has been reopened. It stays on the record. Record a new decision below.")
    return back_to_concern(concern)


@require_POST
@leads_only
def link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = concern_for_triage(request, pk)
    acting = request.acting
    assert acting is not None
    candidates = _duplicate_candidates(acting, concern)
    if not candidates:
        messages.warning(
            request, "No other records at your organisation look like the same person. Nothing was changed."
        )
        return back_to_concern(concern)
    form = LinkPersonForm(request.POST, prefix="link", candidates=candidates)
    if not form.is_valid():
        return triage_page(request, concern, failed=("link", form), candidates=candidates)
    person = form.candidates[form.cleaned_data["person"]]
    try:
        concern = concern_link_to_person(
            concern=concern,
            acting=acting_lead(request),
            person=person,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except LinkInvalid as invalid:
        add_problems(form, invalid.problems)
        return triage_page(request, concern, failed=("link", form), candidates=candidates)
    except (IllegalTransition, StaleConcern):
        return moved_on(request, concern)
    messages.success(request, f"{concern.reference} is now recorded against the record you chose.")
    return back_to_concern(concern)
