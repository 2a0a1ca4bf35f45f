"""The concern journey for staff: who it is about, the form (saved as they type), files, check and submit.
Thin views: reads through concerns.selectors, writes through concerns.services."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import record_list_read, record_read
from core.access import deny
from core.http import AuthenticatedRequest
from core.state_machine import IllegalTransition
from organisations.models import Organisation
from organisations.roles import SAFEGUARDING_LEADS, Role
from people.selectors import PersonLookup, person_lookup_for
from people.services import person_create

from . import attachments as attachment_files
from .forms import (
    AddendumForm,
    AttachmentForm,
    AutosaveForm,
    ChoosePersonForm,
    ConcernForm,
    PersonLookupForm,
    VersionForm,
)
from .indicators import GROUPS
from .models import Concern
from .selectors import concern_get_for, concerns_visible_to, earlier_concerns
from .services import (
    ConcernIncomplete,
    StaleConcern,
    addendum_add,
    attachment_add,
    attachment_remove,
    concern_save_draft,
    concern_start,
    concern_submit,
)
from .states import CONCERN_STATES

SIGNED_OUT_DETAIL = "You have been signed out. What you typed is kept in this tab: sign in again to save it."

# Who raises concerns: anyone working in the organisation, safeguarding leads included.
RAISERS = frozenset({Role.STAFF, *SAFEGUARDING_LEADS})


def _membership(request: AuthenticatedRequest) -> Any:
    membership = getattr(request, "acting", None)
    if membership is None or membership.role not in RAISERS:
        raise deny(request, reason="role", object_type="concerns.concern")
    return membership


def _concern(request: AuthenticatedRequest, pk: int) -> Concern:
    concern = concern_get_for(_membership(request), pk)
    if concern is None:
        raise deny(request, reason="not visible", object_type="concerns.concern", object_id=str(pk))
    return concern


def _draft(request: AuthenticatedRequest, pk: int) -> Concern:
    concern = _concern(request, pk)
    if not CONCERN_STATES.may("edit", concern, acting_user=request.user):
        raise deny(request, reason="not an editable draft", object_type="concerns.concern", object_id=str(pk))
    return concern


@require_GET
@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    membership = _membership(request)
    concerns = list(
        concerns_visible_to(acting=membership)
        .filter(raised_by=request.user)
        .select_related("subject")
        .order_by("-created_at")
    )
    # The list names the people concerned: a read of case content.
    record_list_read(actor=request.user, what="my_concerns", objects=concerns, object_type="concerns.concern")
    return render(request, "concerns/mine.html", {"concerns": concerns})


def _lookup(membership: Any, data: dict[str, Any]) -> PersonLookup:
    return person_lookup_for(
        acting=membership,
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"],
    )


def _record_lookup_read(request: AuthenticatedRequest, lookup: PersonLookup) -> None:
    """Every lookup that matched something is a read: which records matched, which were named, which only said to
    exist. Ids only."""
    if lookup.matched:
        record_list_read(
            actor=request.user,
            what="person_lookup",
            objects=lookup.matched,
            object_type="people.person",
            details={"named": [p.pk for p in lookup.named], "existence_only": [p.pk for p in lookup.unseen]},
        )


def _choose_page(
    request: AuthenticatedRequest, form: ChoosePersonForm, lookup: PersonLookup, data: Any
) -> HttpResponse:
    school = request.acting is not None and request.acting.organisation.kind == Organisation.Kind.SCHOOL
    where = "your school" if school else "your organisation"
    context = {"form": form, "lookup": data, "named": lookup.named, "unseen": len(lookup.unseen), "where": where}
    return render(request, "concerns/choose_person.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def start(request: AuthenticatedRequest) -> HttpResponse:
    """Who is this about? Likely duplicates in the organisation are offered before a new record is made, each only as
    far as the person may know of it (people.selectors.person_lookup_for)."""
    membership = _membership(request)
    form = PersonLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lookup = _lookup(membership, data)
        _record_lookup_read(request, lookup)
        if lookup.offers_a_choice:
            return _choose_page(request, ChoosePersonForm(initial=data, lookup=lookup), lookup, data)
        return _start_with_new_person(request, membership, data)
    return render(request, "concerns/start.html", {"form": form})


@require_POST
@login_required
def choose(request: AuthenticatedRequest) -> HttpResponse:
    membership = _membership(request)
    lookup_form = PersonLookupForm(request.POST)
    if not lookup_form.is_valid():
        return render(request, "concerns/start.html", {"form": lookup_form})
    data = lookup_form.cleaned_data
    lookup = _lookup(membership, data)
    form = ChoosePersonForm(request.POST, lookup=lookup)
    if not form.is_valid():
        _record_lookup_read(request, lookup)
        return _choose_page(request, form, lookup, data)
    choice = form.cleaned_data["person"]
    if choice == ChoosePersonForm.NEW:
        return _start_with_new_person(request, membership, data)
    if choice == ChoosePersonForm.EXISTING:
        person = lookup.existing  # recorded against, unseen: the choice only exists when there is exactly one
    else:
        person = next(p for p in lookup.named if str(p.pk) == choice)
    assert person is not None
    concern = concern_start(acting=membership, organisation=membership.organisation, subject=person)
    return redirect("concerns:edit", pk=concern.pk)


def _start_with_new_person(request: AuthenticatedRequest, membership: Any, data: dict[str, Any]) -> HttpResponse:
    person = person_create(
        acting=membership,
        organisation=membership.organisation,
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"],
    )
    concern = concern_start(acting=membership, organisation=membership.organisation, subject=person)
    return redirect("concerns:edit", pk=concern.pk)


def _edit_context(request: AuthenticatedRequest, concern: Concern, form: ConcernForm) -> dict[str, Any]:
    selected = set(form["indicators"].value() or [])
    groups = [{"group": group, "items": [(i, i.code in selected) for i in group.indicators]} for group in GROUPS]
    show_risk = form["immediate_risk"].value() == Concern.ImmediateRisk.YES
    # A safeguarding lead recording a concern sees at once that there are others about the same person.
    membership = request.acting
    others = (
        earlier_concerns(acting=membership, concern=concern).count()
        if membership and membership.role in SAFEGUARDING_LEADS
        else 0
    )
    return {"concern": concern, "form": form, "indicator_groups": groups, "show_risk": show_risk, "others": others}


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = _draft(request, pk)
    if request.method == "POST":
        form = ConcernForm(request.POST, instance=concern)
        if form.is_valid():
            # A draft has one author, and every save carries the whole form: the last save wins. (Submission,
            # by contrast, checks that what was checked is what is submitted.)
            concern = concern_save_draft(
                concern=concern, acting=_membership(request), changes=form.draft_changes(), expected_version=None
            )
            if "continue" in request.POST:
                return redirect("concerns:check", pk=concern.pk)
            messages.success(request, "Your draft is saved.")
            return redirect("concerns:edit", pk=concern.pk)
        return render(request, "concerns/edit.html", _edit_context(request, concern, form))
    record_read(actor=request.user, obj=concern, what="concern_draft")
    form = ConcernForm(instance=concern)
    return render(request, "concerns/edit.html", _edit_context(request, concern, form))


@require_POST
def autosave(request: AuthenticatedRequest, pk: int) -> JsonResponse:
    """The page saves the draft in the background as the author types, so a lost connection loses little.
    It answers in JSON even when the person has been signed out, so the page can keep what they typed."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "signed_out", "detail": SIGNED_OUT_DETAIL}, status=401)
    acting = getattr(request, "acting", None)
    concern = concern_get_for(acting, pk)
    if acting is None or concern is None or not CONCERN_STATES.may("edit", concern, acting_user=request.user):
        deny(request, reason="autosave refused", object_type="concerns.concern", object_id=str(pk))
        return JsonResponse({"error": "not_found", "detail": "There is no draft here that you can change."}, status=404)
    form = AutosaveForm(request.POST, instance=concern)
    form.is_valid()
    concern = concern_save_draft(concern=concern, acting=acting, changes=form.draft_changes(), expected_version=None)
    return JsonResponse(
        {
            "saved": True,
            "version": concern.version,
            "saved_at": concern.updated_at.isoformat(),
            "skipped": sorted(form.errors),
        }
    )


