"""The person record, for safeguarding leads (designated safeguarding leads and headteachers).

Everyone else gets an audited 404 — including staff who raised a concern about the person: they see the person
only inside their own concern. Every page fetches the person through people.selectors.person_get_for.
"""

from __future__ import annotations

import datetime
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from audit.services import record_read
from core.access import deny
from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS

from .forms import HouseholdMemberForm, PersonForm, format_nhs_number
from .models import Person
from .selectors import person_get_for
from .services import household_member_add, household_member_remove, person_update


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view here is behind login_required


def _person_for_lead(request: HttpRequest, pk: int) -> Person:
    """The person, if the acting membership is a safeguarding lead's that may see them; otherwise an audited 404."""
    acting: Membership | None = getattr(request, "acting", None)
    if acting is None or acting.role not in SAFEGUARDING_LEADS:
        raise deny(request, reason="role", object_type="people.person", object_id=str(pk))
    person = person_get_for(acting, pk)
    if person is None:
        raise deny(request, reason="person", object_type="people.person", object_id=str(pk))
    return person


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
            person_update(person=person, acting_user=_user(request), changes=form.cleaned_data)
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
        household_member_add(person=person, acting_user=_user(request), **form.cleaned_data)
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
    household_member_remove(member=member, acting_user=_user(request))
    messages.success(request, "Family or household member removed")
    return redirect("people:detail", pk=person.pk)
