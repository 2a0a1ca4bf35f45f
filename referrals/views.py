"""The referral form for the referring organisation's safeguarding leads: their referrals, the task list (save and
return), one page per section, check and send, the confirmation, and the referral as sent with its outcome.

Thin views: reads through referrals.selectors, writes through referrals.services. Only the safeguarding leads of
the organisation that made the referral reach these pages; everyone else gets an audited 404 (the police and the
local authority work on referrals in their own pages).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import record_list_read, record_read
from concerns.models import Concern
from concerns.selectors import concerns_visible_to
from concerns.states import CONCERN_STATES
from core.access import Refused
from core.forms import add_problems
from core.http import AuthenticatedRequest
from core.state_machine import IllegalTransition
from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS
from sharing.models import PowerToShare
from sharing.services import SharingInvalid

from .forms import SECTION_FORMS, ConsentForm, ReasonForm, SectionForm, SendForm
from .models import Referral
from .rules import OPTIONAL_SECTIONS, SECTIONS, age_on, section_problems
from .selectors import referral_for, referrals_visible_to
from .services import ReferralInvalid, StaleReferral, referral_save_section, referral_submit
from .states import REFERRAL_STATES
from .summary import related_or_none

CHANGED_MEANWHILE = "This referral was changed since you opened the page. Nothing was saved: check it and try again."
ALREADY_SENT = "This referral has been sent, so it cannot be changed."
CAPACITY_AGE = 16

COMPLETED = "Completed"
INCOMPLETE = "Incomplete"
OPTIONAL = "Optional"


# --- access ----------------------------------------------------------------------------------------------------


def _lead(request: AuthenticatedRequest) -> Membership:
    membership = getattr(request, "acting", None)
    if membership is None or membership.role not in SAFEGUARDING_LEADS:
        raise Refused(reason="role", object_type="referrals.referral")
    return membership


# --- what the pages show ---------------------------------------------------------------------------------------


def _has_content(referral: Referral, section: str) -> bool:
    if section == "aliases":
        return bool(referral.aliases_note.strip())
    if section == "household":
        return bool(referral.household_note.strip())
    if section == "social_media":
        return bool(referral.social_media)
    return False


def _statuses(referral: Referral, problems: dict[str, dict[str, str]]) -> dict[str, str]:
    """A required section is complete when it has no problems; an optional one shows as optional until it holds
    something."""
    statuses = {}
    for section in SECTIONS:
        if section in OPTIONAL_SECTIONS:
            statuses[section] = COMPLETED if _has_content(referral, section) else OPTIONAL
        else:
            statuses[section] = INCOMPLETE if section in problems else COMPLETED
    return statuses


def _problem_links(referral: Referral, problems: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """Each problem with a link to the field on its section's page, in the order of the sections."""
    links = []
    for section in SECTIONS:
        for field, message in problems.get(section, {}).items():
            href = reverse("referrals:section", args=[referral.pk, section])
            if section != "person":
                href += f"#id_{field}"
            links.append({"message": message, "href": href})
    for key, fields in problems.items():
        if key not in SECTIONS:  # not about a section of the form (for example, no police team to receive it)
            links.extend({"message": message, "href": "#main-content"} for message in fields.values())
    return links


def _age(referral: Referral) -> int | None:
    return age_on(referral.subject.date_of_birth, timezone.localdate())


def _answers(referral: Referral) -> dict[str, Any]:
    """Everything the summary of the referral shows (templates/referrals/_answers.html)."""
    subject = referral.subject
    return {
        "subject": subject,
        "age": _age(referral),
        "household": list(subject.household.all()),
        "social_media": referral.social_media if isinstance(referral.social_media, list) else [],
        "linked_concerns": list(referral.concerns.order_by("submitted_at")),
        "concern_types": list(referral.concern_types.all()),
        "ask_capacity": _asks_capacity(referral),
    }


def _asks_capacity(referral: Referral) -> bool:
    age = _age(referral)
    return age is not None and age >= CAPACITY_AGE


def _concern_choices(acting: Membership | None, referral: Referral) -> list[Concern]:
    """The organisation's submitted concerns about the same person, as the acting lead sees them."""
    return list(
        concerns_visible_to(acting=acting)
        .filter(organisation=referral.organisation_id, subject=referral.subject_id)
        .filter(status__in=CONCERN_STATES.phase("submitted"))
        .order_by("submitted_at", "pk")
    )


# --- the organisation's referrals ------------------------------------------------------------------------------


@require_GET
@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    membership = _lead(request)
    referrals = list(
        referrals_visible_to(acting=membership)
        .filter(organisation=membership.organisation_id)
        .select_related("subject", "referrer")
        .order_by("-created_at")
    )
    record_list_read(actor=request.user, what="referral_list", objects=referrals)
    return render(request, "referrals/mine.html", {"referrals": referrals})


# --- the form --------------------------------------------------------------------------------------------------


@require_GET
@login_required
def task_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = referral_for(request.acting, pk, purpose="form")
    if not REFERRAL_STATES.may("edit", referral):
        return redirect("referrals:detail", pk=referral.pk)
    problems = section_problems(referral, today=timezone.localdate())
    statuses = _statuses(referral, problems)
    tasks = [
        {
            "key": key,
            "label": label,
            "status": statuses[key],
            "incomplete": statuses[key] == INCOMPLETE,
            "optional": key in OPTIONAL_SECTIONS,
        }
        for key, label in SECTIONS.items()
    ]
    required = [task for task in tasks if not task["optional"]]
    record_read(actor=request.user, obj=referral, what="referral_draft")
    context = {
        "referral": referral,
        "tasks": tasks,
        "required_count": len(required),
        "completed_count": sum(1 for task in required if task["status"] == COMPLETED),
        "ready": not problems,
    }
    return render(request, "referrals/task_list.html", context)


