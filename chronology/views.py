"""A person's chronology, for safeguarding leads: the page (with its filter and print layout), the protected PDF
export, and the export's one download.

The person is fetched through people.selectors.person_for with the acting membership, and the entries through
chronology.providers (each provider through its stage's visibility helper). Anyone else gets an audited 404.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from audit.services import record_read
from core.access import deny
from core.exports import DOWNLOAD_MINUTES, ExportUnavailable, export_for_download, export_take, pdf_download_response
from core.models import ProtectedExport
from organisations.models import Membership
from people.models import Person
from people.selectors import person_for

from .forms import ChronologyFilterForm, Filters
from .providers import chronology_for
from .services import export_create

# Longer details are shortened on the page, with the whole text in a "details" element (and in print and PDF).
SUMMARY_LENGTH = 300


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # every view here is behind login_required
    return user


def _person_for_lead(request: HttpRequest, pk: int) -> tuple[Person, Membership]:
    """The person, for a safeguarding lead who sees them (people.selectors.person_for); otherwise an audited 404."""
    acting: Membership | None = getattr(request, "acting", None)
    person = person_for(acting, pk, purpose="record")
    assert acting is not None  # person_for refuses anyone not acting as a lead
    return person, acting


def _page(
    request: HttpRequest, person: Person, acting: Membership, form: ChronologyFilterForm, *, status: int = 200
) -> HttpResponse:
    filters = form.filters() if form.is_valid() else Filters()
    entries = chronology_for(
        person=person, membership=acting, kinds=filters.kinds, since=filters.since, until=filters.until
    )
    record_read(actor=request.user, obj=person, what="chronology", details={"entries": len(entries)})
    return render(
        request,
        "chronology/person.html",
        {
            "person": person,
            "form": form,
            "filters": filters,
            "entries": entries,
            "carried": form.carried() if form.is_valid() else [],
            "summary_length": SUMMARY_LENGTH,
            "download_minutes": DOWNLOAD_MINUTES,
        },
        status=status,
    )


@require_GET
@login_required
def person_chronology(request: HttpRequest, pk: int) -> HttpResponse:
    person, acting = _person_for_lead(request, pk)
    return _page(request, person, acting, ChronologyFilterForm(request.GET))


@sensitive_variables("created")
@require_POST
@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the protected PDF of what the page shows (its filter comes in hidden fields) and show its password
    once. The page is the response to the POST itself, so the password is never put in the session."""
    person, acting = _person_for_lead(request, pk)
    form = ChronologyFilterForm(request.POST)
    if not form.is_valid():
        return _page(request, person, acting, form)
    filters = form.filters()
    entries = chronology_for(
        person=person, membership=acting, kinds=filters.kinds, since=filters.since, until=filters.until
    )
    created = export_create(
        person=person,
        acting=acting,
        entries=entries,
        filter_description=filters.describe(),
    )
    response = render(
        request,
        "chronology/ready.html",
        {
            "person": person,
            "export": created.export,
            "password": created.password,
            "download_minutes": DOWNLOAD_MINUTES,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The export's PDF, once, for the person who made it while acting for the same organisation."""
    acting: Membership | None = getattr(request, "acting", None)
    item = export_for_download(
        acting_user_id=request.user.pk,
        organisation_id=acting.organisation_id if acting is not None else None,
        public_id=public_id,
        kind=ProtectedExport.Kind.CHRONOLOGY,
    )
    if item is None:
        raise deny(request, reason="export", object_type="core.protectedexport", object_id=str(public_id))
    try:
        content = export_take(export=item, acting_user=_user(request))
    except ExportUnavailable:
        context = {"person_id": item.person_id, "download_minutes": DOWNLOAD_MINUTES}
        return render(request, "chronology/gone.html", context, status=410)
    return pdf_download_response(item, content)
