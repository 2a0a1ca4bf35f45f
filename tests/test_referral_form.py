"""The referral form (the Vulnerable to Radicalisation form): started from a triage decision, completed section by
section from a task list (save and return), checked and sent to the police Prevent team, then seen with its outcome.
Only the referring organisation's safeguarding leads reach any of it."""

from __future__ import annotations

import datetime
import html as html_lib
import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from concerns.models import Concern
from concerns.services import concern_save_draft, concern_start, concern_submit
from notifications.models import Notification
from people.models import Person
from people.services import household_member_add, person_create, person_update
from preliminary.services import preliminary_decide, preliminary_record
from referrals.forms import format_social_media, parse_social_media
from referrals.models import Referral
from referrals.rules import SECTIONS
from referrals.services import referral_save_section, referral_start, referral_submit
from screening.services import screening_decide, screening_start
from sharing.models import SharingRecord
from triage.models import Decision
from triage.services import concern_mark_read

from .personas import Personas

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
UNDER_16 = datetime.date(TODAY.year - 11, 1, 1)
ACCOUNT = "Sam said the other group deserve what is coming to them and showed a flag on his phone at break time."

COMPLETE: dict[str, Any] = {
    "referrer_phone": "01632 960 001",
    "reason": "Sam has repeated extremist slogans in class and shared a video.",
    "personal_factors": "Lives with his mother; recently moved school.",
    "risk_factors": "Spends many hours online in closed groups.",
    "protective_factors": "Close to his football coach.",
    "consent": "given",
    "consent_by": "parent",
}


# --- helpers ---------------------------------------------------------------------------------------------------


def _person(personas: Personas, *, born: datetime.date | None = UNDER_16, organisation: str = "school") -> Person:
    lead = "dsl" if organisation == "school" else "other_dsl"
    return person_create(
        acting=personas.membership(lead),
        organisation=personas.organisation(organisation),
        given_name="Sam",
        family_name="Taylor",
        date_of_birth=born,
    )


def _concern(
    personas: Personas, person: Person, *, raised_by: str = "staff", organisation: str = "school", submit: bool = True
) -> Concern:
    author = personas.membership(raised_by)
    concern = concern_start(acting=author, organisation=personas.organisation(organisation), subject=person)
    concern = concern_save_draft(
        concern=concern,
        acting=author,
        changes={"observed_on": TODAY, "location": "Classroom", "account": ACCOUNT, "immediate_risk": "no"},
        expected_version=None,
    )
    if not submit:
        return concern
    return concern_submit(concern=concern, acting=author, expected_version=None)


def _draft(personas: Personas, person: Person | None = None, concerns: list[Concern] | None = None) -> Referral:
    return referral_start(
        acting=personas.membership("dsl"),
        organisation=personas.organisation("school"),
        subject=person or _person(personas),
        concerns=concerns or [],
    )


def _complete(personas: Personas, referral: Referral, **changes: Any) -> Referral:
    return referral_save_section(
        referral=referral,
        acting=personas.membership("dsl"),
        changes={**COMPLETE, **changes},
        expected_version=None,
        concern_type_codes=["islamist"],
    )


