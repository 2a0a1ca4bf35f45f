"""The chronology as a registry: each stage registers its kinds of entry from its app's ready(), and a person's
chronology shows the referral, police screening, the preliminary assessment's information requests and decision,
vulnerability assessments and disclosures on the sharing register — each dated when it happened, each only as far
as the acting membership may see it, each kind at a constant number of queries."""

from __future__ import annotations

import ast
import datetime
import io
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.framework_data import ensure_shipped_framework
from assessments.models import Assessment
from assessments.services import assessment_correct, assessment_save
from chronology import providers
from chronology.providers import Entry, chronology_for, register, registered_kinds
from chronology.services import chronology_sections
from organisations.models import Membership
from people.models import Person
from preliminary.models import InformationRequest, PreliminaryAssessment
from preliminary.services import information_request_answer, preliminary_decide, preliminary_record
from prevent_casework.handoffs import screening_to_preliminary
from referrals.copies import Disclosure, ProtectedCopy, referral_copy_pdf
from referrals.models import Referral
from referrals.services import referral_start
from screening.models import Screening
from screening.services import screening_start
from sharing.models import SharingRecord
from sharing.services import sharing_record_password_call

from .personas import Personas
from .test_assessment import ask
from .test_assessments import completed, full_changes
from .test_pdf import _page_texts, _squash
from .test_screening import CHECKS, REASON, make_person, screened, submitted_referral

pytestmark = pytest.mark.django_db

SCREENING_REASON = "Ideological element confirmed; the local authority should assess vulnerability."
ANSWER = "Known to school nursing since September: low mood, no safeguarding concerns recorded."
DECISION_REASON = "Needs are better met by Early Help; the family has agreed to it."
NARRATIVE = "Isolated and spends evenings online; the family is engaged."
ASSESSED_ON = datetime.date(2026, 1, 7)

NEW_KINDS = {
    "referral.started": ("referrals.chronology", "Referral started"),
    "referral.submitted": ("referrals.chronology", "Referral sent"),
    "sharing.disclosure": ("referrals.chronology", "Information shared"),
    "screening.outcome": ("screening.chronology", "Police screening"),
    "preliminary.request_sent": ("preliminary.chronology", "Information request sent"),
    "preliminary.request_answered": ("preliminary.chronology", "Information request answered"),
    "preliminary.decision": ("preliminary.chronology", "Preliminary assessment decision"),
    "assessment.completed": ("assessments.chronology", "Vulnerability assessment"),
}
EARLIER_KINDS = {
    "concern.submitted": ("concerns.chronology", "Concern recorded"),
    "concern.addendum": ("concerns.chronology", "Addendum added"),
    "triage.clarification": ("triage.chronology", "Clarification"),
    "triage.consent": ("triage.chronology", "Consent"),
    "triage.decision": ("triage.chronology", "Decision"),
    "triage.reopened": ("triage.chronology", "Decision reopened"),
}
STAGES = {"concerns", "triage", "referrals", "screening", "preliminary", "cases", "assessments", "support"}


def _at(day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 1, day, hour, 0))


def _membership(personas: Personas, name: str) -> Membership:
    return personas[name].memberships.select_related("organisation").get()


def _proceeded(personas: Personas, referral: Referral) -> Referral:
    """Police screening sends the referral on, with checks and a reason (the hand-off opens the assessment)."""
    personas["coordinator"]
    screening_start(referral=referral, acting=personas.membership("police"))
    screening_to_preliminary(
        referral=referral, acting=personas.membership("police"), checks_made=CHECKS, reason=SCREENING_REASON
    )
    referral.refresh_from_db()
    return referral


def _copy(personas: Personas, referral: Referral) -> ProtectedCopy:
    """A protected PDF copy for the police, waiting for the call that passes its password."""
    return referral_copy_pdf(
        referral=referral,
        acting=personas.membership("dsl"),
        disclosure=Disclosure(
            power_to_share="ctsa_2015",
            necessity="The police need the form.",
            consent="given",
            reason_without_consent="",
        ),
    )


