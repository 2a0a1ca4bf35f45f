"""Concerns: the form (drafts saved as typed), the 999 message, files, submission and the alert, addenda, access."""

import datetime
import json

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from concerns import attachments as attachment_files
from concerns.models import Attachment, Concern
from concerns.rules import is_urgent, missing_for_submission
from concerns.services import (
    ConcernIncomplete,
    addendum_add,
    attachment_add,
    attachment_remove,
    concern_save_draft,
    concern_start,
    concern_submit,
)
from concerns.states import CONCERN_STATES
from core.access import NotPermitted
from core.state_machine import IllegalTransition
from notifications.models import Notification
from people.models import Person
from people.services import person_create

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
COMPLETE = {
    "location": "Year 2 classroom",
    "account": "He said the other group deserve to be hurt.",
    "immediate_risk": "no",
}


def _person(personas, given="Zoë", family="Example", dob=datetime.date(2016, 5, 4)):
    return person_create(
        acting=personas.membership("staff"),
        organisation=personas.organisation("school"),
        given_name=given,
        family_name=family,
        date_of_birth=dob,
    )


def _draft(personas, **changes):
    concern = concern_start(
        acting=personas.membership("staff"), organisation=personas.organisation("school"), subject=_person(personas)
    )
    if changes:
        concern = concern_save_draft(
            concern=concern, acting=personas.membership("staff"), changes=changes, expected_version=None
        )
    return concern


def _submitted(personas, **extra):
    concern = _draft(personas, observed_on=timezone.localdate(), **{**COMPLETE, **extra})
    return concern_submit(concern=concern, acting=personas.membership("staff"), expected_version=None)


# --- rules and the state machine -------------------------------------------------------------------------------


def test_incomplete_concern_names_what_is_missing(personas):
    missing = missing_for_submission(_draft(personas))
    assert set(missing) == {"observed_on", "location", "account", "immediate_risk"}


def test_future_date_is_refused(personas):
    draft = _draft(personas, observed_on=timezone.localdate() + datetime.timedelta(days=1), **COMPLETE)
    assert "observed_on" in missing_for_submission(draft)


def test_urgent_only_when_someone_is_at_immediate_risk(personas):
    assert is_urgent(_draft(personas, immediate_risk="yes"))
    assert not is_urgent(_draft(personas, immediate_risk="no"))


@pytest.mark.parametrize(
    ("transition", "state"),
    [
        ("mark_read", "draft"),
        ("decide", "draft"),
        ("decide", "submitted"),
        ("reopen", "in_triage"),
        ("submit", "submitted"),
        ("submit", "decided"),
        ("mark_read", "decided"),
        ("reopen", "submitted"),
    ],
)
def test_forbidden_transitions_are_refused(transition, state):
    with pytest.raises(IllegalTransition):
        CONCERN_STATES.target(transition, state)


def test_allowed_transitions():
    assert CONCERN_STATES.target("submit", "draft") == "submitted"
    assert CONCERN_STATES.target("mark_read", "submitted") == "in_triage"
    assert CONCERN_STATES.target("decide", "in_triage") == "decided"
    assert CONCERN_STATES.target("reopen", "decided") == "in_triage"


# --- services -------------------------------------------------------------------------------------------------


def test_submit_makes_it_read_only_and_alerts_the_leads(personas, smtp, django_capture_on_commit_callbacks):
    personas["dsl"], personas["headteacher"], personas["other_dsl"]
    with django_capture_on_commit_callbacks(execute=True):
        concern = _submitted(personas, immediate_risk="yes")
    assert concern.status == Concern.Status.SUBMITTED and concern.is_urgent
    assert not CONCERN_STATES.may("edit", concern, acting_user=personas["staff"])
    with pytest.raises(IllegalTransition):
        concern_save_draft(
            concern=concern, acting=personas.membership("staff"), changes={"location": "x"}, expected_version=None
        )
    recipients = set(Notification.objects.values_list("recipient__email", flat=True))
    assert recipients == {personas["dsl"].email, personas["headteacher"].email}
    assert Notification.objects.filter(title="New urgent concern", is_urgent=True).count() == 2
    assert sorted(m["X-Envelope-To"] for m in smtp) == sorted(recipients)
    for message in smtp:
        text = message.as_string()
        assert "URGENT" in text
        assert "/triage/" in text
        for personal in ("Zoë", "Example", "2016", "hurt", "classroom"):
            assert personal not in text