def _section_form(
    referral: Referral, section: str, data: Any = None, *, concerns: list[Concern] | None = None
) -> SectionForm:
    if section == "reason":
        return ReasonForm(data, referral=referral, concerns=concerns or [])
    if section == "consent":
        return ConsentForm(data, referral=referral, ask_capacity=_asks_capacity(referral))
    return SECTION_FORMS[section](data, referral=referral)


@require_http_methods(["GET", "POST"])
@login_required
def section(request: AuthenticatedRequest, pk: int, section: str) -> HttpResponse:
    referral = referral_for(request.acting, pk, purpose="form")
    if section not in SECTIONS:
        raise Refused(reason="no such section", object_type="referrals.referral", object_id=str(pk))
    if not REFERRAL_STATES.may("edit", referral):
        if request.method == "POST":
            messages.warning(request, ALREADY_SENT)
        return redirect("referrals:detail", pk=referral.pk)
    concerns = _concern_choices(request.acting, referral) if section == "reason" else []
    if request.method == "POST" and section == "person":  # nothing to save: the details are on their record
        return redirect("referrals:task_list", pk=referral.pk)
    if request.method == "POST":
        form = _section_form(referral, section, request.POST, concerns=concerns)
        if form.is_valid():
            try:
                referral_save_section(
                    referral=referral,
                    acting=_lead(request),
                    changes=form.changes(),
                    expected_version=form.cleaned_data.get("version"),
                    **form.service_arguments(),
                )
            except StaleReferral:
                messages.warning(request, CHANGED_MEANWHILE)
                return redirect("referrals:task_list", pk=referral.pk)
            except IllegalTransition:
                messages.warning(request, ALREADY_SENT)
                return redirect("referrals:detail", pk=referral.pk)
            messages.success(request, f"{SECTIONS[section]}: saved.")
            return redirect("referrals:task_list", pk=referral.pk)
    else:
        form = _section_form(referral, section, concerns=concerns)
        record_read(actor=request.user, obj=referral, what="referral_draft", details={"section": section})
    context = {
        "referral": referral,
        "section": section,
        "title": SECTIONS[section],
        "form": form,
        "subject": referral.subject,
        "age": _age(referral),
        "household": list(referral.subject.household.all()) if section == "household" else [],
        "has_concerns": bool(concerns),
        "ask_capacity": _asks_capacity(referral),
    }
    return render(request, "referrals/section.html", context)


# --- check and send --------------------------------------------------------------------------------------------


def _check_page(
    request: AuthenticatedRequest, referral: Referral, form: SendForm, problems: dict[str, dict[str, str]]
) -> HttpResponse:
    # The page shows the whole draft, whether asked for or shown again after a send that could not go.
    record_read(actor=request.user, obj=referral, what="referral_draft", details={"page": "check"})
    context = {
        "referral": referral,
        "form": form if not problems else None,
        "send_form": form,
        "problems": _problem_links(referral, problems),
        "statuses": _statuses(referral, problems),
        "sections": SECTIONS,
        "change": True,
        **_answers(referral),
    }
    return render(request, "referrals/check.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def check(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = referral_for(request.acting, pk, purpose="form")
    if not REFERRAL_STATES.may("edit", referral):
        return redirect("referrals:sent", pk=referral.pk)  # sent already (a second press of the button)
    if request.method == "POST":
        form = SendForm(request.POST)
        if not form.is_valid():
            return _check_page(request, referral, form, section_problems(referral, today=timezone.localdate()))
        data = form.cleaned_data
        try:
            referral_submit(
                referral=referral,
                acting=_lead(request),
                expected_version=data["version"],
                power_to_share=data["power_to_share"],
                necessity=data["necessity"],
            )
        except ReferralInvalid as invalid:
            return _check_page(request, referral, SendForm(initial=data), invalid.problems)
        except SharingInvalid as invalid:
            add_problems(form, invalid.problems)
            return _check_page(request, referral, form, {})
        except (StaleReferral, IllegalTransition):
            referral.refresh_from_db()
            if not REFERRAL_STATES.in_phase("draft", referral):
                return redirect("referrals:sent", pk=referral.pk)
            messages.warning(request, CHANGED_MEANWHILE)
            return redirect("referrals:check", pk=referral.pk)
        return redirect("referrals:sent", pk=referral.pk)
    form = SendForm(initial={"power_to_share": PowerToShare.CTSA_2015, "version": referral.version})
    return _check_page(request, referral, form, section_problems(referral, today=timezone.localdate()))


@require_GET
@login_required
def sent(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = referral_for(request.acting, pk, purpose="form")
    if REFERRAL_STATES.in_phase("draft", referral):
        return redirect("referrals:task_list", pk=referral.pk)
    return render(request, "referrals/sent.html", {"referral": referral})


# --- the referral as sent --------------------------------------------------------------------------------------


def _signpost(referral: Referral) -> str:
    """Where a referral closed by police screening signposted the person; nothing of the checks or reasons."""
    if not REFERRAL_STATES.in_phase("closed_by_screening", referral):
        return ""
    # Screening is a later stage: read through the reverse accessor, never by importing it.
    screening = related_or_none(referral, "screening")
    return screening.get_signpost_to_display() if screening and screening.signpost_to else ""


@require_GET
@login_required
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    referral = referral_for(request.acting, pk, purpose="form")
    if REFERRAL_STATES.in_phase("draft", referral):
        return redirect("referrals:task_list", pk=referral.pk)
    record_read(actor=request.user, obj=referral, what="referral")
    context = {
        "referral": referral,
        "signpost": _signpost(referral),
        "sections": SECTIONS,
        "change": False,
        **_answers(referral),
    }
    return render(request, "referrals/detail.html", context)
