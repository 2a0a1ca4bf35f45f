"""An expired session loses nothing: what was typed stays in the tab and is saved after signing in again."""

import pytest

from concerns.models import Concern
from concerns.services import concern_start
from people.services import person_create

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_typing_after_being_signed_out_is_kept_and_saved_after_signing_in(page, personas, live_server):
    teacher = personas["staff"]
    person = person_create(
        acting=personas.membership("staff"),
        organisation=personas.organisation("school"),
        given_name="Lee",
        date_of_birth=None,
        family_name="Keepsake",
    )
    concern = concern_start(
        acting=personas.membership("staff"), organisation=personas.organisation("school"), subject=person
    )
    sign_in(page, teacher.email)
    page.goto(f"/concerns/{concern.pk}/edit/")
    page.get_by_label("Where did it happen?").fill("Corridor")
    page.get_by_text("Draft saved at").wait_for()

    page.context.clear_cookies(name="prevent_session")  # the session ends (as after the idle timeout)
    page.get_by_label("What did you see or hear?").fill("Typed after the session ended.")
    page.get_by_text("You have been signed out").wait_for()
    concern.refresh_from_db()
    assert concern.account == ""

    sign_in(page, teacher.email, code_offset=1)
    page.goto(f"/concerns/{concern.pk}/edit/")
    assert page.get_by_label("What did you see or hear?").input_value() == "Typed after the session ended."
    page.get_by_text("Draft saved at").wait_for()
    concern.refresh_from_db()
    assert (concern.location, concern.account) == ("Corridor", "Typed after the session ended.")
    assert Concern.objects.count() == 1