def _fresh(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


def _html(response: Any) -> str:
    return response.content.decode()


def _text(markup: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _statuses(client: Client, referral: Referral) -> dict[str, str]:
    page = _html(client.get(reverse("referrals:task_list", args=[referral.pk])))
    found = re.findall(r'id="task-(\w+)-status">(.*?)</div>', page, flags=re.S)
    return {key: _text(status) for key, status in found}


def _section_url(referral: Referral, section: str) -> str:
    return reverse("referrals:section", args=[referral.pk, section])


def _save(client: Client, referral: Referral, section: str, data: dict[str, Any], version: int | None = None) -> Any:
    post = {**data, "version": str(version if version is not None else _fresh(referral).version)}
    return client.post(_section_url(referral, section), post)


def _send(client: Client, referral: Referral, **data: Any) -> Any:
    post = {"power_to_share": "ctsa_2015", "necessity": "The police need this to assess the risk to Sam and others."}
    post |= {"version": str(_fresh(referral).version)} | data
    return client.post(reverse("referrals:check", args=[referral.pk]), post)


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def _decide(client: Client, concern: Concern, outcome: str) -> Any:
    version = Concern.objects.get(pk=concern.pk).version
    post = {"decide-outcome": outcome, "decide-rationale": "Decided.", "decide-version": str(version)}
    return client.post(reverse("handoffs:triage_decide", args=[concern.pk]), post)


# --- starting from triage --------------------------------------------------------------------------------------


def test_a_prevent_referral_decision_opens_a_draft_referral(personas, client_for):
    person = _person(personas)
    concern = concern_mark_read(concern=_concern(personas, person), acting=personas.membership("dsl"))
    client = client_for("dsl")

    response = _decide(client, concern, "prevent_referral")

    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:task_list", args=[referral.pk])
    assert (referral.status, referral.referrer, referral.subject, referral.organisation) == (
        Referral.Status.DRAFT,
        personas["dsl"],
        person,
        personas.organisation("school"),
    )
    assert list(referral.concerns.all()) == [concern]
    assert Decision.objects.get(concern=concern).outcome == Decision.Outcome.PREVENT_REFERRAL
    page = client.get(response["Location"])
    assert "The next step is to complete the Prevent referral form" in " ".join(_messages(page))
    assert AuditEvent.objects.filter(action="referral.draft_started").count() == 1


def test_a_second_prevent_referral_decision_about_the_same_person_joins_the_open_draft(personas, client_for):
    person = _person(personas)
    first, second = (
        concern_mark_read(concern=_concern(personas, person), acting=personas.membership("dsl")) for _ in range(2)
    )
    client = client_for("dsl")
    _decide(client, first, "prevent_referral")
    response = _decide(client, second, "prevent_referral")

    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:task_list", args=[referral.pk])
    assert set(referral.concerns.all()) == {first, second}


def test_other_outcomes_start_no_referral(personas, client_for):
    concern = concern_mark_read(concern=_concern(personas, _person(personas)), acting=personas.membership("dsl"))
    response = _decide(client_for("dsl"), concern, "early_help")
    assert response["Location"] == reverse("triage:concern", args=[concern.pk])
    assert not Referral.objects.exists()


# --- the list and the task list --------------------------------------------------------------------------------


def test_the_referrals_page_lists_the_organisations_referrals_with_a_plain_status(personas, client_for):
    draft = _draft(personas)
    sent = referral_submit(
        referral=_complete(personas, _draft(personas)),
        acting=personas.membership("dsl"),
        expected_version=None,
        power_to_share="ctsa_2015",
        necessity="Needed.",
    )
    theirs = referral_start(
        acting=personas.membership("other_dsl"),
        organisation=personas.organisation("other_school"),
        subject=_person(personas, organisation="other_school"),
        concerns=[],
    )
    page = _html(client_for("headteacher").get(reverse("referrals:mine")))
    assert draft.reference in page and sent.reference in page and theirs.reference not in page
    assert reverse("referrals:task_list", args=[draft.pk]) in page
    assert reverse("referrals:detail", args=[sent.pk]) in page
    assert "Sent to the police Prevent team" in page
    assert "To start a referral, decide 'Prevent referral' on a concern you have triaged" in _text(page)
    assert reverse("triage:queue") in page
    assert "Sam Taylor" in page and "Sam Taylor" not in page[page.index("<title>") : page.index("</title>")]
    other = _html(client_for("other_dsl").get(reverse("referrals:mine")))
    assert theirs.reference in other and draft.reference not in other


def test_the_navigation_offers_referrals_to_safeguarding_leads_only(personas, client_for):
    href = f'href="{reverse("referrals:mine")}"'
    assert href in _html(client_for("dsl").get(reverse("site:dashboard")))
    assert href not in _html(client_for("staff").get(reverse("site:dashboard")))


def test_task_list_statuses_change_as_sections_are_saved(personas, client_for):
    referral = _draft(personas)
    client = client_for("dsl")
    assert _statuses(client, referral) == {
        "referrer": "Incomplete",
        "person": "Completed",  # their date of birth is on their record
        "aliases": "Optional",
        "household": "Optional",
        "social_media": "Optional",
        "reason": "Incomplete",
        "concern_type": "Incomplete",
        "factors": "Incomplete",
        "consent": "Incomplete",
    }
    page = _html(client.get(reverse("referrals:task_list", args=[referral.pk])))
    assert 'class="govuk-task-list"' in page
    assert '<strong class="govuk-tag govuk-tag--blue">Incomplete</strong>' in page
    assert "You have completed 1 of 6 required sections." in page
    assert reverse("referrals:check", args=[referral.pk]) in page  # shown even before it is complete
    assert "Prevent referral for Sam Taylor" in page
    assert "<title>Prevent referral \N{EN DASH}" in page

    assert _save(client, referral, "referrer", {"referrer_phone": "01632 960 001"}).status_code == 302
    assert _save(client, referral, "aliases", {"aliases_note": "Uses the name Sammy online."}).status_code == 302
    _save(client, referral, "factors", {"personal_factors": "Some.", "risk_factors": "Some."})
    statuses = _statuses(client, referral)
    assert (statuses["referrer"], statuses["aliases"], statuses["household"]) == ("Completed", "Completed", "Optional")
    assert statuses["factors"] == "Incomplete"  # protective factors are still missing

    _save(
        client, referral, "factors", {"personal_factors": "Some.", "risk_factors": "Some.", "protective_factors": "x"}
    )
    _save(client, referral, "reason", {"reason": "Because."})
    _save(client, referral, "concern_type", {"concern_types": ["islamist", "incel"]})
    _save(client, referral, "consent", {"consent": "given", "consent_by": "parent"})
    assert set(_statuses(client, referral).values()) == {"Completed", "Optional"}
    page = _html(client.get(reverse("referrals:task_list", args=[referral.pk])))
    assert "You have completed 6 of 6 required sections." in page
    assert "Referral ready to send" in page


def test_a_person_without_a_date_of_birth_leaves_the_person_section_incomplete(personas, client_for):
    person = _person(personas, born=None)
    referral = _draft(personas, person)
    client = client_for("dsl")
    assert _statuses(client, referral)["person"] == "Incomplete"
    page = _html(client.get(_section_url(referral, "person")))
    assert "Add their date of birth to their record" in page
    assert reverse("people:detail", args=[person.pk]) in page
    assert "Change their details on their record" in page
    assert client.post(_section_url(referral, "person"))["Location"] == reverse(
        "referrals:task_list", args=[referral.pk]
    )
    person_update(person=person, acting=personas.membership("dsl"), changes={"date_of_birth": UNDER_16})
    assert _statuses(client, referral)["person"] == "Completed"


# --- each section ----------------------------------------------------------------------------------------------


def test_each_section_saves_and_is_encrypted_at_rest(personas, client_for):
    referral = _draft(personas)
    client = client_for("dsl")
    posts = {
        "referrer": {"referrer_phone": "07700 900 982"},
        "aliases": {"aliases_note": "Known as Tiger at the youth club."},
        "household": {"household_note": "An older cousin stays most weekends."},
        "social_media": {"accounts": "Instagram @tiger_sam"},
        "reason": {"reason": "He shared a propaganda video in the group chat."},
        "concern_type": {"concern_types": ["extreme_right_wing"]},
        "factors": {
            "personal_factors": "Recently bereaved.",
            "risk_factors": "Isolated from classmates.",
            "protective_factors": "Plays in the school band.",
        },
        "consent": {"consent": "not_sought_risk", "consent_reason": "His father holds the same views."},
    }
    for section, data in posts.items():
        response = _save(client, referral, section, data)
        assert response.status_code == 302, section
        assert response["Location"] == reverse("referrals:task_list", args=[referral.pk])

    saved = _fresh(referral)
    assert saved.referrer_phone == "07700 900 982"
    assert saved.aliases_note == "Known as Tiger at the youth club."
    assert saved.household_note == "An older cousin stays most weekends."
    assert saved.social_media == [{"platform": "Instagram", "handle": "@tiger_sam"}]
    assert saved.reason == "He shared a propaganda video in the group chat."
    assert list(saved.concern_types.values_list("code", flat=True)) == ["extreme_right_wing"]
    assert (saved.personal_factors, saved.risk_factors, saved.protective_factors) == (
        "Recently bereaved.",
        "Isolated from classmates.",
        "Plays in the school band.",
    )
    assert (saved.consent, saved.consent_by, saved.consent_reason) == (
        "not_sought_risk",
        "",
        "His father holds the same views.",
    )
    assert saved.version == referral.version + len(posts)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT referrer_phone, aliases_note, household_note, social_media, reason, personal_factors, "
            "risk_factors, protective_factors, consent_reason FROM referrals_referral"
        )
        raw = repr(cursor.fetchall())
    for secret in ("900 982", "Tiger", "cousin", "tiger_sam", "propaganda", "bereaved", "Isolated", "band", "father"):
        assert secret not in raw

    # What was saved is shown again on each page.
    for section, needle in [
        ("referrer", 'value="07700 900 982"'),
        ("aliases", "Known as Tiger at the youth club.</textarea>"),
        ("social_media", ">Instagram @tiger_sam</textarea>"),
        ("factors", ">Plays in the school band.</textarea>"),
        ("consent", 'value="not_sought_risk" checked'),
    ]:
        assert needle in _html(client.get(_section_url(referral, section))), section


def test_section_pages_show_the_record_and_record_the_read(personas, client_for):
    person = _person(personas)
    person_update(
        person=person,
        acting=personas.membership("dsl"),
        changes={"preferred_name": "Sammy", "aliases": ["Tiger"], "address": "1 High Street"},
    )
    household_member_add(
        person=person,
        acting=personas.membership("dsl"),
        name="Jo Taylor",
        relationship="mother",
        has_parental_responsibility=True,
        lives_with_person=True,
    )
    referral = _draft(personas, person)
    client = client_for("dsl")
    personal = _html(client.get(_section_url(referral, "person")))
    assert "Sam Taylor" in personal and "Sammy" in personal and "1 High Street" in personal
    assert f"{UNDER_16:%-d %B %Y}" in personal
    assert "Tiger" in _html(client.get(_section_url(referral, "aliases")))
    household = _html(client.get(_section_url(referral, "household")))
    assert "Jo Taylor" in household and "Mother" in household
    referrer = _html(client.get(_section_url(referral, "referrer")))
    assert personas["dsl"].email in referrer and personas.organisation("school").name in referrer
    reads = AuditEvent.objects.filter(action="read.referral_draft", object_id=str(referral.pk))
    assert reads.count() == 4
    for section in SECTIONS:
        page = _html(client.get(_section_url(referral, section)))
        assert f"<title>{SECTIONS[section]} \N{EN DASH}" in page
        assert "Sam Taylor" not in page[page.index("<title>") : page.index("</title>")]


def test_an_unknown_section_is_not_found(personas, client_for):
    referral = _draft(personas)
    assert client_for("dsl").get(_section_url(referral, "nonsense")).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", object_id=str(referral.pk)).exists()


def test_a_phone_number_that_is_not_one_is_refused(personas, client_for):
    referral = _draft(personas)
    response = _save(client_for("dsl"), referral, "referrer", {"referrer_phone": "call the office"})
    assert response.status_code == 200
    assert "Enter a phone number, like 01632 960 001 or 07700 900 982" in _html(response)
    assert _fresh(referral).referrer_phone == ""


# --- social media ----------------------------------------------------------------------------------------------


def test_social_media_lines_become_accounts():
    text = "Instagram @example\r\n\r\n  TikTok, https://www.tiktok.com/@someone \nDiscord: sam#1234 (server: Flags)\n"
    assert parse_social_media(text) == [
        {"platform": "Instagram", "handle": "@example"},
        {"platform": "TikTok", "handle": "https://www.tiktok.com/@someone"},
        {"platform": "Discord", "handle": "sam#1234 (server: Flags)"},
    ]
    assert parse_social_media("  \n ") == []
    assert format_social_media(parse_social_media(text)) == (
        "Instagram @example\nTikTok https://www.tiktok.com/@someone\nDiscord sam#1234 (server: Flags)"
    )


def test_a_social_media_line_without_an_account_is_refused_and_nothing_saved(personas, client_for):
    referral = _draft(personas)
    client = client_for("dsl")
    _save(client, referral, "social_media", {"accounts": "Snapchat sam.t"})
    response = _save(client, referral, "social_media", {"accounts": "Instagram @example\nTikTok"})
    assert response.status_code == 200
    page = _html(response)
    assert "Account 2: add the name or link after the platform" in page
    assert '<a href="#id_accounts">' in page  # the error summary links to the box
    assert "<title>Error: " in page
    assert ">Instagram @example\nTikTok</textarea>" in page  # what they typed is kept
    assert _fresh(referral).social_media == [{"platform": "Snapchat", "handle": "sam.t"}]


def test_clearing_the_social_media_box_makes_the_section_optional_again(personas, client_for):
    referral = _draft(personas)
    client = client_for("dsl")
    _save(client, referral, "social_media", {"accounts": "Snapchat sam.t"})
    assert _statuses(client, referral)["social_media"] == "Completed"
    _save(client, referral, "social_media", {"accounts": ""})
    assert _fresh(referral).social_media == []
    assert _statuses(client, referral)["social_media"] == "Optional"


# --- linked concerns -------------------------------------------------------------------------------------------


def test_the_reason_page_offers_the_organisations_submitted_concerns_about_the_person(personas, client_for):
    person = _person(personas)
    linked = _concern(personas, person)
    other = _concern(personas, person)
    draft = _concern(personas, person, submit=False)
    someone_else = _concern(personas, _person(personas))
    referral = _draft(personas, person, [linked])
    page = _html(client_for("dsl").get(_section_url(referral, "reason")))
    assert f'value="{linked.pk}" checked' in page
    assert f'value="{other.pk}">' in page
    assert f'value="{draft.pk}"' not in page and f'value="{someone_else.pk}"' not in page
    assert f"{linked.reference}, {TODAY:%-d %B %Y}: {ACCOUNT[:60]}" in page
    assert ACCOUNT not in page  # the first 80 characters or so, not the whole account


def test_concerns_of_another_organisation_or_another_person_are_not_linked(personas, client_for):
    person = _person(personas)
    own, also_own = _concern(personas, person), _concern(personas, person)
    unsubmitted = _concern(personas, person, submit=False)
    someone_else = _concern(personas, _person(personas))
    other_school = _concern(
        personas,
        _person(personas, organisation="other_school"),
        raised_by="other_dsl",
        organisation="other_school",
    )
    referral = _draft(personas, person, [own])
    ids = [also_own.pk, unsubmitted.pk, someone_else.pk, other_school.pk]
    response = _save(client_for("dsl"), referral, "reason", {"reason": "Because.", "concerns": ids})
    assert response.status_code == 302
    assert list(_fresh(referral).concerns.all()) == [also_own]

    _save(client_for("dsl"), referral, "reason", {"reason": "Because."})  # every box cleared
    assert not _fresh(referral).concerns.exists()


# --- check and send --------------------------------------------------------------------------------------------


def test_the_check_page_lists_what_is_missing_and_does_not_send(personas, client_for):
    referral = _draft(personas, _person(personas, born=None))
    _save(client_for("dsl"), referral, "referrer", {"referrer_phone": "01632 960 001"})
    client = client_for("dsl")
    response = client.get(reverse("referrals:check", args=[referral.pk]))
    page = _html(response)
    assert "You need to complete the referral before you can send it" in page
    assert "<title>Error: Check your referral" in page
    for message, section in [
        ("Add their date of birth to their record", "person"),
        ("Explain why you are referring them", "reason"),
        ("Select at least one type of concern", "concern_type"),
        ("Describe the protective factors, or say there are none known", "factors"),
        ("Select the consent position", "consent"),
    ]:
        assert message in page
        assert f'href="{_section_url(referral, section)}' in page
    assert f'href="{_section_url(referral, "consent")}#id_consent"' in page
    assert "Enter a phone number the police can call you on" not in page
    assert 'id="send-form"' not in page
    assert AuditEvent.objects.filter(action="read.referral_draft", object_id=str(referral.pk)).exists()

    response = _send(client, referral)
    assert response.status_code == 200
    assert "You need to complete the referral before you can send it" in _html(response)
    assert _fresh(referral).status == Referral.Status.DRAFT
    assert not SharingRecord.objects.exists()


def test_sending_a_complete_referral_records_the_sharing_and_tells_the_police(
    personas, client_for, django_capture_on_commit_callbacks
):
    police, other_police = personas["police"], personas["other_police"]
    referral = _complete(personas, _draft(personas))
    client = client_for("dsl")
    page = _html(client.get(reverse("referrals:check", args=[referral.pk])))
    assert 'id="send-form"' in page and "Send referral to the police Prevent team" in page
    assert 'value="ctsa_2015" checked' in page
    assert "Why is sharing this necessary and proportionate?" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, referral)

    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:sent", args=[referral.pk])
    sent = _fresh(referral)
    assert sent.status == Referral.Status.SUBMITTED and sent.submitted_at is not None
    record = SharingRecord.objects.get()
    assert (record.channel, record.to_organisation, record.from_organisation, record.power_to_share) == (
        SharingRecord.Channel.INTERNAL,
        personas.organisation("police"),
        personas.organisation("school"),
        "ctsa_2015",
    )
    assert (record.object_type, record.object_id, record.shared_by) == (
        "referrals.referral",
        str(sent.pk),
        personas["dsl"],
    )
    assert record.necessity_and_proportionality == "The police need this to assess the risk to Sam and others."
    assert record.consent == SharingRecord.Consent.GIVEN
    notification = Notification.objects.get(kind="referral.submitted")
    assert notification.recipient == police
    assert not Notification.objects.filter(recipient=other_police).exists()
    assert [message.to for message in mail.outbox] == [[police.email]]
    assert "Sam" not in mail.outbox[0].body and "Taylor" not in mail.outbox[0].body

    confirmation = _html(client.get(response["Location"]))
    assert "Referral sent" in confirmation and sent.reference in confirmation
    assert "usually within 5 working days" in confirmation
    assert "govuk-panel--confirmation" in confirmation


