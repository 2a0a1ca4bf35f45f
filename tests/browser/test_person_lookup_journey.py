"""Journey: a teacher records a concern about a child the safeguarding lead already has a record of. The teacher is
told only that a record exists (no name, no date of birth, nothing to open), records the concern against it unseen,
and the lead finds the concern on the one record. Every page is checked with axe-core."""

import datetime

import pytest

from concerns.models import Concern
from people.models import Person
from people.services import person_create

from .conftest import assert_accessible, screenshot
from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_teacher_records_a_concern_against_a_record_they_cannot_see(page, personas, live_server):
    existing = person_create(
        acting=personas.membership("dsl"),
        organisation=personas.organisation("school"),
        given_name="Ezra",
        family_name="Lookupchild",
        date_of_birth=datetime.date(2016, 3, 9),
    )
    sign_in(page, personas["staff"].email)
    page.get_by_role("link", name="Your concerns").click()
    page.get_by_role("button", name="Record a concern").click()
    page.get_by_label("First name").fill("ezra")
    page.get_by_label("Last name").fill("LOOKUPCHILD")
    page.get_by_label("Day").fill("9")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2016")
    page.get_by_role("button", name="Continue").click()

    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "A record with these details already exists at your school"
    shown = page.locator("main").inner_text()
    for revealing in ("Ezra", "Lookupchild", "9 March 2016", "born"):
        assert revealing not in shown, revealing
    assert page.locator(f'a[href*="/people/{existing.pk}/"]').count() == 0
    assert_accessible(page)
    screenshot(page, "concern-person-exists")

    page.get_by_label("Record my concern against the record that already exists").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/edit/")
    assert_accessible(page)
    concern = Concern.objects.get()
    assert concern.subject == existing and concern.raised_by == personas["staff"]
    assert Person.objects.count() == 1
