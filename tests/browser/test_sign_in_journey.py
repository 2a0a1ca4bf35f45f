"""Journey: sign in with a password and an authenticator code, reach the home page, sign out. axe-clean throughout."""

import pytest

from audit.models import AuditEvent
from tests.factories import PASSWORD
from tests.personas import totp_code

from .conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_with_password_and_totp_then_sign_out(page, personas, live_server):
    dsl = personas["dsl"]
    page.goto("/")
    assert "/account/login/" in page.url  # signed out: sent to sign in
    assert_accessible(page)
    screenshot(page, "sign-in")

    page.get_by_label("Email").fill(dsl.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    page.wait_for_url("**/account/2fa/authenticate/")
    assert_accessible(page)
    page.get_by_label("Enter the code from your authenticator app").fill(totp_code())
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Home").is_visible()
    assert "Designated safeguarding lead" in page.locator("#acting-as").inner_text()
    assert_accessible(page)
    screenshot(page, "home")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/account/login/**")
    assert_accessible(page)
    assert list(AuditEvent.objects.filter(actor=dsl).values_list("action", flat=True)) == [
        "auth.signed_in",
        "auth.signed_out",
    ]


def test_wrong_password_shows_the_error_summary(page, personas):
    page.goto("/account/login/")
    page.get_by_label("Email").fill(personas["dsl"].email)
    page.get_by_label("Password", exact=True).fill("not-the-password-1")
    page.get_by_role("button", name="Sign in", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)


def test_enrolment_is_forced_and_accessible(page, personas):
    person = personas["no_second_factor"]
    page.goto("/account/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/account/2fa/totp/activate/")
    assert_accessible(page)
    screenshot(page, "set-up-two-factor")
    page.goto("/")
    assert page.url.endswith("/account/2fa/totp/activate/")