def test_a_second_press_of_send_sends_once(personas, client_for):
    personas["police"]
    referral = _complete(personas, _draft(personas))
    client = client_for("dsl")
    version = _fresh(referral).version
    first = _send(client, referral, version=str(version))
    second = _send(client, referral, version=str(version))
    assert first["Location"] == second["Location"] == reverse("referrals:sent", args=[referral.pk])
    assert SharingRecord.objects.count() == 1
    assert Notification.objects.filter(kind="referral.submitted").count() == 1
    assert AuditEvent.objects.filter(action="referral.submitted").count() == 1


def test_sending_needs_the_reason_sharing_is_necessary(personas, client_for):
    referral = _complete(personas, _draft(personas))
    response = _send(client_for("dsl"), referral, necessity="   ")
    assert response.status_code == 200
    page = _html(response)
    assert '<a href="#id_necessity">Explain why sharing is necessary and proportionate</a>' in page
    assert _fresh(referral).status == Referral.Status.DRAFT


def test_a_referral_changed_since_the_check_page_was_opened_is_not_sent(personas, client_for):
    referral = _complete(personas, _draft(personas))
    opened_at = _fresh(referral).version
    referral_save_section(
        referral=referral,
        acting=personas.membership("headteacher"),
        changes={"reason": "Changed."},
        expected_version=None,
    )
    response = _send(client_for("dsl"), referral, version=str(opened_at))
    assert response["Location"] == reverse("referrals:check", args=[referral.pk])
    assert _fresh(referral).status == Referral.Status.DRAFT
    assert not SharingRecord.objects.exists()