def test_double_submit_creates_nothing_twice(personas, django_capture_on_commit_callbacks):
    personas["dsl"]
    concern = _draft(personas, observed_on=timezone.localdate(), **COMPLETE)
    with django_capture_on_commit_callbacks(execute=True):
        concern_submit(concern=concern, acting=personas.membership("staff"), expected_version=concern.version)
        concern_submit(concern=concern, acting=personas.membership("staff"), expected_version=concern.version)
    assert Notification.objects.count() == 1
    assert AuditEvent.objects.filter(action="concern.submitted").count() == 1


def test_incomplete_submission_is_refused_and_nothing_changes(personas):
    concern = _draft(personas, location="Hall")
    with pytest.raises(ConcernIncomplete) as error:
        concern_submit(concern=concern, acting=personas.membership("staff"), expected_version=None)
    assert "account" in error.value.missing
    concern.refresh_from_db()
    assert concern.status == Concern.Status.DRAFT and concern.location == "Hall"


def test_only_the_author_submits(personas):
    concern = _draft(personas, observed_on=timezone.localdate(), **COMPLETE)
    with pytest.raises(NotPermitted, match="only the concern's author may do this"):
        concern_submit(concern=concern, acting=personas.membership("dsl"), expected_version=None)
    refused = AuditEvent.objects.get(action="service.refused")
    assert refused.actor == personas["dsl"] and refused.object_id == str(concern.pk)
    assert refused.details == {
        "service": "concern_submit",
        "reason": "only the concern's author may do this",
        "role": "dsl",
    }
    concern.refresh_from_db()
    assert concern.status == Concern.Status.DRAFT


@pytest.mark.parametrize(
    ("persona", "reason"),
    [
        ("other_dsl", "the record belongs to another organisation"),
        ("police", "the role police_prevent_officer may not do this"),
    ],
)
def test_a_membership_that_may_not_act_is_refused_and_nothing_changes(personas, persona, reason):
    """Starting, changing and adding to a concern belong to the staff and leads of its organisation: anyone else
    calling the service (not only the pages) is refused, with an audited refusal, before anything is written."""
    draft = _draft(personas, location="Hall")
    submitted = _submitted(personas)
    acting = personas.membership(persona)
    attempts = {
        "concern_start": lambda: concern_start(
            acting=acting, organisation=personas.organisation("school"), subject=draft.subject
        ),
        "concern_save_draft": lambda: concern_save_draft(
            concern=draft, acting=acting, changes={"location": "Elsewhere"}, expected_version=None
        ),
        "addendum_add": lambda: addendum_add(concern=submitted, acting=acting, text="Later"),
        "attachment_add": lambda: attachment_add(concern=submitted, acting=acting, name="p.png", data=PNG),
    }
    for service, attempt in attempts.items():
        with pytest.raises(NotPermitted, match=reason):
            attempt()
        event = AuditEvent.objects.filter(action="service.refused").latest("sequence")
        assert event.details == {"service": service, "reason": reason, "role": acting.role}
        assert event.acting_organisation_id == acting.organisation_id and event.acting_role == acting.role
    draft.refresh_from_db()
    assert draft.location == "Hall" and draft.version == 2
    assert Concern.objects.count() == 2
    assert not submitted.addenda.exists() and not Attachment.objects.exists()


def test_staff_add_only_to_their_own_concerns_and_leads_to_any_of_their_organisation(personas):
    concern = _submitted(personas)
    colleague = personas.membership("no_second_factor")  # another member of staff at the school
    with pytest.raises(NotPermitted, match="only the concern's author may do this"):
        addendum_add(concern=concern, acting=colleague, text="I saw it too.")
    addendum = addendum_add(concern=concern, acting=personas.membership("headteacher"), text="Spoke to the parent.")
    assert addendum.author == personas["headteacher"]
    event = AuditEvent.objects.get(action="concern.addendum_added")
    assert event.acting_role == "headteacher"
    assert event.acting_organisation_id == personas.organisation("school").pk


