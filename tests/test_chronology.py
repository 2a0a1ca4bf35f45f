"""A person's chronology: every step in time order, who may see it, its filter, its cost in queries, and the
password-protected PDF export with its one download."""

from __future__ import annotations

import datetime
import io
import re
import uuid
from collections.abc import Callable
from typing import Any

import pikepdf
import pytest
from django import forms
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from chronology import providers
from chronology.forms import ChronologyFilterForm
from chronology.providers import Entry, chronology_for, register
from chronology.services import chronology_sections, export_create
from concerns.models import Addendum, Concern
from concerns.services import addendum_add, concern_save_draft, concern_start, concern_submit
from core.access import NotPermitted
from core.exports import exports_clear_expired
from core.models import DOWNLOAD_WINDOW, ProtectedExport
from encryption.keyring import keyring
from organisations.models import Membership, Organisation
from people.models import Person
from people.services import person_create
from triage.models import Clarification, ConsentRecord, Decision
from triage.services import (
    clarification_record,
    concern_mark_read,
    consent_record,
    decision_record,
    decision_reopen,
)

from .personas import Personas
from .refusals import assert_refused, not_allowed

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str], Client]

DATE_OF_BIRTH = datetime.date(2014, 5, 17)
LONG_ACCOUNT = (
    "During the lunch break Amira showed two friends a video on her phone praising an attack, and said her "
    "cousin sends her these every week and that people like them deserve it. She seemed unsure rather than "
    "excited and asked me afterwards whether she would be in trouble. "
) * 3 + "THE-END-OF-THE-ACCOUNT"
ALL_KINDS = [
    "concern.submitted",
    "triage.clarification",
    "concern.addendum",
    "triage.consent",
    "triage.decision",
    "triage.reopened",
]


def _at(day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 1, day, hour, 0))


def _membership(personas: Personas, name: str) -> Membership:
    return personas[name].memberships.select_related("organisation").get()


def _person(personas: Personas, organisation: str = "school") -> Person:
    return person_create(
        acting=personas.membership("dsl"), organisation=personas.organisation(organisation), given_name="Amira",
        family_name="Okonkwo-Hale", date_of_birth=DATE_OF_BIRTH, preferred_name="Mira",
    )  # fmt: skip


def _concern(
    personas: Personas,
    person: Person,
    *,
    by: str = "staff",
    organisation: str = "school",
    account: str = "Said something worrying in class.",
    urgent: bool = False,
    submit: bool = True,
) -> Concern:
    user = personas.membership(by)
    concern = concern_start(acting=user, organisation=personas.organisation(organisation), subject=person)
    changes = {
        "observed_on": datetime.date(2026, 1, 2),
        "location": "The playground",
        "account": account,
        "immediate_risk": "yes" if urgent else "no",
    }
    concern = concern_save_draft(concern=concern, acting=user, changes=changes, expected_version=None)
    if submit:
        concern = concern_submit(concern=concern, acting=user, expected_version=None)
    return concern


def _story(personas: Personas, person: Person) -> Concern:
    """One concern through every step of triage, each step dated so that time order differs from the order the
    providers are registered in (the clarification comes before the addendum)."""
    dsl = personas.membership("dsl")
    concern = _concern(personas, person, account=LONG_ACCOUNT, urgent=True)
    Concern.objects.filter(pk=concern.pk).update(submitted_at=_at(5))
    concern = concern_mark_read(concern=concern, acting=dsl)
    clarification = clarification_record(
        concern=concern, acting=dsl, spoke_with="family", who="Her mother", spoke_on=datetime.date(2026, 1, 6),
        summary="Her mother knows about the cousin and is worried too.",
    )  # fmt: skip
    Clarification.objects.filter(pk=clarification.pk).update(recorded_at=_at(6))
    addendum = addendum_add(concern=concern, acting=personas.membership("staff"), text="She apologised the next day.")
    Addendum.objects.filter(pk=addendum.pk).update(created_at=_at(7))
    consent = consent_record(
        concern=concern, acting=dsl, position="given", given_by="Her mother", note="Happy for school to help."
    )
    ConsentRecord.objects.filter(pk=consent.pk).update(recorded_at=_at(8))
    review_on = timezone.localdate() + datetime.timedelta(days=30)
    decision = decision_record(
        concern=concern, acting=dsl, outcome="monitor", rationale="Watch and talk again.", review_on=review_on
    )
    Decision.objects.filter(pk=decision.pk).update(decided_at=_at(9))
    decision_reopen(concern=concern, acting=dsl, reason="Her cousin has moved in with the family.")
    Decision.objects.filter(pk=decision.pk).update(reopened_at=_at(10))
    return concern