# --- save and return: stale pages and sent referrals -----------------------------------------------------------


def test_a_section_opened_before_someone_else_saved_is_refused_and_nothing_is_overwritten(personas, client_for):
    referral = _draft(personas)
    client = client_for("dsl")
    opened_at = _fresh(referral).version
    referral_save_section(
        referral=referral,
        acting=personas.membership("headteacher"),
        changes={"reason": "The headteacher's words."},
        expected_version=opened_at,
    )
    response = _save(client, referral, "reason", {"reason": "The DSL's words."}, version=opened_at)
    assert response["Location"] == reverse("referrals:task_list", args=[referral.pk])
    assert _fresh(referral).reason == "The headteacher's words."
    page = client.get(response["Location"])
    assert "This referral was changed since you opened the page" in " ".join(_messages(page))


def test_a_sent_referral_cannot_be_changed(personas, client_for):
    referral = referral_submit(
        referral=_complete(personas, _draft(personas)),
        acting=personas.membership("dsl"),
        expected_version=None,
        power_to_share="ctsa_2015",
        necessity="Needed.",
    )
    client = client_for("dsl")
    response = _save(client, referral, "reason", {"reason": "Changed afterwards."})
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert _fresh(referral).reason == COMPLETE["reason"]
    assert client.get(reverse("referrals:task_list", args=[referral.pk]))["Location"] == reverse(
        "referrals:detail", args=[referral.pk]
    )
    assert client.get(reverse("referrals:check", args=[referral.pk]))["Location"] == reverse(
        "referrals:sent", args=[referral.pk]
    )


