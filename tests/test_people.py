"""The person record: who may see it, correcting details, family and household, and what is stored encrypted."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from audit.models import AuditEvent
from concerns.services import concern_start
from core.access import NotPermitted
from people.forms import NHS_NUMBER_ERROR, PersonForm, format_nhs_number, nhs_number_is_valid
from people.models import HouseholdMember, Person
from people.selectors import likely_duplicates, person_lookup_for
from people.services import household_member_add, household_member_remove, person_create, person_update
from people.views import age_in_years

from .personas import Personas
from .refusals import ANOTHER_ORGANISATION, assert_refused, not_allowed

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]

DATE_OF_BIRTH = datetime.date(2014, 5, 17)
VALID_NHS_NUMBER = "943 476 5919"


def _person(personas: Personas, **details: Any) -> Person:
    arguments: dict[str, Any] = {
        "acting": personas.membership("dsl"),
        "organisation": personas.organisation("school"),
        "given_name": "Amira",
        "family_name": "Okonkwo-Hale",
        "date_of_birth": DATE_OF_BIRTH,
    }
    return person_create(**(arguments | details))


def _edit_data(person: Person, **overrides: str) -> dict[str, str]:
    dob = person.date_of_birth if isinstance(person.date_of_birth, datetime.date) else None
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "preferred_name": person.preferred_name,
        "aliases": "\n".join(person.aliases),
        "date_of_birth_0": str(dob.day) if dob else "",
        "date_of_birth_1": str(dob.month) if dob else "",
        "date_of_birth_2": str(dob.year) if dob else "",
        "gender": person.gender,
        "address": person.address,
        "pupil_number": person.pupil_number,
        "nhs_number": person.nhs_number,
    }
    return data | overrides


def _member_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Farah Okonkwo",
        "relationship": HouseholdMember.Relationship.MOTHER,
        "has_parental_responsibility": "yes",
        "lives_with_person": "no",
        "contact_details": "07700 900123",
        "notes": "Works nights.\r\nPrefers a call after 3pm.",
    }
    return data | overrides


def _title(content: bytes) -> str:
    match = re.search(rb"<title>(.*?)</title>", content, re.S)
    assert match is not None
    return match.group(1).decode()


def _error_summary(content: bytes) -> str:
    match = re.search(rb'<div class="govuk-error-summary".*?</ul>', content, re.S)
    assert match is not None, "no error summary on the page"
    return match.group(0).decode()


# --- who may see the record ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["dsl", "headteacher"])
def test_safeguarding_leads_see_the_record(personas, client_for: ClientFor, persona):
    person = _person(
        personas,
        preferred_name="Mira",
        aliases=["Amy Hale", "A. Okonkwo"],
        address="12 Orchard Way\nColchester\nCO1 1AA",
        pupil_number="A123456789012",
        nhs_number="9434765919",
    )
    response = client_for(persona).get(reverse("people:detail", kwargs={"pk": person.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Amira Okonkwo-Hale",
        "Mira",
        "Amy Hale",
        "A. Okonkwo",
        "17 May 2014",
        f"(age {age_in_years(DATE_OF_BIRTH, datetime.date.today())})",
        "Not known",  # gender
        "12 Orchard Way<br>Colchester<br>CO1 1AA",
        "A123456789012",
        "943 476 5919",
        "Pupil at Hollybank Infant School (test)",
        "No family or household members recorded.",
        reverse("people:edit", kwargs={"pk": person.pk}),
        reverse("people:household_add", kwargs={"pk": person.pk}),
    ):
        assert text in page, text
    assert "Change details" in page
    try:
        chronology_url = reverse("chronology:person", args=[person.pk])
    except NoReverseMatch:  # no chronology yet: the link is left out, not broken
        assert "chronology" not in page.lower()
    else:
        assert f'href="{chronology_url}"' in page


def test_the_title_never_names_the_person(personas, client_for: ClientFor):
    person = _person(personas)
    client = client_for("dsl")
    for name in ("people:detail", "people:edit", "people:household_add"):
        title = _title(client.get(reverse(name, kwargs={"pk": person.pk})).content)
        assert "Amira" not in title
        assert "Okonkwo" not in title
    assert _title(client.get(reverse("people:detail", kwargs={"pk": person.pk})).content).startswith("Person record")


def test_reading_the_record_is_audited(personas, client_for: ClientFor):
    person = _person(personas)
    client_for("dsl").get(reverse("people:detail", kwargs={"pk": person.pk}))
    event = AuditEvent.objects.get(action="read.person")
    assert (event.actor, event.object_type, event.object_id) == (personas["dsl"], "people.person", str(person.pk))
    assert event.acting_role == "dsl"
    assert event.acting_organisation_id == personas.organisation("school").pk


@pytest.mark.parametrize("persona", ["staff", "other_dsl", "police", "coordinator", "ig", "sysadmin"])
@pytest.mark.parametrize("url_name", ["people:detail", "people:edit", "people:household_add"])
def test_everyone_else_gets_an_audited_404(personas, client_for: ClientFor, persona, url_name):
    person = _person(personas)
    # The member of staff raised a concern about this person: they still see the person only inside it.
    concern_start(acting=personas.membership("staff"), organisation=personas.organisation("school"), subject=person)
    response = client_for(persona).get(reverse(url_name, kwargs={"pk": person.pk}))
    assert response.status_code == 404
    denied = AuditEvent.objects.get(action="access.denied", actor=personas[persona])
    assert (denied.object_type, denied.object_id) == ("people.person", str(person.pk))
    assert not AuditEvent.objects.filter(action="read.person").exists()
    assert b"Okonkwo" not in response.content


def test_anonymous_is_sent_to_sign_in(personas, client_for: ClientFor):
    person = _person(personas)
    for name in ("people:detail", "people:edit", "people:household_add"):
        response = client_for("anonymous").get(reverse(name, kwargs={"pk": person.pk}))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    remove = reverse("people:household_remove", kwargs={"pk": person.pk, "member_pk": 1})
    assert client_for("anonymous").post(remove).status_code == 302


def test_a_lead_of_another_school_cannot_change_or_add(personas, client_for: ClientFor):
    person = _person(personas)
    client = client_for("other_dsl")
    edit = client.post(reverse("people:edit", kwargs={"pk": person.pk}), _edit_data(person, given_name="Changed"))
    add = client.post(reverse("people:household_add", kwargs={"pk": person.pk}), _member_data())
    assert (edit.status_code, add.status_code) == (404, 404)
    person.refresh_from_db()
    assert person.given_name == "Amira"
    assert not person.household.exists()


def test_a_person_whose_link_has_ended_is_not_shown(personas, client_for: ClientFor):
    person = _person(personas)
    person.links.update(ended_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC))
    assert client_for("dsl").get(reverse("people:detail", kwargs={"pk": person.pk})).status_code == 404


def test_a_person_that_does_not_exist_is_an_audited_404(personas, client_for: ClientFor):
    assert client_for("dsl").get(reverse("people:detail", kwargs={"pk": 999_999})).status_code == 404
    assert AuditEvent.objects.get(action="access.denied").details["reason"] == "person"


# --- changing details ---------------------------------------------------------------------------------------


def test_the_edit_form_starts_with_the_current_details(personas, client_for: ClientFor):
    person = _person(personas, aliases=["Amy Hale", "Mimi"], nhs_number="9434765919", gender=Person.Gender.FEMALE)
    page = client_for("dsl").get(reverse("people:edit", kwargs={"pk": person.pk})).content.decode()
    assert 'value="Amira"' in page
    assert ">Amy Hale\nMimi</textarea>" in page
    for part, value in enumerate(("17", "5", "2014")):
        assert re.search(rf'id="id_date_of_birth_{part}" name="date_of_birth_{part}" [^>]*value="{value}"', page)
    assert 'value="943 476 5919"' in page
    assert re.search(r'value="female" checked', page)


def test_saving_details_updates_the_person_and_reindexes(personas, client_for: ClientFor):
    person = _person(personas)
    organisation_id = personas.organisation("school").pk
    response = client_for("dsl").post(
        reverse("people:edit", kwargs={"pk": person.pk}),
        _edit_data(
            person,
            given_name="  Amara ",
            family_name="Hale",
            date_of_birth_0="3",
            date_of_birth_1="11",
            date_of_birth_2="2013",
            gender=Person.Gender.FEMALE,
            address="4 Mill Lane\r\nMaldon",
            nhs_number=VALID_NHS_NUMBER,
        ),
        follow=True,
    )
    assert response.redirect_chain == [(reverse("people:detail", kwargs={"pk": person.pk}), 302)]
    assert "Details saved" in response.content.decode()
    person.refresh_from_db()
    assert (person.given_name, person.family_name) == ("Amara", "Hale")
    new_birthday = datetime.date(2013, 11, 3)
    assert person.date_of_birth == new_birthday
    assert (person.gender, person.address, person.nhs_number) == ("female", "4 Mill Lane\nMaldon", "9434765919")
    event = AuditEvent.objects.get(action="person.updated")
    assert event.actor == personas["dsl"]
    assert event.details["fields"] == [
        "address",
        "date_of_birth",
        "family_name",
        "gender",
        "given_name",
        "nhs_number",
    ]
    # The blind indexes follow the new name and date of birth; the old name no longer matches.
    found = likely_duplicates(
        organisation_id=organisation_id, given_name="amara", family_name="HALE", date_of_birth=None
    )
    assert found == [person]
    same_birthday = likely_duplicates(
        organisation_id=organisation_id, given_name="Amara", family_name="Someone", date_of_birth=new_birthday
    )
    assert same_birthday == [person]
    assert (
        likely_duplicates(
            organisation_id=organisation_id, given_name="Amira", family_name="Okonkwo-Hale", date_of_birth=None
        )
        == []
    )


def test_aliases_are_one_per_line(personas, client_for: ClientFor):
    person = _person(personas)
    client_for("headteacher").post(
        reverse("people:edit", kwargs={"pk": person.pk}),
        _edit_data(person, aliases="  Amy Hale \r\n\r\nMimi Okonkwo\n   \nAmy Hale\n"),
    )
    person.refresh_from_db()
    assert person.aliases == ["Amy Hale", "Mimi Okonkwo"]
    found = likely_duplicates(
        organisation_id=personas.organisation("school").pk, given_name="Mimi", family_name="Okonkwo", date_of_birth=None
    )
    assert found == [person]


def test_an_invalid_nhs_number_is_shown_in_the_summary_and_beside_the_field(personas, client_for: ClientFor):
    person = _person(personas)
    response = client_for("dsl").post(
        reverse("people:edit", kwargs={"pk": person.pk}), _edit_data(person, nhs_number="943 476 5918")
    )
    assert response.status_code == 200
    page = response.content.decode()
    summary = _error_summary(response.content)
    assert f'<a href="#id_nhs_number">{NHS_NUMBER_ERROR}</a>' in summary
    assert re.search(
        r'<p id="id_nhs_number-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> '
        + re.escape(NHS_NUMBER_ERROR),
        page,
    )
    assert 'value="943 476 5918"' in page  # what was typed is kept
    assert 'aria-describedby="id_nhs_number-hint id_nhs_number-error"' in page
    assert _title(response.content).startswith("Error: ")
    person.refresh_from_db()
    assert person.nhs_number == ""
    assert not AuditEvent.objects.filter(action="person.updated").exists()


def test_required_names_and_a_future_date_of_birth_are_refused(personas, client_for: ClientFor):
    person = _person(personas)
    next_year = str(datetime.date.today().year + 1)
    response = client_for("dsl").post(
        reverse("people:edit", kwargs={"pk": person.pk}),
        _edit_data(person, given_name=" ", family_name="x" * 101, date_of_birth_2=next_year),
    )
    summary = _error_summary(response.content)
    assert "Enter their given name" in summary
    assert "Family name must be 100 characters or fewer" in summary
    assert "Date of birth must be today or in the past" in summary
    page = response.content.decode()
    assert f'value="{"x" * 101}"' in page
    # Day, month and year each keep what was typed, in their own box.
    for part, typed in enumerate(("17", "5", next_year)):
        assert re.search(rf'id="id_date_of_birth_{part}" name="date_of_birth_{part}" [^>]*value="{typed}"', page)


@pytest.mark.parametrize(
    ("typed", "valid"),
    [
        ("943 476 5919", True),
        ("9434765919", True),
        (" 943  476 5919 ", True),
        ("943 476 5918", False),  # wrong check digit
        ("943 476 591", False),  # nine digits
        ("943 476 59190", False),  # eleven digits
        ("943-476-5919", False),
        ("abc def ghij", False),
        ("123 456 7890", False),  # the check digit would be 10: no valid NHS number starts 123 456 789
        ("\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19", False),  # full-width digits: not ASCII
    ],
)
def test_nhs_number_rules(typed, valid):
    form = PersonForm(
        {"given_name": "A", "family_name": "B", "gender": "not_known", "nhs_number": typed, "aliases": ""}
    )
    assert form.is_valid() is valid, form.errors
    if valid:
        assert form.cleaned_data["nhs_number"] == "9434765919"
    else:
        assert form.errors["nhs_number"] == [NHS_NUMBER_ERROR]


def test_nhs_number_helpers():
    assert nhs_number_is_valid("9434765919")
    assert nhs_number_is_valid("4010232137")
    assert nhs_number_is_valid("2000000010")  # 11 minus the remainder is 11: the check digit is 0
    assert not nhs_number_is_valid("2000000011")
    assert not nhs_number_is_valid("")
    assert format_nhs_number("9434765919") == "943 476 5919"
    assert format_nhs_number("") == ""


def test_an_empty_nhs_number_is_allowed_and_clears_it(personas, client_for: ClientFor):
    person = _person(personas, nhs_number="9434765919")
    client_for("dsl").post(reverse("people:edit", kwargs={"pk": person.pk}), _edit_data(person, nhs_number=""))
    person.refresh_from_db()
    assert person.nhs_number == ""


def test_age_in_years():
    born = datetime.date(2012, 2, 29)
    assert age_in_years(born, datetime.date(2013, 2, 28)) == 0
    assert age_in_years(born, datetime.date(2013, 3, 1)) == 1
    assert age_in_years(datetime.date(2014, 5, 17), datetime.date(2026, 5, 16)) == 11
    assert age_in_years(datetime.date(2014, 5, 17), datetime.date(2026, 5, 17)) == 12


# --- family and household -----------------------------------------------------------------------------------


def test_adding_a_household_member(personas, client_for: ClientFor):
    person = _person(personas)
    client = client_for("dsl")
    response = client.post(reverse("people:household_add", kwargs={"pk": person.pk}), _member_data(), follow=True)
    assert response.redirect_chain == [(reverse("people:detail", kwargs={"pk": person.pk}), 302)]
    member = person.household.get()
    assert (member.name, member.relationship, member.has_parental_responsibility, member.lives_with_person) == (
        "Farah Okonkwo",
        "mother",
        True,
        False,
    )
    assert member.notes == "Works nights.\nPrefers a call after 3pm."
    assert member.added_by == personas["dsl"]
    event = AuditEvent.objects.get(action="person.household_member_added")
    assert (event.actor, event.object_id, event.details["person"]) == (personas["dsl"], str(member.pk), person.pk)
    assert "Farah" not in str(event.details)
    page = response.content.decode()
    assert "Family or household member added" in page
    for text in ("Farah Okonkwo", "Mother", "07700 900123", "Works nights.<br>Prefers a call after 3pm."):
        assert text in page
    row = re.search(r"<td class=\"govuk-table__cell\">Farah Okonkwo</td>.*?</tr>", page, re.S)
    assert row is not None
    assert re.findall(r"<td class=\"govuk-table__cell\">(Yes|No)</td>", row.group(0)) == ["Yes", "No"]
    assert reverse("people:household_remove", kwargs={"pk": person.pk, "member_pk": member.pk}) in page


def test_a_household_member_needs_name_relationship_and_both_answers(personas, client_for: ClientFor):
    person = _person(personas)
    response = client_for("dsl").post(
        reverse("people:household_add", kwargs={"pk": person.pk}),
        _member_data(name="", relationship="", has_parental_responsibility="", lives_with_person="maybe"),
    )
    assert response.status_code == 200
    summary = _error_summary(response.content)
    for message in (
        "Enter their name",
        "Select their relationship to the person",
        "Select yes if they have parental responsibility",
        "Select yes if the person lives with them",
    ):
        assert message in summary
    assert "07700 900123" in response.content.decode()  # what was typed is kept
    assert not person.household.exists()
    empty = client_for("dsl").post(reverse("people:household_add", kwargs={"pk": person.pk}), {})
    assert "Enter their name" in _error_summary(empty.content)


def test_removing_a_household_member(personas, client_for: ClientFor):
    person = _person(personas)
    member = household_member_add(
        person=person,
        acting=personas.membership("dsl"),
        name="Sami Hale",
        relationship="sibling",
        has_parental_responsibility=False,
        lives_with_person=True,
    )
    url = reverse("people:household_remove", kwargs={"pk": person.pk, "member_pk": member.pk})
    client = client_for("headteacher")
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("people:detail", kwargs={"pk": person.pk}), 302)]
    assert "Family or household member removed" in response.content.decode()
    assert not person.household.exists()
    event = AuditEvent.objects.get(action="person.household_member_removed")
    assert (event.actor, event.object_id, event.details["person"]) == (
        personas["headteacher"],
        str(member.pk),
        person.pk,
    )


def test_removing_another_persons_household_member_is_refused(personas, client_for: ClientFor):
    person = _person(personas)
    other = _person(personas, given_name="Leo", family_name="Marsh")
    member = household_member_add(
        person=other,
        acting=personas.membership("dsl"),
        name="Jo Marsh",
        relationship="father",
        has_parental_responsibility=True,
        lives_with_person=True,
    )
    url = reverse("people:household_remove", kwargs={"pk": person.pk, "member_pk": member.pk})
    assert client_for("dsl").post(url).status_code == 404
    assert HouseholdMember.objects.filter(pk=member.pk).exists()
    denied = AuditEvent.objects.get(action="access.denied")
    assert (denied.object_type, denied.object_id, denied.details["reason"]) == (
        "people.householdmember",
        str(member.pk),
        "household_member",
    )
    assert not AuditEvent.objects.filter(action="person.household_member_removed").exists()


def test_staff_cannot_remove_a_household_member(personas, client_for: ClientFor):
    person = _person(personas)
    concern_start(acting=personas.membership("staff"), organisation=personas.organisation("school"), subject=person)
    member = household_member_add(
        person=person,
        acting=personas.membership("dsl"),
        name="Sami Hale",
        relationship="sibling",
        has_parental_responsibility=False,
        lives_with_person=True,
    )
    url = reverse("people:household_remove", kwargs={"pk": person.pk, "member_pk": member.pk})
    assert client_for("staff").post(url).status_code == 404
    assert person.household.filter(pk=member.pk).exists()


# --- who may change a person record (the services themselves) ----------------------------------------------


@pytest.mark.parametrize(
    ("persona", "reason"),
    [
        ("police", not_allowed("police_prevent_officer")),
        ("staff", not_allowed("staff")),
        ("other_dsl", "the person is not held by the organisation"),
    ],
)
def test_only_a_lead_holding_the_person_changes_the_record(personas, persona, reason):
    person = _person(personas)
    member = household_member_add(
        person=person,
        acting=personas.membership("dsl"),
        name="Sami Hale",
        relationship="sibling",
        has_parental_responsibility=False,
        lives_with_person=True,
    )
    acting = personas.membership(persona)
    attempts = {
        "person_update": lambda: person_update(person=person, acting=acting, changes={"given_name": "Changed"}),
        "household_member_add": lambda: household_member_add(
            person=person,
            acting=acting,
            name="Jo Hale",
            relationship="father",
            has_parental_responsibility=True,
            lives_with_person=True,
        ),
        "household_member_remove": lambda: household_member_remove(member=member, acting=acting),
    }
    for service, attempt in attempts.items():
        with pytest.raises(NotPermitted, match=reason):
            attempt()
        event = AuditEvent.objects.filter(action="service.refused").latest("sequence")
        assert event.details == {"service": service, "reason": reason, "role": acting.role}
        assert event.actor == personas[persona]
    person.refresh_from_db()
    assert person.given_name == "Amira"
    assert list(person.household.all()) == [member]
    assert not AuditEvent.objects.filter(action__in=["person.updated", "person.household_member_removed"]).exists()


def test_a_person_is_created_only_by_someone_recording_a_concern_at_the_organisation(personas):
    with pytest.raises(NotPermitted, match=not_allowed("police_prevent_officer")):
        _person(personas, acting=personas.membership("police"))
    assert_refused(personas, "police", service="person_create", reason=not_allowed("police_prevent_officer"))
    with pytest.raises(NotPermitted, match=ANOTHER_ORGANISATION):
        _person(personas, acting=personas.membership("other_dsl"))
    assert not Person.objects.exists()
    person = _person(personas, acting=personas.membership("staff"))
    event = AuditEvent.objects.get(action="person.created")
    assert (event.actor, event.acting_role) == (personas["staff"], "staff")
    assert event.acting_organisation_id == personas.organisation("school").pk
    assert person.links.get().organisation == personas.organisation("school")


# --- at rest ------------------------------------------------------------------------------------------------


def test_names_are_encrypted_in_the_database(personas, client_for: ClientFor):
    person = _person(personas, aliases=["Amy Hale"], address="12 Orchard Way")
    household_member_add(
        person=person,
        acting=personas.membership("dsl"),
        name="Farah Okonkwo",
        relationship="mother",
        has_parental_responsibility=True,
        lives_with_person=True,
    )
    client_for("dsl").post(reverse("people:edit", kwargs={"pk": person.pk}), _edit_data(person, given_name="Zephyrine"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, family_name, aliases, date_of_birth, address FROM people_person")
        raw = " ".join(str(value) for row in cursor.fetchall() for value in row)
        cursor.execute("SELECT name FROM people_householdmember")
        raw_member = " ".join(str(row[0]) for row in cursor.fetchall())
    assert raw.strip()
    for plain in ("Zephyrine", "Amira", "Okonkwo", "Amy Hale", "2014-05-17", "Orchard"):
        assert plain not in raw
    assert "Farah" not in raw_member
    person.refresh_from_db()
    assert person.given_name == "Zephyrine"  # and it reads back


# --- the lookup on the concern form: what each asker may learn (person_lookup_for) ------------------------------------


def _lookup(personas: Personas, persona: str, given: str, family: str, born: datetime.date | None = DATE_OF_BIRTH):
    membership = personas[persona].memberships.get()
    return person_lookup_for(acting=membership, given_name=given, family_name=family, date_of_birth=born)


def test_the_lookup_names_every_match_to_a_lead_and_only_exact_unseen_ones_exist_for_staff(personas):
    exact = _person(personas)
    known_as = _person(personas, preferred_name="Mimi")  # would show "known as Mimi": never offered unseen
    by_alias = _person(personas, given_name="Amy", family_name="Hale", aliases=["Amira Okonkwo-Hale"])
    no_birthday = _person(personas, date_of_birth=None)
    for persona in ("dsl", "headteacher"):
        lead = _lookup(personas, persona, "amira", "okonkwo-hale")
        assert lead.named == lead.matched and {exact, known_as, by_alias, no_birthday} <= set(lead.named)
    staff = _lookup(personas, "staff", "amira", "okonkwo-hale")
    assert set(staff.matched) == {exact, known_as, by_alias, no_birthday}
    assert staff.named == [] and staff.unseen == [exact] and staff.existing == exact
    # Typed without a date of birth: only the record without one has exactly those details.
    assert _lookup(personas, "staff", "Amira", "Okonkwo-Hale", None).unseen == [no_birthday]
    # Another organisation, and roles that raise no concerns here, find nothing.
    assert _lookup(personas, "other_dsl", "Amira", "Okonkwo-Hale").matched == []
    assert _lookup(personas, "police", "Amira", "Okonkwo-Hale").named == []