@require_http_methods(["GET", "POST"])
@login_required
def attachments(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = _concern(request, pk)
    editable = CONCERN_STATES.may("remove_attachment", concern, acting_user=request.user)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not CONCERN_STATES.may("attach", concern, acting_user=request.user):
            raise deny(request, reason="not the author", object_type="concerns.concern", object_id=str(pk))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                attachment_add(concern=concern, acting=_membership(request), name=upload.name, data=upload.read())
            except attachment_files.AttachmentRejected as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, "The file is attached.")
                return redirect("concerns:attachments", pk=concern.pk)
    record_read(actor=request.user, obj=concern, what="concern_attachments")  # the files' names
    return render(request, "concerns/attachments.html", {"concern": concern, "form": form, "editable": editable})


@require_GET
@login_required
def attachment_download(request: AuthenticatedRequest, pk: int, attachment: str) -> HttpResponseBase:
    concern = _concern(request, pk)
    item = concern.attachments.filter(public_id=attachment).first()
    if item is None:
        raise deny(request, reason="no such attachment", object_type="concerns.attachment", object_id=str(attachment))
    data = attachment_files.read(item)
    record_read(actor=request.user, obj=item, what="attachment", details={"concern": concern.pk})
    extension = item.original_name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        io.BytesIO(data),
        content_type=item.content_type,
        as_attachment=True,
        filename=f"{concern.reference}-attachment-{item.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def attachment_delete(request: AuthenticatedRequest, pk: int, attachment: str) -> HttpResponse:
    concern = _draft(request, pk)
    item = concern.attachments.filter(public_id=attachment).first()
    if item is None:
        raise deny(request, reason="no such attachment", object_type="concerns.attachment", object_id=str(attachment))
    attachment_remove(attachment=item, acting=_membership(request))
    messages.success(request, "The file is removed.")
    return redirect("concerns:attachments", pk=concern.pk)