def test_a_draft_has_no_confirmation_or_detail_page_yet(personas, client_for):
    referral = _draft(personas)
    client = client_for("dsl")
    task_list = reverse("referrals:task_list", args=[referral.pk])
    assert client.get(reverse("referrals:detail", args=[referral.pk]))["Location"] == task_list
    assert client.get(reverse("referrals:sent", args=[referral.pk]))["Location"] == task_list


# --- consent ---------------------------------------------------------------------------------------------------


def _check_page(client: Client, referral: Referral) -> str:
    return _html(client.get(reverse("referrals:check", args=[referral.pk])))


def test_under_18_consent_is_given_by_a_parent_or_guardian(personas, client_for):
    referral = _complete(personas, _draft(personas))
    client = client_for("dsl")
    _save(client, referral, "consent", {"consent": "given", "consent_by": "person"})
    page = _check_page(client, referral)
    assert "Under 18, consent is given by a parent or guardian" in page
    assert _send(client, referral).status_code == 200
    assert _fresh(referral).status == Referral.Status.DRAFT

    _save(client, referral, "consent", {"consent": "given", "consent_by": "guardian"})
    assert 'id="send-form"' in _check_page(client, referral)


def test_consent_not_sought_needs_a_reason(personas, client_for):
    referral = _complete(personas, _draft(personas))
    client = client_for("dsl")
    _save(client, referral, "consent", {"consent": "not_sought_risk", "consent_by": "parent"})
    assert _fresh(referral).consent_by == ""  # who gave consent means nothing when it was not sought
    assert "Explain how seeking consent would place the child at risk" in _check_page(client, referral)
    _save(client, referral, "consent", {"consent": "not_sought_risk", "consent_reason": "Father shares the views."})
    assert 'id="send-form"' in _check_page(client, referral)