def test_addendum_only_after_submission(personas):
    with pytest.raises(IllegalTransition):
        addendum_add(concern=_draft(personas), acting=personas.membership("staff"), text="Later")
    addendum = addendum_add(concern=_submitted(personas), acting=personas.membership("staff"), text="He apologised.")
    assert addendum.text == "He apologised."


def test_account_and_location_are_encrypted_at_rest(personas):
    _submitted(personas)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT location, account, indicators FROM concerns_concern")
        raw = repr(cursor.fetchall())
    assert "classroom" not in raw and "hurt" not in raw


# --- attachments ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.png", PNG),
        ("scan.pdf", b"%PDF-1.7\n..."),
        ("p.jpg", b"\xff\xd8\xff\xe0" + b"0" * 10),
        ("a.gif", b"GIF89a" + b"0" * 10),
    ],
)
def test_allowed_files_are_accepted_and_stored_encrypted(personas, name, data):
    attachment = attachment_add(concern=_draft(personas), acting=personas.membership("staff"), name=name, data=data)
    with default_storage.open(attachment.stored_name, "rb") as handle:
        stored = handle.read()
    assert data not in stored
    assert attachment_files.read(attachment) == data


def test_office_document_is_recognised_by_its_contents(personas, tmp_path):
    import zipfile

    path = tmp_path / "letter.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    attachment = attachment_add(
        concern=_draft(personas), acting=personas.membership("staff"), name="letter.docx", data=path.read_bytes()
    )
    assert attachment.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("photo.png", b"MZ\x90\x00 an executable", "must be an image"),
        ("invoice.pdf", PNG, "contents are a PNG image"),
        ("empty.png", b"", "empty"),
    ],
)
def test_disguised_or_unknown_files_are_refused_with_a_reason(personas, name, data, reason):
    concern = _draft(personas)
    with pytest.raises(attachment_files.AttachmentRejected, match=reason):
        attachment_add(concern=concern, acting=personas.membership("staff"), name=name, data=data)
    assert not Attachment.objects.exists()


def test_oversized_file_is_refused(personas, settings):
    settings.ATTACHMENT_MAX_BYTES = 50
    with pytest.raises(attachment_files.AttachmentRejected, match="smaller than"):
        attachment_add(concern=_draft(personas), acting=personas.membership("staff"), name="big.png", data=PNG)


def test_files_stay_with_a_submitted_concern(personas):
    concern = _draft(personas, observed_on=timezone.localdate(), **COMPLETE)
    attachment = attachment_add(concern=concern, acting=personas.membership("staff"), name="p.png", data=PNG)
    concern_submit(concern=concern, acting=personas.membership("staff"), expected_version=None)
    with pytest.raises(IllegalTransition):
        attachment_remove(attachment=attachment, acting=personas.membership("staff"))


# --- pages ----------------------------------------------------------------------------------------------------


