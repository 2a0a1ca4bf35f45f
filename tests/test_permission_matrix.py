"""Walks every URL for every persona and compares the status with the matrix (tests/permission_matrix.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from people.services import person_create
from referrals.models import ConcernType, SecureDomain

from .permission_matrix import MATRIX, rows
from .personas import ALL_PERSONAS, Personas


def named_url_patterns(patterns: list[Any] | None = None, namespace: str = "") -> set[str]:
    """Every named URL the service answers, with its namespace ("admin:index", "core:dashboard", ...)."""
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_rows_in_the_matrix():
    missing = sorted(named_url_patterns() - {name for name, _ in MATRIX})
    assert missing == [], f"URLs with no row in tests/permission_matrix.py: {missing}"


def test_matrix_names_no_url_that_does_not_exist():
    assert sorted({name for name, _ in MATRIX} - named_url_patterns()) == []


def test_every_entry_covers_every_persona():
    for key, statuses in MATRIX.items():
        assert sorted(statuses) == sorted(ALL_PERSONAS), key


def test_rows_expand_to_one_table():
    table = rows()
    assert len(table) == len(MATRIX) * len(ALL_PERSONAS)
    assert ("admin:index", "GET", "sysadmin", 200) in table
    assert ("admin:index", "GET", "dsl", 404) in table


def _concerns(personas: Personas) -> tuple[Any, Any, Any, Any]:
    """A draft and a submitted concern by the staff persona, each with a file attached."""
    from concerns.services import attachment_add, concern_save_draft, concern_start, concern_submit
    from people.services import person_create

    staff, school = personas["staff"], personas.organisation("school")
    person = person_create(
        acting_user=staff, organisation=school, given_name="Matrix", family_name="Child", date_of_birth=None
    )
    draft = concern_start(acting_user=staff, organisation=school, subject=person)
    file_on_draft = attachment_add(concern=draft, acting_user=staff, name="note.pdf", data=b"%PDF-1.4 test")
    submitted = concern_start(acting_user=staff, organisation=school, subject=person)
    changes = {
        "observed_on": timezone.localdate(),
        "location": "Playground",
        "account": "Said something.",
        "immediate_risk": "no",
    }
    concern_save_draft(concern=submitted, acting_user=staff, changes=changes, expected_version=None)
    file_on_submitted = attachment_add(
        concern=submitted, acting_user=staff, name="photo.png", data=b"\x89PNG\r\n\x1a\n" + b"0" * 20
    )
    concern_submit(concern=submitted, acting_user=staff, expected_version=None)
    return draft, submitted, file_on_draft, file_on_submitted


def _triage_concerns(personas: Personas) -> dict[str, Any]:
    """Submitted concerns of the school, raised by the staff persona: one new, one read, one decided."""
    from concerns.services import concern_save_draft, concern_start, concern_submit
    from triage.services import concern_mark_read, decision_record

    staff, dsl, school = personas["staff"], personas["dsl"], personas.organisation("school")
    person, _ = (  # the second is a possible duplicate, so "same person" has a form to post
        person_create(
            acting_user=dsl, organisation=school, given_name="Triage", family_name="Child", date_of_birth=None
        )
        for _ in range(2)
    )
    made = {}
    for state in ("submitted", "in_triage", "decided"):
        concern = concern_start(acting_user=staff, organisation=school, subject=person)
        changes = {"observed_on": timezone.localdate(), "location": "Hall", "account": "Heard.", "immediate_risk": "no"}
        concern = concern_save_draft(concern=concern, acting_user=staff, changes=changes, expected_version=None)
        concern = concern_submit(concern=concern, acting_user=staff, expected_version=None)
        if state != "submitted":
            concern = concern_mark_read(concern=concern, acting_user=dsl)
        if state == "decided":
            decision_record(concern=concern, acting_user=dsl, outcome="early_help", rationale="Help.", review_on=None)
        made[state] = concern
    return made


def _referral_form(personas: Personas) -> tuple[Any, Any]:
    """A draft referral by the school's DSL, and a complete one sent to the police."""
    from referrals.services import referral_save_section, referral_start, referral_submit

    dsl, school = personas["dsl"], personas.organisation("school")
    person = person_create(
        acting_user=dsl, organisation=school, given_name="Referral", family_name="Child",
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 10, day=1),
    )  # fmt: skip
    draft = referral_start(acting_user=dsl, organisation=school, subject=person, concerns=[])
    sent = referral_start(acting_user=dsl, organisation=school, subject=person, concerns=[])
    changes = {
        "referrer_phone": "01632 960 001", "reason": "Reason.", "personal_factors": "Personal.",
        "risk_factors": "Risks.", "protective_factors": "Protective.", "consent": "given", "consent_by": "parent",
    }  # fmt: skip
    sent = referral_save_section(
        referral=sent, acting_user=dsl, changes=changes, expected_version=None, concern_type_codes=["islamist"]
    )
    sent = referral_submit(
        referral=sent, acting_user=dsl, expected_version=None, power_to_share="ctsa_2015", necessity="To keep safe."
    )
    return draft, sent