def test_from_16_the_capacity_question_is_asked_and_needed(personas, client_for):
    person = _person(personas)
    referral = _complete(personas, _draft(personas, person))
    client = client_for("dsl")
    consent_page = _html(client.get(_section_url(referral, "consent")))
    assert "Is their capacity to consent in doubt?" not in consent_page  # 11 years old
    assert "It is not sought only when seeking it would place the child at risk" in consent_page  # the rule, as hint

    person_update(
        person=person,
        acting=personas.membership("dsl"),
        changes={"date_of_birth": datetime.date(TODAY.year - 17, 1, 1)},
    )
    consent_page = _html(client.get(_section_url(referral, "consent")))
    assert "Is their capacity to consent in doubt?" in consent_page
    assert "Mental Capacity Act 2005" in consent_page
    assert "Select whether their capacity to consent is in doubt" in _check_page(client, referral)
    assert _statuses(client, referral)["consent"] == "Incomplete"

    _save(client, referral, "consent", {"consent": "given", "consent_by": "parent", "capacity_in_doubt": "yes"})
    assert _fresh(referral).capacity_in_doubt is True
    assert "Describe the support given to help them decide" in _check_page(client, referral)

    _save(
        client,
        referral,
        "consent",
        {"consent": "given", "consent_by": "parent", "capacity_in_doubt": "yes", "capacity_support": "An advocate."},
    )
    assert (_fresh(referral).capacity_in_doubt, _fresh(referral).capacity_support) == (True, "An advocate.")
    assert _statuses(client, referral)["consent"] == "Completed"
    _save(client, referral, "consent", {"consent": "given", "consent_by": "parent", "capacity_in_doubt": "no"})
    assert _fresh(referral).capacity_in_doubt is False
    assert 'id="send-form"' in _check_page(client, referral)