@require_http_methods(["GET", "POST"])
@login_required
def check(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = _concern(request, pk)
    if concern.raised_by_id != request.user.pk:
        raise deny(request, reason="not the author", object_type="concerns.concern", object_id=str(pk))
    if not CONCERN_STATES.in_phase("draft", concern):
        return redirect("concerns:submitted", pk=concern.pk)
    problems: dict[str, str] = {}
    if request.method == "POST":
        version = VersionForm(request.POST)
        expected = version.cleaned_data["version"] if version.is_valid() else None
        try:
            concern_submit(concern=concern, acting=_membership(request), expected_version=expected)
        except ConcernIncomplete as exc:
            problems = exc.missing
        except StaleConcern:
            messages.error(request, "This draft was changed in another window. Check it before you submit.")
            return redirect("concerns:check", pk=concern.pk)
        else:
            return redirect("concerns:submitted", pk=concern.pk)
    record_read(actor=request.user, obj=concern, what="concern_draft")  # asked for, or shown again with problems
    return render(request, "concerns/check.html", {"concern": concern, "problems": problems, **_answers(concern)})


def _answers(concern: Concern) -> dict[str, Any]:
    chosen = set(concern.indicators)
    groups = [{"group": group, "items": [i for i in group.indicators if i.code in chosen]} for group in GROUPS]
    return {"indicator_groups": [g for g in groups if g["items"]]}


@require_GET
@login_required
def submitted(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = _concern(request, pk)
    if CONCERN_STATES.in_phase("draft", concern):
        return redirect("concerns:edit", pk=concern.pk)
    return render(request, "concerns/submitted.html", {"concern": concern})


@require_GET
@login_required
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = _concern(request, pk)
    if CONCERN_STATES.in_phase("draft", concern):
        return redirect("concerns:edit", pk=concern.pk)
    record_read(actor=request.user, obj=concern, what="concern")
    context = {"concern": concern, "addendum_form": AddendumForm(), **_answers(concern)}
    return render(request, "concerns/detail.html", context)


@require_POST
@login_required
def addendum(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    concern = _concern(request, pk)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            addendum_add(concern=concern, acting=_membership(request), text=form.cleaned_data["text"])
        except IllegalTransition:
            messages.error(request, "Change the draft itself until it is submitted.")
            return redirect("concerns:edit", pk=concern.pk)
        messages.success(request, "Your addition is saved.")
        return redirect(reverse("concerns:detail", args=[concern.pk]) + "#addenda")
    record_read(actor=request.user, obj=concern, what="concern")  # the concern again, with the form's error
    context = {"concern": concern, "addendum_form": form, **_answers(concern)}
    return render(request, "concerns/detail.html", context)