def _page(client: Client, person: Person, **query: Any) -> Any:
    return client.get(reverse("chronology:person", args=[person.pk]), query)


def _title(response: Any) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match
    return match.group(1)


# --- the entries -------------------------------------------------------------------------------------------


def test_every_kind_appears_in_time_order(personas):
    person = _person(personas)
    concern = _story(personas, person)
    entries = chronology_for(person=person, membership=_membership(personas, "dsl"))
    assert [entry.kind for entry in entries] == ALL_KINDS
    assert [entry.at for entry in entries] == [_at(day) for day in (5, 6, 7, 8, 9, 10)]
    submitted, clarification, addendum, consent, decision, reopened = entries
    assert submitted.title == "Urgent concern recorded"
    assert submitted.detail == LONG_ACCOUNT  # in full: the page shortens it, the PDF does not
    assert submitted.by == personas["staff"].full_name
    assert submitted.source == f"concern {concern.reference}"
    assert submitted.url == reverse("triage:concern", args=[concern.pk])
    assert clarification.detail.startswith("Spoke with parent, carer or family (Her mother) on 6 January 2026.")
    assert "Her mother knows about the cousin" in clarification.detail
    assert clarification.by == personas["dsl"].full_name
    assert addendum.detail == "She apologised the next day."
    assert addendum.by == personas["staff"].full_name
    assert consent.title == "Consent: Consent given"
    assert "Given by Her mother." in consent.detail and "Happy for school to help." in consent.detail
    assert decision.title == "Decision: Monitor"
    assert "Watch and talk again." in decision.detail and "Review on " in decision.detail
    assert reopened.title == "Decision reopened (was: Monitor)"
    assert reopened.detail == "Her cousin has moved in with the family."
    assert {entry.kind_label for entry in entries} == {
        "Concern recorded", "Clarification", "Addendum added", "Consent", "Decision", "Decision reopened",
    }  # fmt: skip


def test_filters_by_kind_and_dates(personas):
    person = _person(personas)
    _story(personas, person)
    membership = _membership(personas, "dsl")
    decisions = chronology_for(person=person, membership=membership, kinds={"triage.decision", "triage.reopened"})
    assert [entry.kind for entry in decisions] == ["triage.decision", "triage.reopened"]
    between = chronology_for(
        person=person, membership=membership, since=datetime.date(2026, 1, 6), until=datetime.date(2026, 1, 8)
    )
    assert [entry.at.day for entry in between] == [6, 7, 8]  # both ends included
    assert chronology_for(person=person, membership=membership, kinds=set()) == []


def test_drafts_never_appear_not_even_to_their_author(personas):
    person = _person(personas)
    _concern(personas, person, account="A STAFF DRAFT", submit=False)
    _concern(personas, person, by="dsl", account="THE LEAD'S OWN DRAFT", submit=False)
    _concern(personas, person, account="Submitted")
    for persona in ("dsl", "staff"):
        entries = chronology_for(person=person, membership=_membership(personas, persona))
        assert [entry.detail for entry in entries] == ["Submitted"], persona


def test_entries_come_only_from_concerns_the_membership_may_see(personas):
    person = _person(personas)
    _concern(personas, person, account="Hollybank's concern")
    _concern(personas, person, by="other_dsl", organisation="other_school", account="Marshview's concern")
    mine = chronology_for(person=person, membership=_membership(personas, "dsl"))
    theirs = chronology_for(person=person, membership=_membership(personas, "other_dsl"))
    assert [entry.detail for entry in mine] == ["Hollybank's concern"]
    assert [entry.detail for entry in theirs] == ["Marshview's concern"]
    assert chronology_for(person=person, membership=_membership(personas, "police")) == []
    assert chronology_for(person=person, membership=None) == []


