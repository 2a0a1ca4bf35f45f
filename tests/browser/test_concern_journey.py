"""Journey: a teacher raises an urgent concern and sees the 999 message; the safeguarding lead is e-mailed (over
real SMTP), triages it with a rationale, sees it in the chronology, and exports the chronology as a PDF that opens
with its password and not without. Every page is checked with axe-core."""

import pikepdf
import pytest

from concerns.models import Concern
from triage.models import Decision

from .conftest import assert_accessible, screenshot
from .helpers import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def test_urgent_concern_from_teacher_to_chronology_export(page, personas, smtp, live_server, settings, tmp_path):
    settings.SERVICE_BASE_URL = live_server.url
    teacher, dsl = personas["staff"], personas["dsl"]
    personas["headteacher"]

    # --- the teacher records an urgent concern
    sign_in(page, teacher.email)
    page.get_by_role("link", name="Your concerns").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record a concern").click()
    page.get_by_label("First name").fill("Zoë")
    page.get_by_label("Last name").fill("Journeyperson")
    page.get_by_label("Day").fill("4")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("2016")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/edit/")
    assert not page.locator("#immediate-risk").is_visible()
    page.locator("#id_observed_on_0").fill("26")
    page.locator("#id_observed_on_1").fill("11")
    page.locator("#id_observed_on_2").fill("2026")
    page.get_by_label("Where did it happen?").fill("School gate")
    page.get_by_label("What did you see or hear?").fill("An adult said they would hurt another family tonight.")
    page.get_by_label("Condoning or supporting violence or harm towards others").check()
    page.get_by_label("Yes").check()
    # The 999 message appears at once, above everything, before anything is saved.
    banner = page.locator("#immediate-risk")
    banner.wait_for(state="visible")
    assert "Call 999 now, then tell your designated safeguarding lead in person." in banner.inner_text()
    assert banner.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
    page.get_by_text("Draft saved at").wait_for()  # the autosave reached the server
    assert_accessible(page)
    screenshot(page, "concern-form-immediate-risk")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/check/")
    assert_accessible(page)
    page.get_by_role("button", name="Submit concern").click()
    page.wait_for_url("**/submitted/")
    assert page.get_by_role("heading", name="Concern submitted").is_visible()
    assert page.locator("#immediate-risk").is_visible()
    assert_accessible(page)
    screenshot(page, "concern-submitted")
    concern = Concern.objects.get()
    assert concern.is_urgent and concern.status == Concern.Status.SUBMITTED
    sign_out(page)

    # --- the safeguarding lead is e-mailed, with a link and no personal details
    to_dsl = [m for m in smtp if m["X-Envelope-To"] == dsl.email]
    assert len(to_dsl) == 1
    body = to_dsl[0].get_payload()
    assert "URGENT" in body and "Journeyperson" not in body and "hurt" not in body
    link = next(line for line in body.splitlines() if line.startswith(live_server.url))

    # --- the lead follows the link, signs in and triages
    page.goto(link)
    assert "/account/login/" in page.url  # signed out: sign in first
    sign_in(page, dsl.email)
    page.goto(link)
    assert_accessible(page)
    screenshot(page, "triage-concern")
    page.get_by_role("button", name="Mark as read").click()
    page.get_by_label("Support in school").check()
    page.get_by_label("Why did you decide this?").fill("Family support through the school; police already told.")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("The decision has been recorded").wait_for()
    assert_accessible(page)
    decision = Decision.objects.get()
    assert decision.outcome == "support_in_school" and decision.decided_by == dsl

    # --- the chronology shows it, and exports as a protected PDF
    page.get_by_role("link", name="See the chronology").first.click()
    page.get_by_text("Family support through the school").wait_for()
    assert_accessible(page)
    screenshot(page, "chronology")
    page.get_by_role("button", name="Export as a protected PDF").click()
    password = page.locator("#export-password").inner_text().strip()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    path = tmp_path / "chronology.pdf"
    download_info.value.save_as(path)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(path)
    with pikepdf.open(path, password=password) as pdf:
        assert pdf.encryption.R == 6  # AES-256
        assert len(pdf.pages) >= 1