def _journey(personas: Personas, person: Person | None = None) -> dict[str, Any]:
    """One referral through every step, through the services; then each record is dated on its own day of January
    2026, so that when it happened differs from when it was recorded (today)."""
    referral = submitted_referral(personas, person)
    copy = _copy(personas, referral)
    _proceeded(personas, referral)
    request = ask(personas, referral)
    information_request_answer(request=request, acting=personas.membership("panel_member"), answer=ANSWER)
    assessment = completed(personas, referral, ensure_shipped_framework(), assessed_on=ASSESSED_ON)
    coordinator = personas.membership("coordinator")
    preliminary_record(
        referral=referral, acting=coordinator, narrative=NARRATIVE, significant_harm_suspected=False,
        social_care_referral="",
    )  # fmt: skip
    preliminary_decide(
        referral=referral, acting=coordinator, decision="other_support", other_support="early_help",
        reason=DECISION_REASON, expected_version=None,
    )  # fmt: skip

    Referral.objects.filter(pk=referral.pk).update(created_at=_at(1), submitted_at=_at(2))
    internal = SharingRecord.objects.get(object_id=str(referral.pk), channel=SharingRecord.Channel.INTERNAL)
    SharingRecord.objects.filter(pk=internal.pk).update(created_at=_at(2), sent_at=_at(2, 11))
    SharingRecord.objects.filter(pk=copy.record.pk).update(created_at=_at(3))
    Screening.objects.filter(referral=referral).update(decided_at=_at(4))
    InformationRequest.objects.filter(pk=request.pk).update(sent_at=_at(5), answered_at=_at(6))
    PreliminaryAssessment.objects.filter(referral=referral).update(decided_at=_at(8))
    referral.refresh_from_db()
    return {
        "referral": referral,
        "person": referral.subject,
        "copy": copy,
        "request": request,
        "assessment": assessment,
    }


def _by_kind(entries: list[Entry]) -> dict[str, list[Entry]]:
    kinds: dict[str, list[Entry]] = {}
    for entry in entries:
        kinds.setdefault(entry.kind, []).append(entry)
    return kinds


def _text(entry: Entry) -> str:
    return " ".join([entry.title, entry.detail, entry.by, entry.source])


def _everything(entries: list[Entry]) -> str:
    return " ".join(_text(entry) for entry in entries)


# --- the registry ----------------------------------------------------------------------------------------------


def test_each_stage_registers_its_kinds_from_its_own_app():
    kinds = {kind.code: kind for kind in registered_kinds()}
    for code, (module, label) in {**EARLIER_KINDS, **NEW_KINDS}.items():
        assert code in kinds, code
        assert kinds[code].label == label, code
        assert kinds[code].provider.__module__ == module, code
    # In process order: the stages' apps are ready() in the order of INSTALLED_APPS.
    codes = [kind.code for kind in registered_kinds()]
    assert codes.index("concern.submitted") < codes.index("triage.decision") < codes.index("referral.submitted")
    assert codes.index("referral.submitted") < codes.index("screening.outcome") < codes.index("preliminary.decision")


def test_the_registry_refuses_a_second_provider_for_a_code(monkeypatch):
    monkeypatch.setattr(providers, "_registry", dict(providers._registry))
    before = {kind.code: kind.provider for kind in registered_kinds()}
    for code in ("screening.outcome", "triage.decision"):
        with pytest.raises(ValueError, match="already registered"):
            register(code, "Something else")(lambda *, person, membership: [])
    assert {kind.code: kind.provider for kind in registered_kinds()} == before
    assert providers.kind_label("screening.outcome") == "Police screening"


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_chronology_imports_no_stage():
    """The registry sits below the stages (pyproject.toml [tool.importlinter]): it names no stage."""
    folder = Path(settings.BASE_DIR) / "chronology"
    files = [path for path in folder.rglob("*.py") if "migrations" not in path.parts]
    assert files
    for path in files:
        assert not (_imported_packages(path) & STAGES), path


# --- who sees what, dated when it happened ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["dsl", "headteacher"])
def test_the_referring_schools_leads_see_their_referral_and_only_the_outcomes(personas, persona):
    story = _journey(personas)
    entries = chronology_for(person=story["person"], membership=_membership(personas, persona))
    kinds = _by_kind(entries)
    assert [entry.kind for entry in entries] == [
        "referral.started", "referral.submitted", "sharing.disclosure", "sharing.disclosure", "screening.outcome",
        "preliminary.decision",
    ]  # fmt: skip
    assert [entry.at for entry in entries] == [_at(1), _at(2), _at(2, 11), _at(3), _at(4), _at(8)]

    started, sent = kinds["referral.started"][0], kinds["referral.submitted"][0]
    reference = story["referral"].reference
    assert started.title == "Referral to Prevent started" and started.by == personas["dsl"].full_name
    assert sent.title == "Referral sent to the police Prevent team"
    assert REASON in sent.detail
    assert sent.source == f"referral {reference}"
    assert sent.url == reverse("referrals:detail", args=[story["referral"].pk])

    screening = kinds["screening.outcome"][0]
    assert screening.title == "Police screening: Proceed to preliminary assessment"
    assert screening.detail == "" and screening.by == "Police Prevent team"
    decision = kinds["preliminary.decision"][0]
    assert decision.title == "Preliminary assessment: Other support"
    assert decision.detail == "" and decision.by == "Local authority Prevent coordinator"

    # Never the police's checks or reasons, the coordinator's work, nor who did it.
    everything = _everything(entries)
    secrets = (CHECKS, SCREENING_REASON, story["request"].question, ANSWER, DECISION_REASON, "Early Help", "Judgements")
    for secret in secrets:
        assert secret not in everything, secret
    assert {entry.by for entry in entries} == {
        personas["dsl"].full_name, "Police Prevent team", "Local authority Prevent coordinator",
    }  # fmt: skip