def test_a_later_stage_registers_its_own_provider(personas, monkeypatch):
    monkeypatch.setattr(providers, "_registry", dict(providers._registry))
    person = _person(personas)
    _concern(personas, person)

    @register("referral.sent", "Referral sent")
    def referrals(*, person: Person, membership: Membership | None) -> list[Entry]:
        return [Entry(_at(1), "referral.sent", "Referral sent", "Referral sent", "", "Someone", "", "referral R-1")]

    entries = chronology_for(person=person, membership=_membership(personas, "dsl"))
    assert [entry.kind for entry in entries] == ["referral.sent", "concern.submitted"]
    kinds_field = ChronologyFilterForm().fields["kinds"]
    assert isinstance(kinds_field, forms.MultipleChoiceField)
    assert ("referral.sent", "Referral sent") in kinds_field.choices
    with pytest.raises(ValueError, match="already registered"):
        register("referral.sent", "Again")(lambda *, person, membership: [])


def _bulk_concerns(personas: Personas, person: Person, count: int) -> None:
    """`count` concerns, each read, clarified, consented, decided, reopened and with an addendum (straight into the
    tables: the services would make this test slow without changing what it measures)."""
    staff, dsl = personas["staff"], personas["dsl"]
    now = timezone.now()
    concerns = Concern.objects.bulk_create(
        Concern(
            organisation=personas.organisation("school"),
            raised_by=staff,
            subject=person,
            status=Concern.Status.IN_TRIAGE,
            observed_on=datetime.date(2026, 1, 2),
            location="Class",
            account=f"Account {n}",
            immediate_risk="no",
            submitted_at=now,
        )
        for n in range(count)
    )
    Addendum.objects.bulk_create(Addendum(concern=c, author=staff, text="Later") for c in concerns)
    Clarification.objects.bulk_create(
        Clarification(
            concern=c, spoke_with="child", spoke_on=datetime.date(2026, 1, 3), summary="Talked", recorded_by=dsl
        )
        for c in concerns
    )
    ConsentRecord.objects.bulk_create(ConsentRecord(concern=c, position="given", recorded_by=dsl) for c in concerns)
    Decision.objects.bulk_create(
        Decision(
            concern=c,
            outcome="no_further_action",
            rationale="Fine",
            decided_by=dsl,
            reopened_at=now,
            reopened_by=dsl,
            reopen_reason="New facts",
        )
        for c in concerns
    )


def test_a_chronology_costs_the_same_number_of_queries_for_one_concern_or_a_hundred(personas, client_for):
    dsl = client_for("dsl")
    membership = _membership(personas, "dsl")
    small, large = _person(personas), _person(personas)
    _bulk_concerns(personas, small, 1)
    _bulk_concerns(personas, large, 100)

    with CaptureQueriesContext(connection) as one:
        assert len(chronology_for(person=small, membership=membership)) == 6
    with CaptureQueriesContext(connection) as hundred:
        assert len(chronology_for(person=large, membership=membership)) == 600
    assert len(one) == len(hundred) <= len(providers.registered_kinds())  # at most one query per kind of entry

    _page(dsl, small)  # warm up: sessions, content types
    with CaptureQueriesContext(connection) as page_one:
        assert _page(dsl, small).status_code == 200
    with CaptureQueriesContext(connection) as page_hundred:
        assert _page(dsl, large).status_code == 200
    assert len(page_one) == len(page_hundred)


def test_a_hundred_concerns_in_a_constant_number_of_queries(personas, django_assert_max_num_queries):
    person = _person(personas)
    _bulk_concerns(personas, person, 100)
    membership = _membership(personas, "dsl")
    with django_assert_max_num_queries(6):  # one query for each kind of the concern and triage stages
        entries = chronology_for(person=person, membership=membership, kinds=set(ALL_KINDS))
    assert len(entries) == 600


# --- the page ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["dsl", "headteacher"])
def test_safeguarding_leads_see_the_chronology(personas, client_for: ClientFor, persona):
    person = _person(personas)
    concern = _story(personas, person)
    response = _page(client_for(persona), person)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Amira Okonkwo-Hale (known as Mira)" in html
    assert "17 May 2014" in html
    assert _title(response).startswith("Chronology")
    assert "Amira" not in _title(response) and "Okonkwo" not in _title(response)
    assert html.count('class="govuk-table__row app-chronology-entry"') == 6
    assert reverse("triage:concern", args=[concern.pk]) in html
    # The long account: shortened on screen, whole in a details element and in the print-only copy.
    assert html.count("THE-END-OF-THE-ACCOUNT") == 2
    assert "govuk-details" in html and "app-print-only" in html
    assert "Export as a protected PDF" in html
    assert 'class="app-no-print"' in html