# --- the referral once sent ------------------------------------------------------------------------------------


def _sent(personas: Personas) -> Referral:
    personas["police"]
    return referral_submit(
        referral=_complete(personas, _draft(personas)),
        acting=personas.membership("dsl"),
        expected_version=None,
        power_to_share="ctsa_2015",
        necessity="Needed.",
    )


def test_the_detail_page_shows_what_was_sent_and_records_the_read(personas, client_for):
    referral = _sent(personas)
    page = _html(client_for("dsl").get(reverse("referrals:detail", args=[referral.pk])))
    assert "Sent to the police Prevent team" in page
    assert COMPLETE["reason"] in page and COMPLETE["protective_factors"] in page
    assert "Change<span" not in page
    assert AuditEvent.objects.filter(action="read.referral", object_id=str(referral.pk)).count() == 1


def test_a_closed_referral_shows_the_outcome_and_signpost_but_not_the_polices_checks(personas, client_for):
    referral = _sent(personas)
    screening_start(referral=referral, acting=personas.membership("police"))
    screening_decide(
        referral=referral,
        acting=personas.membership("police"),
        outcome="not_prevent",
        checks_made="PNC CHECK FOUND SOMETHING",
        signpost_to="early_help",
        reason="CONFIDENTIAL POLICE REASON",
    )
    page = _html(client_for("dsl").get(reverse("referrals:detail", args=[referral.pk])))
    assert "Closed: not for Prevent" in page
    assert "Early Help" in page
    assert "PNC CHECK" not in page and "CONFIDENTIAL POLICE REASON" not in page


