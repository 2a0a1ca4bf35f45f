"""Copies of a sent referral (policy 2.5): by e-mail to a secure address only, or as a password-protected PDF whose
password is given by phone — each recorded in the sharing register, and nothing sent before the address is checked."""

from __future__ import annotations

import datetime
import io
import re
import uuid
from collections.abc import Callable
from email.message import Message
from typing import Any

import pikepdf
import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import AuditEvent
from concerns.models import Concern
from concerns.services import concern_save_draft, concern_start, concern_submit
from core.access import NotPermitted
from core.models import ProtectedExport
from core.tasks import _unseal, email_attachment
from encryption.keyring import DecryptionError
from organisations.roles import Role
from people.services import household_member_add, person_create
from referrals.copies import Disclosure, referral_copy_email, referral_copy_pdf
from referrals.documents import referral_pdf_sections
from referrals.forms_copies import NOT_SECURE
from referrals.models import Referral, SecureDomain
from referrals.services import referral_save_section, referral_start, referral_submit
from sharing.models import SharingRecord

from .personas import Personas
from .refusals import ANOTHER_ORGANISATION, assert_refused, not_allowed
from .test_pdf import _page_texts, _squash

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]

GIVEN, FAMILY = "Amira", "Okonkwo-Hale"
ACCOUNT = "During the lunch break she showed two friends a video praising an attack. THE-END-OF-THE-ACCOUNT"
SECURE_ADDRESS = "prevent.team@essex.secure.example.gov.uk"
CALL_TEXT = (
    "Now ring the police Prevent team and give them the password. The copy counts as sent only when you record "
    "the call."
)
PASSWORD = re.compile(r'id="copy-password">([^<]+)<')


def _date_of_birth() -> datetime.date:
    today = timezone.localdate()
    return datetime.date(today.year - 13, 5, 17)


def make_sent_referral(personas: Personas, *, draft: bool = False) -> Referral:
    """A referral the school's DSL sent, with a household member, social media and a linked concern."""
    as_dsl, as_staff, school = personas.membership("dsl"), personas.membership("staff"), personas.organisation("school")
    personas.organisation("police")  # the area's police Prevent team
    person = person_create(
        acting=as_dsl, organisation=school, given_name=GIVEN, family_name=FAMILY, date_of_birth=_date_of_birth(),
        aliases=["Mira O"], gender="female", address="1 Marsh Lane, Chelmsford",
    )  # fmt: skip
    household_member_add(
        person=person, acting=as_dsl, name="Grace Okonkwo", relationship="mother",
        has_parental_responsibility=True, lives_with_person=True, contact_details="07700 900123",
    )  # fmt: skip
    concern = concern_start(acting=as_staff, organisation=school, subject=person)
    changes = {"observed_on": timezone.localdate(), "location": "Hall", "account": ACCOUNT, "immediate_risk": "no"}
    concern = concern_save_draft(concern=concern, acting=as_staff, changes=changes, expected_version=None)
    concern = concern_submit(concern=concern, acting=as_staff, expected_version=None)
    referral = referral_start(acting=as_dsl, organisation=school, subject=person, concerns=[concern])
    referral = referral_save_section(
        referral=referral, acting=as_dsl, expected_version=None, concern_type_codes=["islamist"],
        changes={
            "referrer_phone": "01234 567890", "reason": "She is being groomed online by an older cousin.",
            "personal_factors": "Recently bereaved.", "risk_factors": "Watches violent videos daily.",
            "protective_factors": "Close to her form tutor.", "consent": "given", "consent_by": "parent",
            "social_media": [{"platform": "TikTok", "handle": "@mira.o"}],
        },
    )  # fmt: skip
    if draft:
        return referral
    return referral_submit(
        referral=referral, acting=as_dsl, power_to_share="ctsa_2015",
        necessity="The police screen every Prevent referral.", expected_version=None,
    )  # fmt: skip


def sharing_data(prefix: str, **overrides: str) -> dict[str, str]:
    data = {
        "power_to_share": "ctsa_2015",
        "necessity": "The police Prevent team asked for a copy for their own system.",
        "consent": "given",
        "reason_without_consent": "",
    } | overrides
    return {f"{prefix}-{name}": value for name, value in data.items()}


def _secure_domain() -> None:
    SecureDomain.objects.create(domain="secure.example.gov.uk", description="Test secure network")