def _screening_and_assessment(personas: Personas) -> dict[str, Any]:
    """Referrals sent by the school to the Essex police: one waiting, one being screened, one sent on for
    preliminary assessment with an information request to the health trust."""
    from referrals.services import (
        information_request_send,
        referral_save_section,
        referral_start,
        referral_submit,
        screening_decide,
        screening_start,
    )

    dsl, police, school = personas["dsl"], personas["police"], personas.organisation("school")
    person = person_create(
        acting_user=dsl, organisation=school, given_name="Screening", family_name="Child",
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 10, day=1),
    )  # fmt: skip
    changes = {
        "referrer_phone": "01632 960 002", "reason": "Reason.", "personal_factors": "Personal.",
        "risk_factors": "Risks.", "protective_factors": "Protective.", "consent": "given", "consent_by": "parent",
    }  # fmt: skip
    made: dict[str, Any] = {}
    for state in ("submitted", "screening", "assessment"):
        referral = referral_start(acting_user=dsl, organisation=school, subject=person, concerns=[])
        referral = referral_save_section(
            referral=referral, acting_user=dsl, changes=changes, expected_version=None, concern_type_codes=["islamist"]
        )
        referral = referral_submit(
            referral=referral, acting_user=dsl, expected_version=None, power_to_share="ctsa_2015", necessity="Safe."
        )
        if state != "submitted":
            screening_start(referral=referral, acting_user=police)
        if state == "assessment":
            referral = screening_decide(referral=referral, acting_user=police, outcome="proceed", checks_made="Done.")
        made[state] = referral
    made["request"] = information_request_send(
        referral=made["assessment"], acting_user=personas["coordinator"], organisation=personas.organisation("health"),
        question="Known to you?", due_on=timezone.localdate() + timedelta(days=7),
    )  # fmt: skip
    return made


def _referral_copies(personas: Personas) -> tuple[Any, Any]:
    """A referral the school sent, and a password-protected copy of it waiting for the call that passes the
    password."""
    from referrals.services import referral_save_section, referral_start, referral_submit
    from sharing.services import sharing_record_create

    dsl, school = personas["dsl"], personas.organisation("school")
    person = person_create(
        acting_user=dsl, organisation=school, given_name="Copied", family_name="Child",
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 10, day=1),
    )  # fmt: skip
    referral = referral_start(acting_user=dsl, organisation=school, subject=person, concerns=[])
    changes = {
        "referrer_phone": "01632 960 003", "reason": "Reason.", "personal_factors": "Personal.",
        "risk_factors": "Risks.", "protective_factors": "Protective.", "consent": "given", "consent_by": "parent",
    }  # fmt: skip
    referral = referral_save_section(
        referral=referral, acting_user=dsl, changes=changes, expected_version=None, concern_type_codes=["islamist"]
    )
    referral = referral_submit(
        referral=referral, acting_user=dsl, expected_version=None, power_to_share="ctsa_2015", necessity="Safe."
    )
    record = sharing_record_create(
        acting_user=dsl, what="Copy of a Prevent referral (VTR form)", obj=referral, from_organisation=school,
        channel="protected_pdf", to_organisation=personas.organisation("police"), power_to_share="ctsa_2015",
        necessity="Asked for.", consent="given",
    )  # fmt: skip
    return referral, record