def test_the_schools_leads_see_where_a_closed_referral_signposted_and_nothing_of_why(personas):
    referral = screened(personas, submitted_referral(personas), Screening.Outcome.NOT_PREVENT)
    Screening.objects.filter(referral=referral).update(decided_at=_at(4))
    school = chronology_for(person=referral.subject, membership=_membership(personas, "dsl"))
    police = chronology_for(person=referral.subject, membership=_membership(personas, "police"))
    (entry,) = _by_kind(school)["screening.outcome"]
    assert entry.at == _at(4)
    assert entry.title == "Police screening: Not for Prevent: signpost and close"
    assert entry.detail == "Signposted to Early Help."
    assert "Not ideological" not in _everything(school) and CHECKS not in _everything(school)
    (full,) = _by_kind(police)["screening.outcome"]
    assert "Signposted to Early Help." in full.detail
    assert f"Checks made: {CHECKS}" in full.detail and "Reason: Not ideological." in full.detail
    assert full.by == personas["police"].full_name


def test_the_police_see_their_screening_in_full_and_the_assessments(personas):
    story = _journey(personas)
    entries = chronology_for(person=story["person"], membership=_membership(personas, "police"))
    kinds = _by_kind(entries)
    assert [entry.kind for entry in entries] == [
        "referral.submitted", "screening.outcome", "assessment.completed", "preliminary.decision",
    ]  # fmt: skip
    screening = kinds["screening.outcome"][0]
    assert screening.at == _at(4)
    assert f"Checks made: {CHECKS}" in screening.detail
    assert f"Reason: {SCREENING_REASON}" in screening.detail
    assert screening.by == personas["police"].full_name
    assert screening.url == reverse("screening:screen", args=[story["referral"].pk])
    # The coordinator's requests and the decision's reasons are the local authority's.
    assert kinds["preliminary.decision"][0].detail == ""
    assert ANSWER not in _everything(entries) and DECISION_REASON not in _everything(entries)
    assert "sharing.disclosure" not in kinds and "referral.started" not in kinds


@pytest.mark.parametrize("persona", ["coordinator", "chair"])
def test_the_local_authority_sees_its_requests_and_decision_and_the_screening_reason(personas, persona):
    story = _journey(personas)
    entries = chronology_for(person=story["person"], membership=_membership(personas, persona))
    kinds = _by_kind(entries)
    assert [entry.kind for entry in entries] == [
        "referral.submitted", "screening.outcome", "preliminary.request_sent", "preliminary.request_answered",
        "assessment.completed", "preliminary.decision",
    ]  # fmt: skip
    screening = kinds["screening.outcome"][0]
    assert f"Reason: {SCREENING_REASON}" in screening.detail
    assert CHECKS not in screening.detail  # the police's checks stay with the police

    request = story["request"]
    sent, answered = kinds["preliminary.request_sent"][0], kinds["preliminary.request_answered"][0]
    assert (sent.at, answered.at) == (_at(5), _at(6))
    assert sent.title == "Information requested from Riverside Health (test)"
    assert request.question in sent.detail and "Due on " in sent.detail
    assert sent.by == personas["coordinator"].full_name
    assert answered.detail == ANSWER and answered.by == personas["panel_member"].full_name
    assert sent.source == f"referral {story['referral'].reference}, information request {request.reference}"
    assert sent.url == reverse("preliminary:assess", args=[story["referral"].pk])

    decision = kinds["preliminary.decision"][0]
    assert decision.at == _at(8)
    assert decision.title == "Preliminary assessment: Other support"
    assert "Other support: Early Help." in decision.detail and DECISION_REASON in decision.detail
    assert decision.by == personas["coordinator"].full_name