def test_reading_the_chronology_is_audited(personas, client_for: ClientFor):
    person = _person(personas)
    _story(personas, person)
    _page(client_for("dsl"), person)
    event = AuditEvent.objects.get(action="read.chronology")
    assert event.actor == personas["dsl"]
    assert event.object_type == "people.person" and event.object_id == str(person.pk)
    assert event.details == {"entries": 6}


@pytest.mark.parametrize("persona", ["staff", "other_dsl", "police", "no_membership", "sysadmin"])
def test_everyone_else_gets_an_audited_404(personas, client_for: ClientFor, persona):
    person = _person(personas)
    _story(personas, person)
    client = client_for(persona)
    assert _page(client, person).status_code == 404
    assert client.post(reverse("chronology:export", args=[person.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=personas[persona]).count() == 2
    assert not AuditEvent.objects.filter(action="read.chronology").exists()
    assert not ProtectedExport.objects.exists()


def test_anonymous_is_sent_to_sign_in(personas, client_for: ClientFor):
    person = _person(personas)
    response = _page(client_for("anonymous"), person)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_a_person_who_does_not_exist_is_an_audited_404(personas, client_for: ClientFor):
    assert client_for("dsl").get(reverse("chronology:person", args=[999_999])).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", object_id="999999").exists()


def test_the_page_filters_by_kind(personas, client_for: ClientFor):
    person = _person(personas)
    _story(personas, person)
    response = _page(client_for("dsl"), person, kinds=["triage.consent", "triage.decision"])
    html = response.content.decode()
    assert re.findall(r'data-kind="([^"]+)"', html) == ["triage.consent", "triage.decision"]
    assert "Showing: Consent, Decision" in html
    # The export form carries the filter, so the PDF holds what the page shows.
    assert '<input type="hidden" name="kinds" value="triage.consent">' in html
    assert '<input type="hidden" name="kinds" value="triage.decision">' in html


def test_the_page_filters_by_dates(personas, client_for: ClientFor):
    person = _person(personas)
    _story(personas, person)
    query = {"since_0": "6", "since_1": "1", "since_2": "2026", "until_0": "8", "until_1": "1", "until_2": "2026"}
    response = _page(client_for("dsl"), person, **query)
    html = response.content.decode()
    assert re.findall(r'data-kind="([^"]+)"', html) == ["triage.clarification", "concern.addendum", "triage.consent"]
    assert "from 6 January 2026 to 8 January 2026" in html
    assert 'name="since_0" type="text" inputmode="numeric" value="6"' in html  # the form keeps what was typed
    assert response.context["entries"][0].at == _at(6)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since_0": "31", "since_1": "2", "since_2": "2026"}, "The from date must be a real date"),
        ({"until_0": "1", "until_1": "", "until_2": "2026"}, "Enter the to date in full"),
        (
            {"since_0": "9", "since_1": "1", "since_2": "2026", "until_0": "5", "until_1": "1", "until_2": "2026"},
            "The to date must be the same as or after the from date",
        ),
        ({"kinds": "nonsense"}, "Select what to show from the list"),
    ],
)
def test_an_invalid_filter_shows_govuk_errors_and_everything(personas, client_for: ClientFor, query, message):
    person = _person(personas)
    _story(personas, person)
    response = _page(client_for("dsl"), person, **query)
    assert response.status_code == 200
    html = response.content.decode()
    assert _title(response).startswith("Error: Chronology")
    assert "govuk-error-summary" in html
    assert html.count(message) == 2  # in the summary and beside the field
    assert len(response.context["entries"]) == 6  # nothing filtered while the filter is wrong
    assert response.context["carried"] == []  # the export is not offered with a filter that is wrong


def test_an_empty_chronology_says_so(personas, client_for: ClientFor):
    person = _person(personas)
    html = _page(client_for("dsl"), person).content.decode()
    assert "Nothing has been recorded about this person yet." in html


# --- the protected PDF export ------------------------------------------------------------------------------


