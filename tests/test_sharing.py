"""The sharing register in pages: who reads which records, its filter and pages, one record's reasons, and the
secure domains and types of concern that administrators keep."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from core.access import NotPermitted
from organisations.models import Organisation
from organisations.roles import Role
from referrals.models import ConcernType, Referral, SecureDomain
from sharing.models import SharingRecord
from sharing.services import sharing_record_create, sharing_record_password_call

from .factories import AreaFactory, MembershipFactory, OrganisationFactory, UserFactory
from .personas import TOTP_SECRET, Personas
from .refusals import ANOTHER_ORGANISATION, assert_refused, not_allowed
from .test_referral_copies import FAMILY, GIVEN, make_sent_referral

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]

ADDRESS = "prevent.team@essex.pnn.police.uk"
NECESSITY = "The police Prevent team asked for a copy for their own case system."
WITHOUT_CONSENT = "Asking the family would alert the cousin who is grooming her."


def _copy(personas: Personas, referral: Referral, **overrides: object) -> SharingRecord:
    arguments: dict[str, object] = {
        "acting": personas.membership("dsl"), "what": "Copy of a Prevent referral (VTR form)", "obj": referral,
        "from_organisation": referral.organisation, "channel": SharingRecord.Channel.SECURE_EMAIL,
        "to_address": ADDRESS, "power_to_share": "children_act", "necessity": NECESSITY, "consent": "refused",
        "reason_without_consent": WITHOUT_CONSENT,
    } | overrides  # fmt: skip
    return sharing_record_create(**arguments)  # type: ignore[arg-type]


def _other_area_governance() -> Client:
    """Information governance in another area (Southend)."""
    council = OrganisationFactory.create(
        name="Southend Council (test)", kind=Organisation.Kind.LOCAL_AUTHORITY,
        area=AreaFactory(code="southend", name="Southend"),
    )  # fmt: skip
    user: User = UserFactory.create(email="ig.southend@example.org", full_name="Southend Governance")
    MembershipFactory.create(user=user, organisation=council, role=Role.INFORMATION_GOVERNANCE)
    TOTP.activate(user, TOTP_SECRET)
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def _register(client: Client, query: str = "") -> tuple[int, str]:
    response = client.get(reverse("sharing:register") + query)
    return response.status_code, response.content.decode()


# --- who reads the register ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["ig", "dsl", "headteacher"])
def test_governance_of_the_area_and_the_organisations_leads_see_its_records(personas, client_for, persona):
    referral = make_sent_referral(personas)
    record = _copy(personas, referral)
    status, html = _register(client_for(persona))
    assert status == 200
    assert referral.reference in html
    assert reverse("sharing:record_detail", args=[record.pk]) in html
    assert ADDRESS in html  # the recipient of an e-mailed copy
    assert personas.organisation("police").name in html  # the route inside the service went to the police
    assert "Counter-Terrorism and Security Act 2015" in html and "Children Act 1989" in html
    assert "govuk-tag--yellow" not in html  # nothing is waiting for a call
    for name in (GIVEN, FAMILY):
        assert name not in html  # references, never names
    event = AuditEvent.objects.filter(action="read.list", actor=personas[persona]).get()
    shown = [int(pk) for pk in re.findall(r'href="/sharing/(\d+)/"', html)]
    assert record.pk in shown and len(shown) == 2
    assert event.object_type == "sharing.sharingrecord"
    assert event.details == {
        "what": "sharing_register", "ids": shown, "count": 2, "page": 1, "total": 2, "filters": {},
    }  # fmt: skip


def test_governance_of_another_area_and_another_schools_lead_see_none_of_them(personas, client_for):
    referral = make_sent_referral(personas)
    record = _copy(personas, referral)
    for client in (_other_area_governance(), client_for("other_dsl")):
        status, html = _register(client)
        assert status == 200
        assert referral.reference not in html and "No records match." in html
        assert client.get(reverse("sharing:record_detail", args=[record.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["staff", "police", "coordinator", "chair", "panel_member", "provider", "sysadmin"])
def test_everyone_else_gets_an_audited_404(personas, client_for, persona):
    record = _copy(personas, make_sent_referral(personas))
    client = client_for(persona)
    assert client.get(reverse("sharing:register")).status_code == 404
    assert client.get(reverse("sharing:record_detail", args=[record.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=personas[persona]).count() == 2
    reads = AuditEvent.objects.filter(action__in=["read.list", "read.sharing_record"], actor=personas[persona])
    assert not reads.exists()


def test_anonymous_is_sent_to_sign_in(personas, client_for):
    response = client_for("anonymous").get(reverse("sharing:register"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_register_is_in_the_navigation_of_those_who_read_it(personas, client_for):
    for persona, shown in (("ig", True), ("dsl", True), ("headteacher", True), ("police", False), ("staff", False)):
        html = client_for(persona).get(reverse("site:dashboard")).content.decode()
        assert ("Sharing register" in html) is shown, persona


# --- the list ----------------------------------------------------------------------------------------------------


def test_the_register_filters_by_channel_and_status(personas, client_for):
    referral = make_sent_referral(personas)
    _copy(personas, referral)
    awaiting = _copy(
        personas, referral, channel=SharingRecord.Channel.PROTECTED_PDF, to_address="",
        to_organisation=personas.organisation("police"),
    )  # fmt: skip
    client = client_for("ig")
    rows = re.compile(r'href="/sharing/(\d+)/"')
    _, html = _register(client, "?channel=protected_pdf")
    assert rows.findall(html) == [str(awaiting.pk)]
    _, html = _register(client, "?status=awaiting_call")
    assert rows.findall(html) == [str(awaiting.pk)] and "govuk-tag--yellow" in html
    _, html = _register(client, "?channel=secure_email&status=awaiting_call")
    assert rows.findall(html) == [] and "No records match." in html
    _, html = _register(client, "?channel=internal")
    assert len(rows.findall(html)) == 1
    status, html = _register(client, "?channel=carrier-pigeon")
    assert status == 200 and "Select how it was sent from the list" in html
    assert len(rows.findall(html)) == 3  # an invalid filter filters nothing
    event = AuditEvent.objects.filter(action="read.list").order_by("sequence").first()
    assert event is not None and event.details["filters"] == {"channel": "protected_pdf"}
    assert event.details["ids"] == [awaiting.pk]


def test_the_register_has_pages_of_fifty(personas, client_for):
    referral = make_sent_referral(personas)
    for _ in range(50):
        _copy(personas, referral)
    client = client_for("dsl")
    rows = re.compile(r'href="/sharing/(\d+)/"')
    _, first = _register(client, "?channel=secure_email")
    assert len(rows.findall(first)) == 50
    assert "Page 1 of 1" not in first
    _, all_first = _register(client)
    assert len(rows.findall(all_first)) == 50 and "Page 1 of 2" in all_first
    assert 'href="?page=2"' in all_first
    _, second = _register(client, "?page=2")
    assert len(rows.findall(second)) == 1 and "Page 2 of 2" in second
    oldest = SharingRecord.objects.order_by("created_at", "pk").first()
    assert oldest is not None and oldest.channel == SharingRecord.Channel.INTERNAL
    assert rows.findall(second) == [str(oldest.pk)]
    # Each page view records the rows of that page only.
    events = list(AuditEvent.objects.filter(action="read.list").order_by("-sequence")[:2])
    assert events[0].details["ids"] == [oldest.pk]
    assert (events[0].details["page"], events[0].details["count"], events[0].details["total"]) == (2, 1, 51)
    assert events[1].details["ids"] == [int(pk) for pk in rows.findall(all_first)]


def test_the_address_is_encrypted_at_rest(personas):
    record = _copy(personas, make_sent_referral(personas))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_address, necessity_and_proportionality, reason_without_consent FROM sharing_sharingrecord "
            "WHERE id = %s",
            [record.pk],
        )
        stored = cursor.fetchone()
    assert ADDRESS not in str(stored) and NECESSITY not in str(stored) and WITHOUT_CONSENT not in str(stored)


# --- one record --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["ig", "dsl", "headteacher"])
def test_a_record_shows_why_sharing_was_necessary_and_why_without_consent(personas, client_for, persona):
    referral = make_sent_referral(personas)
    record = _copy(personas, referral)
    response = client_for(persona).get(reverse("sharing:record_detail", args=[record.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert NECESSITY in html and WITHOUT_CONSENT in html and ADDRESS in html
    assert referral.reference in html and "Consent refused: sharing without it" in html
    assert GIVEN not in html
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and GIVEN not in title.group(1)
    assert "Record the call" not in html  # sent by e-mail: there is no call to record
    read = AuditEvent.objects.get(action="read.sharing_record", actor=personas[persona])
    assert read.object_id == str(record.pk) and NECESSITY not in str(read.details)


def test_governance_reads_a_copy_awaiting_its_call_but_cannot_record_it(personas, client_for):
    referral = make_sent_referral(personas)
    record = _copy(
        personas, referral, channel=SharingRecord.Channel.PROTECTED_PDF, to_address="",
        to_organisation=personas.organisation("police"),
    )  # fmt: skip
    html = client_for("ig").get(reverse("sharing:record_detail", args=[record.pk])).content.decode()
    assert "Not yet recorded" in html and 'action="/sharing/' not in html
    lead = client_for("dsl").get(reverse("sharing:record_detail", args=[record.pk])).content.decode()
    assert f'action="{reverse("sharing:record_call", args=[record.pk])}"' in lead


# --- who may record a disclosure (the services themselves) ------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "reason"),
    [("staff", not_allowed("staff")), ("other_dsl", ANOTHER_ORGANISATION), ("ig", ANOTHER_ORGANISATION)],
)
def test_a_disclosure_is_recorded_only_by_someone_acting_for_the_disclosing_organisation(personas, persona, reason):
    referral = make_sent_referral(personas)
    before = SharingRecord.objects.count()
    with pytest.raises(NotPermitted, match=reason):
        _copy(personas, referral, acting=personas.membership(persona))
    event = assert_refused(personas, persona, service="sharing_record_create", reason=reason)
    assert (event.object_type, event.object_id) == ("referrals.referral", str(referral.pk))
    assert SharingRecord.objects.count() == before


@pytest.mark.parametrize(
    ("persona", "reason"),
    [("police", not_allowed("police_prevent_officer")), ("other_dsl", ANOTHER_ORGANISATION)],
)
def test_the_password_call_is_recorded_only_by_a_lead_of_the_disclosing_organisation(personas, persona, reason):
    referral = make_sent_referral(personas)
    record = _copy(
        personas, referral, channel=SharingRecord.Channel.PROTECTED_PDF, to_address="",
        to_organisation=personas.organisation("police"),
    )  # fmt: skip
    with pytest.raises(NotPermitted, match=reason):
        sharing_record_password_call(
            record=record, acting=personas.membership(persona), given_to="PC Hart", given_at=timezone.now()
        )
    event = assert_refused(personas, persona, service="sharing_record_password_call", reason=reason)
    assert (event.object_type, event.object_id) == ("sharing.sharingrecord", str(record.pk))
    record.refresh_from_db()
    assert record.status == SharingRecord.Status.AWAITING_CALL and record.sent_at is None
    sent = sharing_record_password_call(
        record=record, acting=personas.membership("headteacher"), given_to="PC Hart", given_at=timezone.now()
    )
    assert sent.status == SharingRecord.Status.SENT
    recorded = AuditEvent.objects.get(action="sharing.password_call_recorded")
    assert (recorded.acting_organisation_id, recorded.acting_role) == (referral.organisation_id, "headteacher")


# --- administration: secure domains and types of concern ---------------------------------------------------------


def test_the_administrator_keeps_the_secure_domains(personas, client_for):
    client = client_for("sysadmin")
    listing = client.get(reverse("admin:referrals_securedomain_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "nhs.net" in html and "gsi.gov.uk" in html and "Withdrawn in 2019" in html
    assert client.get(reverse("admin:referrals_securedomain_add")).status_code == 200
    response = client.post(
        reverse("admin:referrals_securedomain_add"),
        {"domain": "Secure.Example.GOV.UK.", "description": "Test network", "is_active": "on", "note": ""},
    )
    assert response.status_code == 302
    added = SecureDomain.objects.get(domain="secure.example.gov.uk")
    assert AuditEvent.objects.filter(action="admin.added", object_id=str(added.pk)).exists()
    for bad in ("net", "@nhs.net", "https://nhs.net", "gov.uk"):
        refused = client.post(reverse("admin:referrals_securedomain_add"), {"domain": bad, "is_active": "on"})
        assert refused.status_code == 200, bad
    assert not SecureDomain.objects.filter(domain__in=["net", "gov.uk"]).exists()
    # Withdrawn, never deleted.
    assert client.get(reverse("admin:referrals_securedomain_delete", args=[added.pk])).status_code == 403


def test_the_administrator_adds_and_switches_off_types_of_concern(personas, client_for):
    client = client_for("sysadmin")
    assert client.get(reverse("admin:referrals_concerntype_changelist")).status_code == 200
    response = client.post(
        reverse("admin:referrals_concerntype_add"),
        {"code": "hateful_misogyny", "label": "Hateful misogyny", "order": "20", "is_active": "on"},
    )
    assert response.status_code == 302
    added = ConcernType.objects.get(code="hateful_misogyny")
    assert client.get(reverse("admin:referrals_concerntype_delete", args=[added.pk])).status_code == 403
    client.post(
        reverse("admin:referrals_concerntype_change", args=[added.pk]),
        {"code": "renamed", "label": "Hateful misogyny", "order": "20"},
    )
    added.refresh_from_db()
    assert added.code == "hateful_misogyny" and not added.is_active


@pytest.mark.parametrize("persona", ["dsl", "ig", "police"])
def test_nobody_else_reaches_the_lists(personas, client_for, persona):
    assert client_for(persona).get(reverse("admin:referrals_securedomain_changelist")).status_code == 404