def test_a_vulnerability_assessment_is_dated_the_day_it_was_made_and_never_scored(personas):
    story = _journey(personas)
    entries = chronology_for(person=story["person"], membership=_membership(personas, "coordinator"))
    (entry,) = _by_kind(entries)["assessment.completed"]
    assessment = story["assessment"]
    assert assessment.completed_at is not None and timezone.localtime(assessment.completed_at).date() != ASSESSED_ON
    assert timezone.localtime(entry.at).date() == ASSESSED_ON  # when it was made, not when it was recorded
    assert entry.title == "Vulnerability assessment completed"
    assert "Framework: Channel vulnerability assessment framework, version " in entry.detail
    assert "Judgements — Engagement: Low; Intent: Low; Capability: Low." in entry.detail
    assert not re.search(r"score|total|points|\d+\s*/\s*\d+", entry.detail, re.I)
    assert entry.by == personas["coordinator"].full_name
    assert entry.url == reverse("assessments:detail", args=[assessment.pk])


def test_an_assessment_completed_on_the_day_sits_at_its_moment(personas):
    story = _journey(personas)
    today = timezone.localdate()
    Assessment.objects.filter(pk=story["assessment"].pk).update(assessed_on=today)
    entries = chronology_for(person=story["person"], membership=_membership(personas, "chair"))
    (entry,) = _by_kind(entries)["assessment.completed"]
    assert entry.at == Assessment.objects.get(pk=story["assessment"].pk).completed_at


def test_a_corrected_assessment_stays_with_its_correction(personas):
    story = _journey(personas)
    coordinator = personas.membership("coordinator")
    correction = assessment_correct(assessment=story["assessment"], acting=coordinator, reason="Wrong date.")
    changes = full_changes(correction, judgement="moderate", assessed_on=datetime.date(2026, 1, 9))
    assessment_save(assessment=correction, acting=coordinator, changes=changes, complete=True)
    entries = chronology_for(person=story["person"], membership=_membership(personas, "coordinator"))
    old, new = _by_kind(entries)["assessment.completed"]
    assert "Later corrected: a correction replaces this assessment." in old.detail
    assert new.title == f"Vulnerability assessment completed (correcting {story['assessment'].reference})"
    assert "Engagement: Moderate" in new.detail
    assert timezone.localtime(new.at).date() == datetime.date(2026, 1, 9)


def test_disclosures_say_what_to_whom_how_and_why_and_never_the_password(personas):
    story = _journey(personas)
    copy: ProtectedCopy = story["copy"]
    entries = chronology_for(person=story["person"], membership=_membership(personas, "dsl"))
    internal, pdf = _by_kind(entries)["sharing.disclosure"]
    assert internal.title == "Shared: Prevent referral (VTR form)"
    assert "Shared with: Essex Police Prevent Team (test)." in internal.detail
    assert "How: Within the service (secure route)." in internal.detail
    assert "Power to share: Counter-Terrorism and Security Act 2015" in internal.detail
    record = SharingRecord.objects.get(channel=SharingRecord.Channel.INTERNAL)
    assert internal.url == reverse("sharing:record_detail", args=[record.pk])
    assert pdf.at == _at(3)  # not sent yet: dated when it was made
    assert pdf.title == "Shared: Copy of a Prevent referral (VTR form)"
    assert "How: Password-protected PDF, password given by phone." in pdf.detail
    assert "Not yet sent: waiting for the phone call." in pdf.detail
    assert pdf.by == personas["dsl"].full_name

    called = timezone.now() - datetime.timedelta(minutes=5)
    sharing_record_password_call(
        record=copy.record, acting=personas.membership("dsl"), given_to="PC Hart", given_at=called
    )
    after = _by_kind(chronology_for(person=story["person"], membership=_membership(personas, "dsl")))
    sent = after["sharing.disclosure"][-1]
    assert sent.at == SharingRecord.objects.get(pk=copy.record.pk).sent_at  # dated when it was sent
    assert "Not yet sent" not in sent.detail
    for entry in [*entries, *after["sharing.disclosure"]]:
        assert copy.password not in _text(entry) + entry.url


def test_information_governance_reads_the_disclosures_of_their_area_and_nothing_else(personas):
    story = _journey(personas)
    entries = chronology_for(person=story["person"], membership=_membership(personas, "ig"))
    assert [entry.kind for entry in entries] == ["sharing.disclosure", "sharing.disclosure"]


@pytest.mark.parametrize("persona", ["staff", "other_dsl", "other_police", "panel_member", "provider", "sysadmin"])
def test_everyone_else_sees_nothing_of_the_referral(personas, persona):
    story = _journey(personas)
    assert chronology_for(person=story["person"], membership=_membership(personas, persona)) == []
    assert chronology_for(person=story["person"], membership=None) == []


