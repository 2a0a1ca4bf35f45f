"""The person record, for safeguarding leads (designated safeguarding leads and headteachers).

Everyone else gets an audited 404 — including staff who raised a concern about the person: they see the person
only inside their own concern. Every page fetches the person through people.selectors.person_for.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import record_read
from core.access import deny
from organisations.models import Membership

from .forms import HouseholdMemberForm, PersonForm, format_nhs_number
from .models import Person
from .selectors import person_for
from .services import household_member_add, household_member_remove, person_update


def _acting(request: HttpRequest) -> Membership:
    acting: Membership | None = getattr(request, "acting", None)
    assert acting is not None  # the person was fetched through person_for, which refuses anyone not acting as a lead
    return acting


def _person_for_lead(request: HttpRequest, pk: int) -> Person:
    """The person, for a safeguarding lead who sees them (people.selectors.person_for); otherwise an audited 404."""
    return person_for(getattr(request, "acting", None), pk, purpose="record")


def age_in_years(date_of_birth: datetime.date, today: datetime.date) -> int:
    """Whole years since the date of birth (someone born on 29 February turns a year older on 1 March)."""
    return today.year - date_of_birth.year - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))


@require_GET
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_lead(request, pk)
    record_read(actor=request.user, obj=person, what="person")
    links = person.links.filter(ended_at__isnull=True).select_related("organisation").order_by("created_at", "pk")
    date_of_birth = person.date_of_birth
    age = age_in_years(date_of_birth, timezone.localdate()) if isinstance(date_of_birth, datetime.date) else None
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "age": age,
            "nhs_number": format_nhs_number(person.nhs_number),
            "links": list(links),
            "household": list(person.household.all()),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_lead(request, pk)
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            person_update(person=person, acting=_acting(request), changes=form.cleaned_data)
            messages.success(request, "Details saved")
            return redirect("people:detail", pk=person.pk)
    else:
        record_read(actor=request.user, obj=person, what="person")  # the form shows the person's details
        form = PersonForm(initial=PersonForm.initial_for(person))
    return render(request, "people/edit.html", {"person": person, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def household_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for_lead(request, pk)
    form = HouseholdMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        household_member_add(person=person, acting=_acting(request), **form.cleaned_data)
        messages.success(request, "Family or household member added")
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/household_add.html", {"person": person, "form": form})


@require_POST
@login_required
def household_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    person = _person_for_lead(request, pk)
    member = person.household.filter(pk=member_pk).first()
    if member is None:
        raise deny(request, reason="household_member", object_type="people.householdmember", object_id=str(member_pk))
    household_member_remove(member=member, acting=_acting(request))
    messages.success(request, "Family or household member removed")
    return redirect("people:detail", pk=person.pk)