def test_a_referral_accepted_for_channel_says_the_panel_will_be_in_touch(personas, client_for):
    referral = _sent(personas)
    personas["coordinator"]
    screening_start(referral=referral, acting=personas.membership("police"))
    screening_decide(referral=referral, acting=personas.membership("police"), outcome="proceed", checks_made="Checks.")
    preliminary_record(
        referral=referral,
        acting=personas.membership("coordinator"),
        narrative="ASSESSMENT NARRATIVE",
        significant_harm_suspected=False,
        social_care_referral="",
    )
    preliminary_decide(referral=referral, acting=personas.membership("coordinator"), decision="channel")
    page = _html(client_for("headteacher").get(reverse("referrals:detail", args=[referral.pk])))
    assert "Accepted for Channel: the Channel panel will contact you" in page
    assert "ASSESSMENT NARRATIVE" not in page and "Checks." not in page


# --- who may see it --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff", "other_dsl", "police", "coordinator", "chair", "panel_member", "ig"])
def test_only_the_referring_organisations_leads_reach_the_form(personas, client_for, persona):
    draft = _draft(personas)
    sent = _sent(personas)
    client = client_for(persona)
    urls = [
        reverse("referrals:task_list", args=[draft.pk]),
        _section_url(draft, "reason"),
        reverse("referrals:check", args=[draft.pk]),
        reverse("referrals:detail", args=[sent.pk]),
        reverse("referrals:sent", args=[sent.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert _save(client, draft, "reason", {"reason": "Not theirs."}).status_code == 404
    assert _send(client, draft).status_code == 404
    assert _fresh(draft).reason == ""
    assert AuditEvent.objects.filter(action="access.denied").count() == len(urls) + 2


def test_the_headteacher_reaches_the_form_as_well(personas, client_for):
    draft = _draft(personas)
    client = client_for("headteacher")
    assert client.get(reverse("referrals:task_list", args=[draft.pk])).status_code == 200
    assert _save(client, draft, "reason", {"reason": "From the head."}).status_code == 302
    assert _fresh(draft).reason == "From the head."