def _export(client: Client, person: Person, data: dict[str, Any] | None = None) -> tuple[Any, str, str]:
    """POST the export; returns the response, the password it shows and the download path."""
    response = client.post(reverse("chronology:export", args=[person.pk]), data or {})
    assert response.status_code == 200
    html = response.content.decode()
    password = re.search(r'id="export-password">([^<]+)<', html)
    link = re.search(r'href="(/chronology/exports/[0-9a-f-]+/)"', html)
    assert password and link
    return response, password.group(1).strip(), link.group(1)


def _everything_stored() -> list[str]:
    """Every value in every table of the database, as text (bytes decoded loosely)."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        values.append(bytes(value).decode("latin-1"))
                    elif value is not None:
                        values.append(str(value))
    return values


def test_export_download_opens_with_the_shown_password_only(personas, client_for: ClientFor):
    person = _person(personas)
    _story(personas, person)
    client = client_for("dsl")
    response, password, link = _export(client, person)
    html = response.content.decode()
    assert "Your PDF is ready" in html
    assert "Give the password separately from the file: by phone, never in the same e-mail" in html
    assert html.count(password) == 1
    assert "no-store" in response["Cache-Control"]
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", password)

    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    filename = f"chronology-{person.pk}-{timezone.localdate():%Y%m%d}.pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-store" in download["Cache-Control"]
    content = download.content
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(content))
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(io.BytesIO(content), password="abcd-efgh-ijkm-npqr")
    with pikepdf.open(io.BytesIO(content), password=password) as pdf:
        assert pdf.is_encrypted
        assert pdf.encryption.R == 6
        assert pdf.encryption.bits == 256
        assert len(pdf.pages) >= 2


def test_the_password_is_stored_nowhere(personas, client_for: ClientFor):
    person = _person(personas)
    _story(personas, person)
    client = client_for("dsl")
    _, password, link = _export(client, person)
    export = ProtectedExport.objects.get()
    assert export.blob is not None and password.encode() not in bytes(export.blob)
    for value in [export.filename, str(export.public_id), str(export.__dict__)]:
        assert password not in value
    for event in AuditEvent.objects.all():
        assert password not in str(event.details) and password not in event.object_id
    assert not any(password in value for value in _everything_stored())
    assert password not in str(dict(client.session.items()))
    client.get(link)
    assert not any(password in value for value in _everything_stored())


def test_one_export_event_with_ids_and_counts_only(personas, client_for: ClientFor):
    person = _person(personas)
    _story(personas, person)
    _export(client_for("dsl"), person, {"kinds": ["triage.decision"]})
    export = ProtectedExport.objects.get()
    event = AuditEvent.objects.get(action="chronology.exported")
    assert event.actor == personas["dsl"]
    assert event.details == {"kind": "chronology", "person": person.pk, "entries": 1, "export": str(export.public_id)}
    assert "Amira" not in str(event.details)
    assert export.entries == 1
    assert export.created_by == personas["dsl"] and export.person == person
    assert export.organisation == personas.organisation("school")
    # The stored copy is the PDF, sealed to this export with the key ring.
    assert export.blob is not None
    pdf = keyring().decrypt_blob(bytes(export.blob), associated_data=f"chronology.export:{export.public_id}")
    assert pdf.startswith(b"%PDF")


def test_an_invalid_filter_in_the_export_shows_the_page_with_errors(personas, client_for: ClientFor):
    person = _person(personas)
    response = client_for("dsl").post(
        reverse("chronology:export", args=[person.pk]), {"since_0": "40", "since_1": "1", "since_2": "2026"}
    )
    assert response.status_code == 200
    assert "The from date must be a real date" in response.content.decode()
    assert not ProtectedExport.objects.exists()


def test_a_download_works_once(personas, client_for: ClientFor):
    person = _person(personas)
    client = client_for("dsl")
    _, _, link = _export(client, person)
    assert client.get(link).status_code == 200
    export = ProtectedExport.objects.get()
    assert export.downloaded_at is not None
    assert export.blob is None  # nothing kept once it is downloaded
    again = client.get(link)
    assert again.status_code == 410
    assert "This download has already been used or has expired" in again.content.decode()
    assert reverse("chronology:person", args=[person.pk]) in again.content.decode()
    assert AuditEvent.objects.filter(action="chronology.export_downloaded").count() == 1
    refused = AuditEvent.objects.get(action="chronology.export_refused")
    assert refused.details == {"reason": "used", "export": str(export.public_id)}


def test_a_download_expires_after_its_window(personas, client_for: ClientFor):
    person = _person(personas)
    client = client_for("dsl")
    _, _, link = _export(client, person)
    too_old = timezone.now() - DOWNLOAD_WINDOW - datetime.timedelta(minutes=1)
    ProtectedExport.objects.update(created_at=too_old)
    response = client.get(link)
    assert response.status_code == 410
    assert "already been used or has expired" in response.content.decode()
    assert ProtectedExport.objects.get().downloaded_at is None
    assert not AuditEvent.objects.filter(action="chronology.export_downloaded").exists()
    assert AuditEvent.objects.get(action="chronology.export_refused").details["reason"] == "expired"


def test_expired_exports_are_cleared(personas, client_for: ClientFor):
    person = _person(personas)
    client = client_for("dsl")
    _export(client, person)
    _export(client, person)
    old, new = ProtectedExport.objects.order_by("pk")
    ProtectedExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=16))
    assert exports_clear_expired() == 1
    assert ProtectedExport.objects.get(pk=old.pk).blob is None
    assert ProtectedExport.objects.get(pk=new.pk).blob is not None
    assert AuditEvent.objects.get(action="chronology.exports_cleared").details == {"count": 1}
    assert exports_clear_expired() == 0


@pytest.mark.parametrize("persona", ["headteacher", "staff", "other_dsl", "police"])
def test_someone_elses_download_is_an_audited_404(personas, client_for: ClientFor, persona):
    person = _person(personas)
    _, _, link = _export(client_for("dsl"), person)
    assert client_for(persona).get(link).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=personas[persona]).exists()
    assert ProtectedExport.objects.get().downloaded_at is None  # still there for the person who made it


def test_an_unknown_download_is_an_audited_404(personas, client_for: ClientFor):
    response = client_for("dsl").get(reverse("chronology:download", args=[uuid.uuid4()]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", object_type="core.protectedexport").exists()


def test_the_pdf_holds_each_entry_in_full(personas):
    person = _person(personas)
    _story(personas, person)
    entries = chronology_for(person=person, membership=_membership(personas, "dsl"))
    organisation = Organisation.objects.get(pk=personas.organisation("school").pk)
    sections = chronology_sections(
        person=person, organisation=organisation, entries=entries, filter_description="Every entry"
    )
    assert sections[0].heading == "Person"
    assert dict(sections[0].rows) == {
        "Name": "Amira Okonkwo-Hale (known as Mira)",
        "Date of birth": "17 May 2014",
        "Organisation": organisation.name,
        "Entries shown": "Every entry",
        "Number of entries": "6",
    }
    assert [section.heading for section in sections[1:]] == [
        "5 January 2026 at 10:00 — Urgent concern recorded",
        "6 January 2026 at 10:00 — Clarification recorded",
        "7 January 2026 at 10:00 — Addendum added",
        "8 January 2026 at 10:00 — Consent: Consent given",
        "9 January 2026 at 10:00 — Decision: Monitor",
        "10 January 2026 at 10:00 — Decision reopened (was: Monitor)",
    ]
    assert sections[1].paragraphs == [LONG_ACCOUNT]
    assert dict(sections[1].rows)["Recorded by"] == personas["staff"].full_name
    assert dict(sections[1].rows)["Record"].startswith("Concern C-")


@pytest.mark.parametrize(
    ("persona", "reason"),
    [
        ("police", not_allowed("police_prevent_officer")),
        ("staff", not_allowed("staff")),
        ("other_dsl", "the person is not held by the organisation"),
    ],
)
def test_the_export_service_refuses_anyone_but_a_lead_who_sees_the_person(personas, persona, reason):
    person = _person(personas)
    _story(personas, person)
    entries = chronology_for(person=person, membership=_membership(personas, "dsl"))
    with pytest.raises(NotPermitted, match=reason):
        export_create(person=person, acting=personas.membership(persona), entries=entries)
    event = assert_refused(personas, persona, service="export_create", reason=reason)
    assert (event.object_type, event.object_id) == ("people.person", str(person.pk))
    assert not ProtectedExport.objects.exists()
    created = export_create(person=person, acting=personas.membership("headteacher"), entries=entries)
    assert (created.export.created_by, created.export.organisation_id) == (
        personas["headteacher"],
        personas.organisation("school").pk,
    )