def test_teacher_records_a_concern_end_to_end(client_for, personas):
    personas["dsl"]
    client = client_for("staff")
    response = client.post(
        reverse("concerns:start"),
        {
            "given_name": "Noor",
            "family_name": "Example",
            "date_of_birth_0": "4",
            "date_of_birth_1": "5",
            "date_of_birth_2": "2016",
        },
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert response["Location"] == reverse("concerns:edit", args=[concern.pk])
    assert Person.objects.get().date_of_birth == datetime.date(2016, 5, 4)
    today = timezone.localdate()
    form = {
        "observed_on_0": today.day,
        "observed_on_1": today.month,
        "observed_on_2": today.year,
        "observed_time": "10:15",
        "location": "Library",
        "account": "Drew a symbol on the desk.",
        "indicators": ["eng_material_symbols", "int_derogatory_labels"],
        "immediate_risk": "no",
        "continue": "1",
    }
    response = client.post(reverse("concerns:edit", args=[concern.pk]), form)
    assert response["Location"] == reverse("concerns:check", args=[concern.pk])
    check = client.get(response["Location"]).content.decode()
    assert "Drew a symbol on the desk." in check
    assert "Possession of material or symbols associated with an extremist cause" in check
    concern.refresh_from_db()
    response = client.post(reverse("concerns:check", args=[concern.pk]), {"version": concern.version})
    assert response["Location"] == reverse("concerns:submitted", args=[concern.pk])
    page = client.get(response["Location"]).content.decode()
    assert concern.reference in page and "Concern submitted" in page
    concern.refresh_from_db()
    assert concern.status == Concern.Status.SUBMITTED
    assert concern.indicators == ["eng_material_symbols", "int_derogatory_labels"]


def test_immediate_risk_shows_call_999_above_everything(client_for, personas):
    concern = _draft(personas, immediate_risk="yes")
    page = client_for("staff").get(reverse("concerns:edit", args=[concern.pk])).content.decode()
    banner = page.index("Call 999 now, then tell your designated safeguarding lead in person.")
    assert banner < page.index("<h1")
    assert 'id="immediate-risk" hidden' not in page
    calm = _draft(personas, immediate_risk="no")
    assert (
        'id="immediate-risk" hidden'
        in client_for("staff").get(reverse("concerns:edit", args=[calm.pk])).content.decode()
    )


def test_form_errors_are_summarised_and_keep_what_was_typed(client_for, personas):
    concern = _draft(personas)
    response = client_for("staff").post(
        reverse("concerns:edit", args=[concern.pk]),
        {
            "observed_on_0": "31",
            "observed_on_1": "2",
            "observed_on_2": "2026",
            "location": "Gym",
            "account": "Kept this text",
            "observed_time": "25:99",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "The date must be a real date" in page
    assert "Enter a time like 14:30" in page
    assert "Kept this text" in page and 'value="Gym"' in page
    concern.refresh_from_db()
    assert concern.account == ""  # nothing half-saved


def test_check_page_lists_what_is_missing(client_for, personas):
    concern = _draft(personas, location="Gym")
    response = client_for("staff").post(reverse("concerns:check", args=[concern.pk]), {"version": concern.version})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Describe what you saw or heard, in your own words" in page
    concern.refresh_from_db()
    assert concern.status == Concern.Status.DRAFT


def test_stale_submission_is_refused(client_for, personas):
    concern = _draft(personas, observed_on=timezone.localdate(), **COMPLETE)
    stale_version = concern.version
    concern_save_draft(
        concern=concern,
        acting=personas.membership("staff"),
        changes={"location": "Changed elsewhere"},
        expected_version=None,
    )
    response = client_for("staff").post(
        reverse("concerns:check", args=[concern.pk]), {"version": stale_version}, follow=True
    )
    assert b"changed in another window" in response.content
    concern.refresh_from_db()
    assert concern.status == Concern.Status.DRAFT


def test_autosave_keeps_valid_fields_and_reports_skipped_ones(client_for, personas):
    concern = _draft(personas)
    response = client_for("staff").post(
        reverse("concerns:autosave", args=[concern.pk]),
        {"account": "Typed so far", "observed_time": "not a time", "immediate_risk": "yes"},
    )
    body = json.loads(response.content)
    assert response.status_code == 200 and body["saved"] is True
    assert body["skipped"] == ["observed_time"]
    concern.refresh_from_db()
    assert (concern.account, concern.immediate_risk) == ("Typed so far", "yes")


def test_autosave_of_someone_elses_draft_is_refused(client_for, personas):
    concern = _draft(personas)
    response = client_for("dsl").post(reverse("concerns:autosave", args=[concern.pk]), {"account": "x"})
    assert response.status_code == 404
    assert json.loads(response.content)["error"] == "not_found"
    assert AuditEvent.objects.filter(action="access.denied", actor=personas["dsl"]).exists()


def test_existing_person_is_offered_before_a_new_record(client_for, personas):
    existing = _person(personas, given="Zoë", family="Example")
    client = client_for("dsl")
    response = client.post(reverse("concerns:start"), {"given_name": "zoe", "family_name": "EXAMPLE"})
    assert response.status_code == 200
    assert b"Is it one of these people?" in response.content
    response = client.post(
        reverse("concerns:choose"), {"given_name": "zoe", "family_name": "EXAMPLE", "person": str(existing.pk)}
    )
    assert response.status_code == 302
    assert Concern.objects.get().subject == existing
    assert Person.objects.count() == 1


def test_choosing_someone_else_creates_a_new_person(client_for, personas):
    _person(personas, given="Zoë", family="Example")
    client_for("staff").post(
        reverse("concerns:choose"), {"given_name": "Zoe", "family_name": "Example", "person": "new"}
    )
    assert Person.objects.count() == 2


# --- the person lookup: what a member of staff may learn of records they cannot see --------------------------------

BORN = {"date_of_birth_0": "4", "date_of_birth_1": "5", "date_of_birth_2": "2016"}
TYPED = {"given_name": "zoe", "family_name": "EXAMPLE", **BORN}  # the record says "Zoë Example", 4 May 2016


def _recorded_by_the_dsl(personas, organisation="school", **details):
    arguments = {"given_name": "Zoë", "family_name": "Example", "date_of_birth": datetime.date(2016, 5, 4)}
    return person_create(
        acting=personas.membership("dsl" if organisation == "school" else "other_dsl"),
        organisation=personas.organisation(organisation),
        **{**arguments, **details},
    )


def _lookup_reads():
    return AuditEvent.objects.filter(action="read.list", details__what="person_lookup").order_by("sequence")


def test_a_teacher_learns_only_that_a_record_exists_and_can_use_it_unseen(client_for, personas):
    existing = _recorded_by_the_dsl(personas)
    client = client_for("staff")
    response = client.post(reverse("concerns:start"), TYPED)
    page = response.content.decode()
    assert response.status_code == 200
    assert "A record with these details already exists at your school" in page
    for revealing in ("Zoë", "Example", "4 May 2016", "born", f'value="{existing.pk}"', f"/people/{existing.pk}/"):
        assert revealing not in page, revealing
    event = _lookup_reads().get()
    assert (event.actor, event.object_type) == (personas["staff"], "people.person")
    assert event.details == {
        "what": "person_lookup", "ids": [existing.pk], "count": 1, "named": [], "existence_only": [existing.pk],
    }  # fmt: skip
    assert "Zo" not in str(event.details)

    response = client.post(reverse("concerns:choose"), {**TYPED, "person": "existing"})
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.subject, concern.raised_by) == (existing, personas["staff"])
    assert Person.objects.count() == 1  # one person for the safeguarding lead, not a duplicate


def test_with_two_such_records_the_teacher_cannot_choose_and_a_new_record_is_made(client_for, personas):
    first, second = _recorded_by_the_dsl(personas), _recorded_by_the_dsl(personas)
    client = client_for("staff")
    page = client.post(reverse("concerns:start"), TYPED).content.decode()
    assert "A record with these details already exists at your school" in page
    assert 'value="existing"' not in page and 'value="new" checked' in page
    assert _lookup_reads().get().details["existence_only"] == [first.pk, second.pk]
    assert client.post(reverse("concerns:choose"), {**TYPED, "person": "existing"}).status_code == 200
    client.post(reverse("concerns:choose"), {**TYPED, "person": "new"})
    assert Concern.objects.get().subject not in (first, second)


def test_a_teacher_cannot_open_an_unseen_record_by_its_id(client_for, personas):
    existing = _recorded_by_the_dsl(personas)
    response = client_for("staff").post(reverse("concerns:choose"), {**TYPED, "person": str(existing.pk)})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert "Zoë" not in response.content.decode()
    assert not Concern.objects.exists()


def test_a_teacher_is_told_nothing_of_a_looser_match_and_the_lead_joins_them_up(client_for, personas):
    """Same name, another date of birth: not mentioned to the teacher; a new record keeps what they typed, and the
    safeguarding lead is offered the match on the triage page."""
    existing = _recorded_by_the_dsl(personas)
    response = client_for("staff").post(reverse("concerns:start"), {**TYPED, "date_of_birth_0": "5"})
    assert response.status_code == 302
    concern = Concern.objects.get()
    typed = concern.subject
    assert typed != existing
    assert (typed.given_name, typed.family_name, typed.date_of_birth) == ("zoe", "EXAMPLE", datetime.date(2016, 5, 5))
    event = _lookup_reads().get()
    assert event.details["ids"] == [existing.pk]
    assert event.details["named"] == [] and event.details["existence_only"] == []

    concern = concern_save_draft(
        concern=concern, acting=personas.membership("staff"), changes=COMPLETE | {"observed_on": timezone.localdate()},
        expected_version=None,
    )  # fmt: skip
    concern_submit(concern=concern, acting=personas.membership("staff"), expected_version=None)
    page = client_for("dsl").get(reverse("triage:concern", args=[concern.pk])).content.decode()
    assert f'value="{existing.pk}"' in page and "Zoë Example, born 4 May 2016" in page


def test_a_teacher_never_learns_of_another_organisations_records(client_for, personas):
    elsewhere = _recorded_by_the_dsl(personas, organisation="other_school")
    response = client_for("staff").post(reverse("concerns:start"), TYPED, follow=True)
    page = response.content.decode()
    assert "already exists" not in page and "Zoë" not in page and "4 May 2016" not in page
    assert Concern.objects.get().subject != elsewhere  # straight on to the form, with a new record
    assert Person.objects.count() == 2
    assert not _lookup_reads().exists()  # nothing matched at the teacher's own school


def test_a_teacher_sees_by_name_the_people_of_their_own_concerns(client_for, personas):
    own = _recorded_by_the_dsl(personas)
    concern_start(acting=personas.membership("staff"), organisation=personas.organisation("school"), subject=own)
    response = client_for("staff").post(reverse("concerns:start"), TYPED)
    assert "Zoë Example, born 4 May 2016" in response.content.decode()
    assert _lookup_reads().get().details["named"] == [own.pk]


def test_the_safeguarding_lead_still_sees_names_and_dates_of_birth(client_for, personas):
    existing = _recorded_by_the_dsl(personas)
    other = _recorded_by_the_dsl(personas, given_name="Zoë", family_name="Sample")  # same birthday and first name
    response = client_for("dsl").post(reverse("concerns:start"), TYPED)
    page = response.content.decode()
    assert "Is it one of these people?" in page
    assert "Zoë Example, born 4 May 2016" in page and "Zoë Sample, born 4 May 2016" in page
    assert f'value="{existing.pk}"' in page and f'value="{other.pk}"' in page
    assert "already exists at your school" not in page
    event = _lookup_reads().get()
    assert event.details["named"] == [existing.pk, other.pk] and event.details["existence_only"] == []


def test_my_concerns_records_one_list_read_with_the_concerns_shown(client_for, personas):
    draft = _draft(personas)
    submitted = _submitted(personas)
    dsl_draft = concern_start(
        acting=personas.membership("dsl"), organisation=personas.organisation("school"), subject=submitted.subject
    )
    client_for("staff").get(reverse("concerns:mine"))
    event = AuditEvent.objects.filter(action="read.list").latest("sequence")
    assert event.actor == personas["staff"] and event.object_type == "concerns.concern"
    assert event.details == {"what": "my_concerns", "ids": [submitted.pk, draft.pk], "count": 2}
    assert dsl_draft.pk not in event.details["ids"]


def test_upload_page_refuses_a_disguised_file_with_its_reason(client_for, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    concern = _draft(personas)
    upload = SimpleUploadedFile("notes.pdf", PNG, content_type="application/pdf")
    response = client_for("staff").post(reverse("concerns:attachments", args=[concern.pk]), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "its contents are a PNG image" in page
    assert "govuk-error-summary" in page


def test_download_decrypts_and_is_audited(client_for, personas):
    concern = _submitted(personas)
    attachment = attachment_add(concern=concern, acting=personas.membership("staff"), name="p.png", data=PNG)
    response = client_for("dsl").get(reverse("concerns:attachment_download", args=[concern.pk, attachment.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert "attachment" in response["Content-Disposition"] and "Zo" not in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="read.attachment", actor=personas["dsl"]).exists()


def test_staff_see_only_their_own_concerns(client_for, personas):
    concern = _submitted(personas)
    other_teacher = Client()
    from tests.factories import MembershipFactory, UserFactory

    colleague = UserFactory.create()
    MembershipFactory.create(user=colleague, organisation=personas.organisation("school"), role="staff")
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(colleague, "KBZGK5TFNZ2FIZLTORZUE4TPO5ZWK4RB")
    other_teacher.force_login(colleague, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert other_teacher.get(reverse("concerns:detail", args=[concern.pk])).status_code == 404
    assert concern.reference.encode() not in other_teacher.get(reverse("concerns:mine")).content
    assert client_for("staff").get(reverse("concerns:detail", args=[concern.pk])).status_code == 200


def test_another_schools_lead_gets_404_on_every_concern_url(client_for, personas):
    concern = _submitted(personas)
    attachment = attachment_add(concern=concern, acting=personas.membership("staff"), name="p.png", data=PNG)
    client = client_for("other_dsl")
    urls = [
        reverse(name, args=[concern.pk])
        for name in ("concerns:edit", "concerns:attachments", "concerns:check", "concerns:submitted", "concerns:detail")
    ]
    urls.append(reverse("concerns:attachment_download", args=[concern.pk, attachment.public_id]))
    for url in urls:
        assert client.get(url).status_code == 404, url
    for name in ("concerns:autosave", "concerns:addendum"):
        assert client.post(reverse(name, args=[concern.pk]), {"text": "x"}).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=personas["other_dsl"]).count() >= len(urls)


def test_addendum_page(client_for, personas):
    concern = _submitted(personas)
    client = client_for("staff")
    empty = client.post(reverse("concerns:addendum", args=[concern.pk]), {"text": ""})
    assert b"Enter what you want to add" in empty.content
    client.post(reverse("concerns:addendum", args=[concern.pk]), {"text": "Mum called the school."})
    assert b"Mum called the school." in client.get(reverse("concerns:detail", args=[concern.pk])).content


def test_autosave_answers_json_when_signed_out(personas):
    concern = _draft(personas)
    response = Client().post(reverse("concerns:autosave", args=[concern.pk]), {"account": "x"})
    assert response.status_code == 401
    assert json.loads(response.content)["error"] == "signed_out"


def test_autosave_answers_json_when_the_session_has_expired(personas):
    from accounts.middleware import LAST_SEEN_AT

    concern = _draft(personas)
    client = Client()
    client.force_login(personas["staff"], backend="allauth.account.auth_backends.AuthenticationBackend")
    session = client.session
    session[LAST_SEEN_AT] = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    session.save()
    response = client.post(
        reverse("concerns:autosave", args=[concern.pk]), {"account": "typed late"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 401
    assert json.loads(response.content)["error"] == "session_expired"
    concern.refresh_from_db()
    assert concern.account == ""


def test_a_lead_recording_a_concern_sees_the_others_about_the_person(client_for, personas):
    first = _submitted(personas)
    second = concern_start(
        acting=personas.membership("dsl"), organisation=personas.organisation("school"), subject=first.subject
    )
    page = client_for("dsl").get(reverse("concerns:edit", args=[second.pk])).content.decode()
    assert "There is 1 other concern about this person at your organisation." in page
    own = concern_start(
        acting=personas.membership("staff"), organisation=personas.organisation("school"), subject=first.subject
    )
    staff_page = client_for("staff").get(reverse("concerns:edit", args=[own.pk])).content.decode()
    assert "other concern" not in staff_page  # staff see only their own concerns
