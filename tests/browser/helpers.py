"""Steps the browser journeys share."""

from typing import Any

from tests.factories import PASSWORD
from tests.personas import totp_code


def sign_in(page: Any, email: str, *, code_offset: int = 0) -> None:
    """Sign in through the real pages: password, then the authenticator code. A code works once, so a second
    sign-in by the same person within 30 seconds uses the next step's code (code_offset=1)."""
    page.goto("/account/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/account/2fa/authenticate/")
    page.get_by_label("Enter the code from your authenticator app").fill(totp_code(offset=code_offset))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def sign_out(page: Any) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/account/login/**")