def test_a_draft_referral_is_the_referring_schools_alone(personas):
    person = make_person(personas)
    draft = referral_start(
        acting=personas.membership("dsl"), organisation=personas.organisation("school"), subject=person, concerns=[]
    )
    (entry,) = chronology_for(person=person, membership=_membership(personas, "headteacher"))
    assert entry.kind == "referral.started" and entry.detail == "Still a draft: not sent."
    assert entry.at == draft.created_at
    assert chronology_for(person=person, membership=_membership(personas, "police")) == []


# --- the page and the PDF ----------------------------------------------------------------------------------------


def test_the_page_shows_the_new_entries_and_filters_by_them(personas, client_for):
    story = _journey(personas)
    client = client_for("dsl")
    url = reverse("chronology:person", args=[story["person"].pk])
    html = client.get(url).content.decode()
    assert re.findall(r'data-kind="([^"]+)"', html) == [
        "referral.started", "referral.submitted", "sharing.disclosure", "sharing.disclosure", "screening.outcome",
        "preliminary.decision",
    ]  # fmt: skip
    assert CHECKS not in html and SCREENING_REASON not in html
    filtered = client.get(url, {"kinds": ["screening.outcome"]}).content.decode()
    assert re.findall(r'data-kind="([^"]+)"', filtered) == ["screening.outcome"]
    assert "Showing: Police screening" in filtered


def test_the_pdf_export_holds_what_the_lead_may_see(personas, client_for):
    story = _journey(personas)
    client = client_for("dsl")
    response = client.post(reverse("chronology:export", args=[story["person"].pk]))
    html = response.content.decode()
    password = re.search(r'id="export-password">([^<]+)<', html)
    link = re.search(r'href="(/chronology/exports/[0-9a-f-]+/)"', html)
    assert password and link
    with pikepdf.open(io.BytesIO(client.get(link.group(1)).content), password=password.group(1).strip()) as pdf:
        text = _squash("\n".join(_page_texts(pdf)))
    for shown in (
        "Referral sent to the police Prevent team",
        "Police screening: Proceed to preliminary assessment",
        "Preliminary assessment: Other support",
        "Shared: Copy of a Prevent referral (VTR form)",
        REASON,
    ):
        assert _squash(shown) in text, shown
    for hidden in (CHECKS, SCREENING_REASON, DECISION_REASON, ANSWER, story["request"].question):
        assert _squash(hidden) not in text, hidden


def test_the_pdf_sections_of_the_new_entries(personas):
    story = _journey(personas)
    entries = chronology_for(person=story["person"], membership=_membership(personas, "dsl"))
    sections = chronology_sections(
        person=story["person"], organisation=personas.organisation("school"), entries=entries, filter_description=""
    )
    headings = [section.heading for section in sections[1:]]
    assert headings[0] == "1 January 2026 at 10:00 — Referral to Prevent started"
    assert "4 January 2026 at 10:00 — Police screening: Proceed to preliminary assessment" in headings
    screening = sections[
        headings.index("4 January 2026 at 10:00 — Police screening: Proceed to preliminary assessment") + 1
    ]
    assert dict(screening.rows)["Recorded by"] == "Police Prevent team"
    assert screening.paragraphs == []


# --- cost in queries ---------------------------------------------------------------------------------------------


def _queries(function: Any) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context)


def test_the_number_of_queries_does_not_grow_with_the_entries(personas, client_for):
    one = make_person(personas, given="Una")
    five = make_person(personas, given="Quinn")
    _journey(personas, one)
    for _ in range(5):
        _journey(personas, five)

    for persona, per_referral in (("dsl", 6), ("police", 4), ("coordinator", 6), ("ig", 2)):
        membership = _membership(personas, persona)
        assert len(chronology_for(person=five, membership=membership)) == 5 * per_referral, persona
        small = _queries(lambda m=membership: chronology_for(person=one, membership=m))
        large = _queries(lambda m=membership: chronology_for(person=five, membership=m))
        assert small == large <= len(registered_kinds()) + 1, persona  # +1: an assessment's judgements

    client = client_for("dsl")
    client.get(reverse("chronology:person", args=[one.pk]))  # warm up: sessions, content types
    page_one = _queries(lambda: client.get(reverse("chronology:person", args=[one.pk])))
    page_five = _queries(lambda: client.get(reverse("chronology:person", args=[five.pk])))
    assert page_one == page_five