def _vulnerability_assessments(personas: Personas, referral: Any) -> tuple[Any, Any, Any]:
    """A draft and a completed vulnerability assessment of a referral in preliminary assessment."""
    from assessments.framework_data import ensure_shipped_framework
    from assessments.services import AssessmentChanges, JudgementChange, RatingChange, assessment_save, assessment_start

    framework = ensure_shipped_framework()
    coordinator = personas["coordinator"]
    draft = assessment_start(referral=referral, acting_user=coordinator, version=framework)
    done = assessment_start(referral=referral, acting_user=coordinator, version=framework)
    level = framework.levels.first()
    changes = AssessmentChanges(
        assessed_on=timezone.localdate(), assessors="Coordinator", summary="Summary.",
        ratings={f.pk: RatingChange(level=level.pk) for f in framework.factors.all()},
        judgements={d.pk: JudgementChange(judgement="low", rationale="Why.") for d in framework.dimensions.all()},
    )  # fmt: skip
    done = assessment_save(assessment=done, acting_user=coordinator, changes=changes, complete=True)
    return draft, done, framework


def _url_kwargs(personas: Personas) -> dict[str, dict[str, Any]]:
    staff = personas["staff"]
    organisation = personas.organisation("school")
    membership = staff.memberships.get()
    authenticator = Authenticator.objects.filter(user=staff).first()
    attempt = AccessAttempt.objects.create(
        username="someone@example.org", ip_address="192.0.2.1", user_agent="test", failures_since_start=1
    )
    log = AccessLog.objects.create(username="someone@example.org", ip_address="192.0.2.1", user_agent="test")
    failure = AccessFailureLog.objects.create(
        username="someone@example.org", ip_address="192.0.2.1", user_agent="test", attempt_time=timezone.now()
    )
    person = person_create(
        acting_user=personas["dsl"],
        organisation=organisation,
        given_name="Matrix",
        family_name="Person",
        date_of_birth=None,
    )
    object_ids = {
        "accounts_user": staff.pk,
        "mfa_authenticator": authenticator.pk,
        "organisations_area": organisation.area_id,
        "organisations_organisation": organisation.pk,
        "organisations_membership": membership.pk,
        "axes_accessattempt": attempt.pk,
        "axes_accesslog": log.pk,
        "axes_accessfailurelog": failure.pk,
        "referrals_concerntype": ConcernType.objects.get(code="islamist").pk,
        "referrals_securedomain": SecureDomain.objects.get(domain="nhs.net").pk,
    }
    kwargs: dict[str, dict[str, Any]] = {
        "account_reset_password_from_key": {"uidb36": "0", "key": "not-a-real-key"},
        "mfa_remove_webauthn": {"pk": 999_999},
        "mfa_edit_webauthn": {"pk": 999_999},
        "notifications:read": {"pk": 999_999},
        "people:detail": {"pk": person.pk},
        "people:edit": {"pk": person.pk},
        "people:household_add": {"pk": person.pk},
        "people:household_remove": {"pk": person.pk, "member_pk": 999_999},
        "chronology:person": {"pk": person.pk},
        "chronology:export": {"pk": person.pk},
        "chronology:download": {"public_id": uuid.uuid4()},
        "admin:app_list": {"app_label": "organisations"},
        "admin:auth_user_password_change": {"id": staff.pk},
        "admin:view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(organisation).pk,
            "object_id": organisation.pk,
        },
    }
    draft, submitted, file_on_draft, file_on_submitted = _concerns(personas)
    kwargs |= {
        "concerns:edit": {"pk": draft.pk},
        "concerns:autosave": {"pk": draft.pk},
        "concerns:attachments": {"pk": draft.pk},
        "concerns:attachment_delete": {"pk": draft.pk, "attachment": file_on_draft.public_id},
        "concerns:check": {"pk": draft.pk},
        "concerns:attachment_download": {"pk": submitted.pk, "attachment": file_on_submitted.public_id},
        "concerns:submitted": {"pk": submitted.pk},
        "concerns:detail": {"pk": submitted.pk},
        "concerns:addendum": {"pk": submitted.pk},
    }
    triage = _triage_concerns(personas)
    kwargs |= {
        "triage:concern": {"pk": triage["submitted"].pk},
        "triage:mark_read": {"pk": triage["submitted"].pk},
        "triage:clarify": {"pk": triage["submitted"].pk},
        "triage:consent": {"pk": triage["submitted"].pk},
        "triage:decide": {"pk": triage["in_triage"].pk},
        "triage:reopen": {"pk": triage["decided"].pk},
        "triage:link": {"pk": triage["submitted"].pk},
    }
    draft_referral, sent_referral = _referral_form(personas)
    kwargs |= {
        "referrals:task_list": {"pk": draft_referral.pk},
        "referrals:section": {"pk": draft_referral.pk, "section": "referrer"},
        "referrals:check": {"pk": draft_referral.pk},
        "referrals:sent": {"pk": sent_referral.pk},
        "referrals:detail": {"pk": sent_referral.pk},
    }
    screening = _screening_and_assessment(personas)
    kwargs |= {
        "referrals:screen": {"pk": screening["submitted"].pk},
        "referrals:screening_start": {"pk": screening["submitted"].pk},
        "referrals:screening_decide": {"pk": screening["screening"].pk},
        "referrals:assess": {"pk": screening["assessment"].pk},
        "referrals:request_send": {"pk": screening["assessment"].pk},
        "referrals:assessment_record": {"pk": screening["assessment"].pk},
        "referrals:assessment_decide": {"pk": screening["assessment"].pk},
        "referrals:request_answer": {"pk": screening["request"].pk},
    }
    assessment_draft, assessment_done, framework = _vulnerability_assessments(personas, screening["assessment"])
    object_ids["assessments_frameworkversion"] = framework.pk
    kwargs |= {
        "assessments:list": {"referral_pk": screening["assessment"].pk},
        "assessments:start": {"referral_pk": screening["assessment"].pk},
        "assessments:compare": {"referral_pk": screening["assessment"].pk},
        "assessments:chart": {"referral_pk": screening["assessment"].pk},
        "assessments:edit": {"pk": assessment_draft.pk},
        "assessments:detail": {"pk": assessment_done.pk},
        "assessments:correct": {"pk": assessment_done.pk},
    }
    copied, awaiting_call = _referral_copies(personas)
    kwargs |= {
        "referrals:copies": {"pk": copied.pk},
        "referrals:copy_email": {"pk": copied.pk},
        "referrals:copy_pdf": {"pk": copied.pk},
        "referrals:copy_download": {"pk": copied.pk, "public_id": uuid.uuid4()},
        "sharing:record_detail": {"pk": awaiting_call.pk},
        "sharing:record_call": {"pk": awaiting_call.pk},
    }
    for prefix, pk in object_ids.items():
        for action in ("history", "delete", "change"):
            kwargs[f"admin:{prefix}_{action}"] = {"object_id": pk}
    return kwargs


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method"), sorted(MATRIX))
def test_persona_gets_the_expected_status(url_name: str, method: str, personas: Personas) -> None:
    personas.all()
    url = reverse(url_name, kwargs=_url_kwargs(personas).get(url_name))
    wrong = {}
    for persona, expected in MATRIX[(url_name, method)].items():
        client = Client()
        if persona != "anonymous":
            client.force_login(personas[persona], backend="allauth.account.auth_backends.AuthenticationBackend")
        response = client.generic(method, url)
        if response.status_code != expected:
            wrong[persona] = (expected, response.status_code, response.get("Location", ""))
    assert wrong == {}, f"{method} {url}: persona -> (expected, got, redirect): {wrong}"