def _copies(referral: Referral) -> Any:
    return SharingRecord.objects.filter(object_type="referrals.referral", object_id=str(referral.pk)).exclude(
        channel=SharingRecord.Channel.INTERNAL
    )


def _pdf_attachment(message: Message) -> Message:
    parts = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert len(parts) == 1
    return parts[0]


def _body(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode()
    raise AssertionError("no text part")


# --- the page ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["dsl", "headteacher"])
def test_the_referring_organisations_leads_see_the_copies_page(personas, client_for: ClientFor, persona):
    referral = make_sent_referral(personas)
    response = client_for(persona).get(reverse("referrals:copies", args=[referral.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Send a copy" in html
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and referral.reference in title.group(1) and GIVEN not in title.group(1)
    assert "nhs.net" in html and "pnn.police.uk" in html and "gsi.gov.uk" not in html  # active domains only
    assert "No copies of this referral have been made." in html
    # Two forms on one page: every id once.
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert AuditEvent.objects.filter(action="read.referral_copies", object_id=str(referral.pk)).exists()


@pytest.mark.parametrize("persona", ["staff", "other_dsl", "police", "coordinator", "ig", "sysadmin"])
def test_everyone_else_gets_an_audited_404(personas, client_for: ClientFor, persona):
    referral = make_sent_referral(personas)
    client = client_for(persona)
    for name in ("referrals:copy_email", "referrals:copy_pdf"):
        assert client.post(reverse(name, args=[referral.pk]), sharing_data("email")).status_code == 404
    assert client.get(reverse("referrals:copies", args=[referral.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=personas[persona]).count() == 3
    assert not _copies(referral).exists()


def test_a_draft_has_no_copies(personas, client_for: ClientFor):
    referral = make_sent_referral(personas, draft=True)
    client = client_for("dsl")
    assert client.get(reverse("referrals:copies", args=[referral.pk])).status_code == 404
    _secure_domain()
    data = sharing_data("email", address=SECURE_ADDRESS)
    assert client.post(reverse("referrals:copy_email", args=[referral.pk]), data).status_code == 404
    assert not SharingRecord.objects.exists()


# --- by secure e-mail --------------------------------------------------------------------------------------------


def test_a_copy_emailed_to_a_secure_address_arrives_with_the_pdf(
    personas, client_for: ClientFor, smtp, django_capture_on_commit_callbacks
):
    referral = make_sent_referral(personas)
    _secure_domain()
    url = reverse("referrals:copy_email", args=[referral.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("dsl").post(url, sharing_data("email", address=SECURE_ADDRESS))
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:copies", args=[referral.pk])

    assert len(smtp) == 1
    message = smtp[0]
    assert message["X-Envelope-To"] == SECURE_ADDRESS
    assert referral.reference in message["Subject"]
    body = _body(message)
    for text in (message["Subject"], body):
        assert GIVEN not in text and FAMILY not in text and "Okonkwo" not in text
    assert "attached" in body
    attachment = _pdf_attachment(message)
    assert attachment.get_filename() == f"referral-{referral.reference}.pdf"
    content = attachment.get_payload(decode=True)
    assert isinstance(content, bytes)
    with pikepdf.open(io.BytesIO(content)) as pdf:  # no password: the address is on the secure list
        assert not pdf.is_encrypted
        text = _squash("\n".join(_page_texts(pdf)))
    for expected in (
        GIVEN, FAMILY, "Mira O", "Grace Okonkwo", "07700 900123", "TikTok", "@mira.o", "groomed online",
        "Islamist", "Recently bereaved", "Watches violent videos", "Close to her form tutor", "A parent",
        "1 Marsh Lane", "01234 567890", "THE-END-OF-THE-ACCOUNT", referral.concerns.get().reference,
    ):  # fmt: skip
        assert _squash(expected) in text, expected

    record = _copies(referral).get()
    assert record.channel == SharingRecord.Channel.SECURE_EMAIL
    assert record.status == SharingRecord.Status.SENT and record.sent_at is not None
    assert record.to_address == SECURE_ADDRESS
    assert record.from_organisation == personas.organisation("school")
    assert record.shared_by == personas["dsl"]
    assert record.power_to_share == "ctsa_2015" and record.consent == "given"
    assert AuditEvent.objects.filter(action="sharing.recorded", object_id=str(record.pk)).exists()
    read = AuditEvent.objects.get(action="read.referral_copy", object_id=str(referral.pk))
    assert read.details["sharing_record"] == record.pk
    assert SECURE_ADDRESS not in str(read.details)

    page = client_for("dsl").get(reverse("referrals:copies", args=[referral.pk])).content.decode()
    assert SECURE_ADDRESS in page and "E-mail to a secure address" in page and ">Sent<" in page


def test_a_subdomain_of_a_seeded_secure_domain_is_accepted(
    personas, client_for: ClientFor, smtp, django_capture_on_commit_callbacks
):
    referral = make_sent_referral(personas)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("headteacher").post(
            reverse("referrals:copy_email", args=[referral.pk]),
            sharing_data("email", address="prevent@essex.pnn.police.uk"),
        )
    assert [m["X-Envelope-To"] for m in smtp] == ["prevent@essex.pnn.police.uk"]
    assert _copies(referral).get().shared_by == personas["headteacher"]


@pytest.mark.parametrize(
    "address",
    [
        "someone@gmail.com",
        "prevent@essex.gsi.gov.uk",  # a withdrawn domain: listed, switched off
        "prevent@gcsx.gov.uk",
        "prevent@nhs.net.example.com",  # looks like it, is not it
        "prevent@evilnhs.net",
    ],
)
def test_an_address_that_is_not_secure_is_refused_and_nothing_is_sent(
    personas, client_for: ClientFor, smtp, django_capture_on_commit_callbacks, address
):
    referral = make_sent_referral(personas)
    client = client_for("dsl")
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("referrals:copy_email", args=[referral.pk]), sharing_data("email", address=address)
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_SECURE in html.replace("&#x27;", "'")
    assert "govuk-error-summary" in html and 'href="#id_email-address"' in html
    assert "<title>Error:" in html
    assert callbacks == []
    assert smtp == []
    assert not _copies(referral).exists()
    # Only the read of the page was recorded: no disclosure, no read of a copy.
    assert list(AuditEvent.objects.order_by("sequence")[events:].values_list("action", flat=True)) == [
        "read.referral_copies"
    ]


def test_the_sharing_fields_are_required(personas, client_for: ClientFor, smtp, django_capture_on_commit_callbacks):
    referral = make_sent_referral(personas)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("dsl").post(
            reverse("referrals:copy_email", args=[referral.pk]),
            {"email-address": "prevent@essex.pnn.police.uk", "email-consent": "refused"},
        )
    html = response.content.decode()
    assert response.status_code == 200
    for message in (
        "Select the power to share",
        "Explain why sharing is necessary and proportionate",
        "Explain why you are sharing without consent",
    ):
        assert message in html
    assert smtp == [] and not _copies(referral).exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}})
def test_the_queued_message_holds_the_pdf_sealed(personas, client_for: ClientFor, django_capture_on_commit_callbacks):
    """The task queue is a table: the copy waiting there is encrypted with the key ring, like any stored file."""
    referral = make_sent_referral(personas)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("dsl").post(
            reverse("referrals:copy_email", args=[referral.pk]),
            sharing_data("email", address="prevent@essex.pnn.police.uk"),
        )
    task = DBTaskResult.objects.get()
    stored = str(task.args_kwargs)
    assert "JVBERi" not in stored  # base64 of "%PDF"
    for text in (GIVEN, FAMILY, "groomed"):
        assert text not in stored
    (attachment,) = task.args_kwargs["kwargs"]["attachments"]
    filename, content, mimetype = _unseal(attachment)
    assert filename == f"referral-{referral.reference}.pdf" and mimetype == "application/pdf"
    assert content.startswith(b"%PDF")


def test_a_sealed_attachment_cannot_be_moved_or_renamed():
    attachment = email_attachment(filename="referral-R-000001.pdf", mimetype="application/pdf", content=b"%PDF-1.7")
    assert _unseal(attachment)[1] == b"%PDF-1.7"
    with pytest.raises(DecryptionError):
        _unseal(attachment | {"filename": "referral-R-000002.pdf"})
    with pytest.raises(ValueError, match="Unsafe attachment filename"):
        email_attachment(filename="../Amira.pdf", mimetype="application/pdf", content=b"")
    with pytest.raises(ValueError, match="not sent"):
        email_attachment(filename="a.html", mimetype="text/html", content=b"")


# --- password-protected PDF ---------------------------------------------------------------------------------------


def _make_pdf(client: Client, referral: Referral, **overrides: str) -> tuple[Any, str, str]:
    response = client.post(reverse("referrals:copy_pdf", args=[referral.pk]), sharing_data("pdf", **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    password = PASSWORD.search(html)
    link = re.search(r'href="(/referrals/\d+/copies/pdf/[0-9a-f-]+/)"', html)
    assert password and link, html
    return response, password.group(1).strip(), link.group(1)


def _call(client: Client, record: SharingRecord, when: datetime.datetime, who: str = "DC Sam Reid") -> Any:
    local = timezone.localtime(when)
    return client.post(
        reverse("sharing:record_call", args=[record.pk]),
        {
            "call-given_to": who, "call-given_on_0": str(local.day), "call-given_on_1": str(local.month),
            "call-given_on_2": str(local.year), "call-given_time": f"{local:%H:%M}",
        },
    )  # fmt: skip


def test_a_protected_copy_shows_its_password_once_and_opens_only_with_it(personas, client_for: ClientFor):
    referral = make_sent_referral(personas)
    client = client_for("dsl")
    response, password, link = _make_pdf(client, referral)
    html = response.content.decode()
    assert CALL_TEXT in html
    assert html.count(password) == 1
    assert "no-store" in response["Cache-Control"]
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", password)

    record = _copies(referral).get()
    assert record.channel == SharingRecord.Channel.PROTECTED_PDF
    assert record.status == SharingRecord.Status.AWAITING_CALL and record.sent_at is None
    assert record.to_organisation == personas.organisation("police")

    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="referral-{referral.reference}.pdf"'
    assert "no-store" in download["Cache-Control"]
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(download.content))
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(download.content), password="abcd-efgh-ijkm-npqr")
    with pikepdf.open(io.BytesIO(download.content), password=password) as pdf:
        assert pdf.encryption.R == 6 and pdf.encryption.bits == 256
        text = _squash("\n".join(_page_texts(pdf)))
    assert _squash(f"{GIVEN}") in text and _squash("Grace Okonkwo") in text
    for raw in (GIVEN, FAMILY):
        assert raw.encode() not in download.content

    # Once only; the file is not kept.
    assert ProtectedExport.objects.get().blob is None
    again = client.get(link)
    assert again.status_code == 410
    assert reverse("referrals:copies", args=[referral.pk]) in again.content.decode()

    # The password is stored nowhere: not in the audit log, the register, the session or the export.
    for event in AuditEvent.objects.all():
        assert password not in str(event.details)
    assert password not in str(SharingRecord.objects.filter(pk=record.pk).values().get())
    assert password not in str(dict(client.session.items()))
    # A referral copy is audited under its own names, not the chronology's.
    created = AuditEvent.objects.get(action="referral.copy_pdf_kept")
    assert created.details["kind"] == "referral_copy"
    assert created.details["referral"] == referral.pk
    assert (
        AuditEvent.objects.filter(
            action="referral.copy_downloaded", object_id=str(ProtectedExport.objects.get().pk)
        ).count()
        == 1
    )
    assert AuditEvent.objects.filter(action="referral.copy_download_refused").count() == 1
    assert not AuditEvent.objects.filter(action__startswith="chronology.").exists()


def test_the_copy_counts_as_sent_only_once_the_call_is_recorded(personas, client_for: ClientFor):
    referral = make_sent_referral(personas)
    client = client_for("dsl")
    _make_pdf(client, referral)
    record = _copies(referral).get()
    page = client.get(reverse("referrals:copies", args=[referral.pk])).content.decode()
    assert "Waiting for the phone call" in page

    called_at = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=5)
    response = _call(client, record, called_at)
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:copies", args=[referral.pk])
    record.refresh_from_db()
    assert record.status == SharingRecord.Status.SENT and record.sent_at is not None
    assert record.password_given_to == "DC Sam Reid"
    assert record.password_given_at == called_at
    assert AuditEvent.objects.filter(action="sharing.password_call_recorded", object_id=str(record.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "The call has been recorded" in page and "Waiting for the phone call" not in page

    detail = client.get(reverse("sharing:record_detail", args=[record.pk])).content.decode()
    assert "DC Sam Reid" in detail

    # A second call changes nothing.
    again = _call(client, record, called_at, who="Someone else")
    assert again.status_code == 302
    record.refresh_from_db()
    assert record.password_given_to == "DC Sam Reid"


def test_a_call_in_the_future_is_refused(personas, client_for: ClientFor):
    referral = make_sent_referral(personas)
    client = client_for("dsl")
    _make_pdf(client, referral)
    record = _copies(referral).get()
    response = _call(client, record, timezone.now() + datetime.timedelta(days=1))
    assert response.status_code == 200
    assert "The date of the call must be today or in the past" in response.content.decode()
    later_today = timezone.localtime() + datetime.timedelta(minutes=30)
    if later_today.date() == timezone.localdate():
        response = _call(client, record, later_today)
        assert response.status_code == 200
        assert "The call must be now or in the past" in response.content.decode()
    response = client.post(reverse("sharing:record_call", args=[record.pk]), {"call-given_time": "25:00"})
    html = response.content.decode()
    assert "Enter who you gave the password to" in html and "Enter the time of the call like 14:30" in html
    record.refresh_from_db()
    assert record.status == SharingRecord.Status.AWAITING_CALL


@pytest.mark.parametrize("persona", ["other_dsl", "ig", "staff", "police"])
def test_only_the_referring_organisations_leads_record_the_call(personas, client_for: ClientFor, persona):
    referral = make_sent_referral(personas)
    _make_pdf(client_for("dsl"), referral)
    record = _copies(referral).get()
    response = _call(client_for(persona), record, timezone.now() - datetime.timedelta(minutes=1))
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.status == SharingRecord.Status.AWAITING_CALL


@pytest.mark.parametrize("persona", ["headteacher", "other_dsl", "police"])
def test_someone_elses_protected_copy_is_an_audited_404(personas, client_for: ClientFor, persona):
    referral = make_sent_referral(personas)
    _, _, link = _make_pdf(client_for("dsl"), referral)
    assert client_for(persona).get(link).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=personas[persona]).exists()
    assert ProtectedExport.objects.get().downloaded_at is None


def test_an_unknown_download_is_an_audited_404(personas, client_for: ClientFor):
    referral = make_sent_referral(personas)
    url = reverse("referrals:copy_download", args=[referral.pk, uuid.uuid4()])
    assert client_for("dsl").get(url).status_code == 404


def test_every_section_of_the_form_is_in_the_document(personas):
    referral = make_sent_referral(personas)
    headings = [section.heading for section in referral_pdf_sections(referral)]
    for heading in (
        "Referrer and organisation", "The person", "Aliases", "Family and household", "Social media",
        "Reason for referral", "Type of concern", "Personal and social factors", "Risk factors",
        "Protective factors", "Consent",
    ):  # fmt: skip
        assert heading in headings
    concern = Concern.objects.get()
    assert f"Concern {concern.reference}" in headings


# --- who may make a copy: the services refuse anyone else, in the audit log ----------------------------------------

DISCLOSURE = Disclosure(
    power_to_share="ctsa_2015", necessity="The police asked for a copy.", consent="given", reason_without_consent=""
)


def test_a_lead_at_another_school_may_not_send_a_copy(personas, smtp, django_capture_on_commit_callbacks):
    referral = make_sent_referral(personas)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(NotPermitted):
        referral_copy_email(
            referral=referral, acting=personas.membership("other_dsl"), address=SECURE_ADDRESS, disclosure=DISCLOSURE
        )
    assert_refused(personas, "other_dsl", service="referral_copy_email", reason=ANOTHER_ORGANISATION)
    assert callbacks == [] and smtp == []
    assert not _copies(referral).exists()
    assert not AuditEvent.objects.filter(action="read.referral_copy").exists()


def test_the_police_may_not_make_a_protected_copy(personas):
    referral = make_sent_referral(personas)
    with pytest.raises(NotPermitted):
        referral_copy_pdf(referral=referral, acting=personas.membership("police"), disclosure=DISCLOSURE)
    assert_refused(personas, "police", service="referral_copy_pdf", reason=not_allowed(Role.POLICE_PREVENT_OFFICER))
    assert not _copies(referral).exists() and not ProtectedExport.objects.exists()
