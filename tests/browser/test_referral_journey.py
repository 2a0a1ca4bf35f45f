"""Journey: a safeguarding lead writes and sends a referral; a copy is e-mailed to a secure address (read from a real
SMTP server) and refused for a gmail address; a protected PDF copy opens only with its password (AES-256); the
police screen it; the coordinator asks a partner for information; the partner answers; the coordinator decides
Channel. Every page is checked with axe-core."""

import datetime

import pikepdf
import pytest

from cases.models import ChannelCase
from people.services import person_create
from referrals.models import Referral, SecureDomain
from referrals.services import referral_start
from sharing.models import SharingRecord

from .conftest import assert_accessible, screenshot
from .helpers import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_section(page, referral, section, fields, *, check=()):
    page.goto(f"/referrals/{referral.pk}/tasks/{section}/")
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    for label in check:
        page.get_by_label(label, exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(f"**/referrals/{referral.pk}/tasks/")


def test_referral_from_the_school_to_a_channel_case(page, personas, smtp, live_server, settings, tmp_path):
    settings.SERVICE_BASE_URL = live_server.url
    dsl, police, coordinator, partner = (
        personas["dsl"],
        personas["police"],
        personas["coordinator"],
        personas["panel_member"],
    )
    SecureDomain.objects.create(domain="secure.example.gov.uk", description="Test secure domain")
    person = person_create(
        acting=personas.membership("dsl"),
        organisation=personas.organisation("school"),
        given_name="Robin",
        family_name="Journeyman",
        date_of_birth=datetime.date(2014, 6, 1),
    )
    referral = referral_start(
        acting=personas.membership("dsl"), organisation=personas.organisation("school"), subject=person, concerns=[]
    )

    # --- the safeguarding lead completes the form, section by section, and sends it
    sign_in(page, dsl.email)
    page.goto(f"/referrals/{referral.pk}/tasks/")
    assert_accessible(page)
    screenshot(page, "referral-task-list")
    _fill_section(page, referral, "referrer", {"Phone number the police Prevent team can call you on": "01632 960002"})
    _fill_section(page, referral, "reason", {"Why are you referring them?": "Shares videos praising attacks."})
    _fill_section(page, referral, "concern_type", {}, check=["Extreme right-wing"])
    _fill_section(
        page,
        referral,
        "factors",
        {
            "Their personal and social circumstances": "Recently moved school.",
            "Risk factors": "Isolated; spends nights online.",
            "Protective factors": "Plays football on Saturdays.",
        },
    )
    _fill_section(page, referral, "consent", {}, check=["Consent given", "A parent"])
    page.get_by_role("button", name="Check and send").click()
    assert_accessible(page)
    page.get_by_label("Why is sharing this necessary and proportionate?").fill("Police screening needs the facts.")
    page.get_by_role("button", name="Send referral to the police Prevent team").click()
    page.wait_for_url("**/sent/")
    assert_accessible(page)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED

    # --- copies: refused for a gmail address, e-mailed to a secure one, and as a protected PDF
    page.get_by_role("link", name="send a copy securely").click()
    assert_accessible(page)
    email_form = page.locator("form", has=page.get_by_role("button", name="Send the copy by e-mail"))
    email_form.get_by_label("Secure e-mail address").fill("someone@gmail.com")
    email_form.get_by_label("Why is sharing a copy necessary and proportionate?").fill("The police asked for it.")
    email_form.get_by_label("Consent given").check()
    page.get_by_role("button", name="Send the copy by e-mail").click()
    page.get_by_text("You can only e-mail a copy to a secure address").first.wait_for()
    assert_accessible(page)
    assert smtp_to(smtp, "someone@gmail.com") == []
    email_form = page.locator("form", has=page.get_by_role("button", name="Send the copy by e-mail"))
    email_form.get_by_label("Secure e-mail address").fill("prevent.team@secure.example.gov.uk")
    email_form.get_by_label("Why is sharing a copy necessary and proportionate?").fill("The police asked for it.")
    email_form.get_by_label("Consent given").check()
    page.get_by_role("button", name="Send the copy by e-mail").click()
    page.wait_for_load_state()
    [copy] = smtp_to(smtp, "prevent.team@secure.example.gov.uk")
    assert "Journeyman" not in copy["Subject"]
    attachments = [part for part in copy.walk() if part.get_content_type() == "application/pdf"]
    assert len(attachments) == 1

    page.goto(f"/referrals/{referral.pk}/copies/")
    pdf_form = page.locator("form", has=page.get_by_role("button", name="Make the password-protected PDF"))
    pdf_form.get_by_label("Why is sharing a copy necessary and proportionate?").fill("Requested by phone.")
    pdf_form.get_by_label("Consent given").check()
    page.get_by_role("button", name="Make the password-protected PDF").click()
    password = page.locator(".app-password").first.inner_text().strip()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    path = tmp_path / "referral.pdf"
    download_info.value.save_as(path)
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(path)
    with pikepdf.open(path, password=password) as pdf:
        assert pdf.encryption.R == 6  # AES-256
    awaiting = SharingRecord.objects.get(object_id=str(referral.pk), channel="protected_pdf")
    assert awaiting.status == SharingRecord.Status.AWAITING_CALL
    sign_out(page)

    # --- the police screen it
    sign_in(page, police.email)
    page.goto(f"/referrals/{referral.pk}/screening/")
    assert_accessible(page)
    page.get_by_role("button", name="Start screening").click()
    page.get_by_label("What checks did you make?").fill("Police systems: nothing known.")
    page.get_by_label("Proceed to preliminary assessment").check()
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_text("Preliminary assessment").first.wait_for()
    assert_accessible(page)
    sign_out(page)

    # --- the coordinator asks the health trust for information
    sign_in(page, coordinator.email)
    page.goto(f"/referrals/{referral.pk}/assessment/")
    assert_accessible(page)
    page.get_by_label("Which organisation are you asking?").select_option(label="Riverside Health (test)")
    page.get_by_label("What do you need to know?").fill("Is he known to your service?")
    due = datetime.date.today() + datetime.timedelta(days=7)
    request_form = page.locator("form", has=page.get_by_role("button", name="Send the request"))
    request_form.get_by_label("Day").fill(str(due.day))
    request_form.get_by_label("Month").fill(str(due.month))
    request_form.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Send the request").click()
    page.get_by_text("Is he known to your service?").first.wait_for()
    sign_out(page)

    # --- the partner answers, seeing only the request
    sign_in(page, partner.email)
    page.goto("/referrals/information-requests/")
    assert_accessible(page)
    assert "Journeyman" not in page.content()
    page.get_by_role("link", name="IR-").first.click()
    page.get_by_label("Your answer").fill("Known to the school nurse; no concerns.")
    page.get_by_role("button", name="Send your answer").click()
    page.wait_for_load_state()
    sign_out(page)

    # --- the coordinator records the assessment and decides Channel
    sign_in(page, coordinator.email, code_offset=1)
    page.goto(f"/referrals/{referral.pk}/assessment/")
    assert "Known to the school nurse" in page.content()
    page.get_by_label("Initial vulnerability assessment").fill("Engagement moderate; intent and capability low.")
    page.locator("form", has=page.get_by_role("button", name="Save the assessment")).get_by_label("No").check()
    page.get_by_role("button", name="Save the assessment").click()
    page.get_by_label("Appropriate for Channel").check()
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("CH-").first.wait_for()
    assert_accessible(page)
    screenshot(page, "preliminary-assessment-channel")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CHANNEL
    assert ChannelCase.objects.filter(referral=referral).exists()
    assert SharingRecord.objects.filter(object_id=str(referral.pk), channel="internal").count() == 1
    assert SharingRecord.objects.filter(object_id=str(referral.pk), channel="secure_email").count() == 1


def smtp_to(messages, address):
    return [message for message in messages if message["X-Envelope-To"] == address]
