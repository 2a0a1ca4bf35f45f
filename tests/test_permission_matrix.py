"""Walks every (URL name, method) for every persona: the status, and what the request wrote to the audit log, must
be what the matrix (tests/permission_matrix.py) says.

Which (URL name, method) pairs exist is read from the URL resolver and the views themselves (`view_methods`), so a
new URL or a new method on an old one fails the suite until the matrix has its rows. The records the rows need are
built once for this module (`world`) and every row runs in its own transaction, rolled back after it, so a row that
changes something (a POST) leaves nothing behind for the next.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.generic.edit import ProcessFormView

from audit.models import AuditEvent
from people.services import person_create
from referrals.models import ConcernType, SecureDomain

from .permission_matrix import ABSENT, DENIED, MATRIX, NO_READ, READ, Row, rows
from .personas import ALL_PERSONAS, Personas, make_personas

# Not rows of their own: HEAD is a GET without its body (where a view answers it at all), and OPTIONS answers with the
# Allow header only; neither shows or changes anything a GET does not.
UNLISTED_METHODS = frozenset({"HEAD", "OPTIONS"})
PROBE = "PROBE"  # a method no view answers, so each names the ones it does in its 405


class UndeclaredMethods(AssertionError):
    """A function view that does not say which methods it answers before doing anything else."""


def named_views(patterns: list[Any] | None = None, namespace: str = "") -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every named URL the service answers, with its namespace ("admin:index", "site:dashboard", ...), and its view."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def view_methods(url_name: str, view: Callable[..., Any]) -> frozenset[str]:
    """The methods a view answers, as the matrix lists them.

    - The service's own (function) views declare theirs with Django's require_GET, require_POST or
      require_http_methods as the outermost decorator, so that a method the view does not answer gets 405 before
      anything else runs, whoever asks. Asked with a method nobody answers, such a view names its methods in the
      405's Allow header. A view that answers anything else fails here, by name.
    - Class-based views (allauth's pages) answer the methods they have handlers for. Django's generic form views
      also answer PUT exactly as POST (`ProcessFormView.put`); that alias is not a row of its own.
    - The administration site is one family behind one guard (`PreventAdminSite.admin_view`) that treats every
      method alike; its pages are walked with GET.
    """
    if url_name.startswith("admin:"):
        return frozenset({"GET"})
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        handlers = {name for name in view_class.http_method_names if hasattr(view_class, name)}
        if getattr(view_class, "put", None) is ProcessFormView.put:
            handlers.discard("put")
        return frozenset(name.upper() for name in handlers) - UNLISTED_METHODS
    request = RequestFactory().generic(PROBE, "/")
    request.user = AnonymousUser()
    where = f"{url_name} ({view.__module__}.{view.__qualname__})"
    advice = "declare its methods with require_GET, require_POST or require_http_methods as its outermost decorator"
    django_request_log = logging.getLogger("django.request")
    level = django_request_log.level
    django_request_log.setLevel(logging.ERROR)  # each 405 is logged as a warning
    try:
        response = view(request)
    except Exception as error:
        raise UndeclaredMethods(f"{where} ran for a {PROBE} request ({error!r}): {advice}") from error
    finally:
        django_request_log.setLevel(level)
    if response.status_code != 405 or not response.has_header("Allow"):
        raise UndeclaredMethods(f"{where} answered a {PROBE} request with {response.status_code}, not 405: {advice}")
    return frozenset(method.strip() for method in response["Allow"].split(",")) - UNLISTED_METHODS


def url_methods() -> set[tuple[str, str]]:
    """Every (URL name, method) the service answers."""
    return {(name, method) for name, view in named_views() for method in view_methods(name, view)}


def test_every_url_and_method_has_an_entry_in_the_matrix():
    missing = sorted(url_methods() - set(MATRIX))
    assert missing == [], f"(URL name, method) pairs with no entry in tests/permission_matrix.py: {missing}"


def test_the_matrix_names_no_url_or_method_that_does_not_exist():
    extra = sorted(set(MATRIX) - url_methods())
    assert extra == [], f"entries in tests/permission_matrix.py for no (URL name, method) the service answers: {extra}"


def test_methods_are_read_from_the_views():
    assert view_methods("concerns:check", dict(named_views())["concerns:check"]) == {"GET", "POST"}
    assert view_methods("account_login", dict(named_views())["account_login"]) == {"GET", "POST"}  # not PUT

    @require_http_methods(["GET", "POST"])
    def declared(request: Any) -> None:
        raise AssertionError("a method not declared must never reach the view")

    def undeclared(request: Any) -> HttpResponse:
        return HttpResponse("ran")

    assert view_methods("declared", declared) == {"GET", "POST"}
    with pytest.raises(UndeclaredMethods, match="undeclared"):
        view_methods("undeclared", undeclared)


def test_every_entry_covers_every_persona():
    for key, entry in MATRIX.items():
        assert sorted(entry.statuses) == sorted(ALL_PERSONAS), key
        assert all(entry.statuses[name] == 404 for name in entry.absent), key  # "absent" explains a 404


def test_rows_expand_to_one_table():
    table = rows()
    assert len(table) == len(MATRIX) * len(ALL_PERSONAS)
    assert Row("admin:index", "GET", "sysadmin", 200, NO_READ) in table
    assert Row("admin:index", "GET", "dsl", 404, DENIED) in table
    assert Row("concerns:detail", "GET", "dsl", 200, READ) in table
    assert Row("notifications:read", "POST", "dsl", 404, DENIED) in table  # audited, though there is none
    assert Row("mfa_view_recovery_codes", "GET", "dsl", 404, ABSENT) in table
    assert Row("site:dashboard", "GET", "anonymous", 302, "") in table


def _concerns(personas: Personas) -> tuple[Any, Any, Any, Any]:
    """A draft and a submitted concern by the staff persona, each with a file attached."""
    from concerns.services import attachment_add, concern_save_draft, concern_start, concern_submit
    from people.services import person_create

    staff, school = personas.membership("staff"), personas.organisation("school")
    person = person_create(
        acting=staff, organisation=school, given_name="Matrix", family_name="Child", date_of_birth=None
    )
    draft = concern_start(acting=staff, organisation=school, subject=person)
    file_on_draft = attachment_add(concern=draft, acting=staff, name="note.pdf", data=b"%PDF-1.4 test")
    submitted = concern_start(acting=staff, organisation=school, subject=person)
    changes = {
        "observed_on": timezone.localdate(),
        "location": "Playground",
        "account": "Said something.",
        "immediate_risk": "no",
    }
    concern_save_draft(concern=submitted, acting=staff, changes=changes, expected_version=None)
    file_on_submitted = attachment_add(
        concern=submitted, acting=staff, name="photo.png", data=b"\x89PNG\r\n\x1a\n" + b"0" * 20
    )
    concern_submit(concern=submitted, acting=staff, expected_version=None)
    return draft, submitted, file_on_draft, file_on_submitted


def _triage_concerns(personas: Personas) -> dict[str, Any]:
    """Submitted concerns of the school, raised by the staff persona: one new, one read, one decided."""
    from concerns.services import concern_save_draft, concern_start, concern_submit
    from triage.services import concern_mark_read, decision_record

    staff, dsl, school = personas.membership("staff"), personas.membership("dsl"), personas.organisation("school")
    person, _ = (  # the second is a possible duplicate, so "same person" has a form to post
        person_create(acting=dsl, organisation=school, given_name="Triage", family_name="Child", date_of_birth=None)
        for _ in range(2)
    )
    made = {}
    for state in ("submitted", "in_triage", "decided"):
        concern = concern_start(acting=staff, organisation=school, subject=person)
        changes = {"observed_on": timezone.localdate(), "location": "Hall", "account": "Heard.", "immediate_risk": "no"}
        concern = concern_save_draft(concern=concern, acting=staff, changes=changes, expected_version=None)
        concern = concern_submit(concern=concern, acting=staff, expected_version=None)
        if state != "submitted":
            concern = concern_mark_read(concern=concern, acting=dsl)
        if state == "decided":
            decision_record(concern=concern, acting=dsl, outcome="early_help", rationale="Help.", review_on=None)
        made[state] = concern
    return made


def _referral_form(personas: Personas) -> tuple[Any, Any]:
    """A draft referral by the school's DSL, and a complete one sent to the police."""
    from referrals.services import referral_save_section, referral_start, referral_submit

    as_dsl, school = personas.membership("dsl"), personas.organisation("school")
    person = person_create(
        acting=as_dsl, organisation=school, given_name="Referral", family_name="Child",
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 10, day=1),
    )  # fmt: skip
    draft = referral_start(acting=as_dsl, organisation=school, subject=person, concerns=[])
    sent = referral_start(acting=as_dsl, organisation=school, subject=person, concerns=[])
    changes = {
        "referrer_phone": "01632 960 001", "reason": "Reason.", "personal_factors": "Personal.",
        "risk_factors": "Risks.", "protective_factors": "Protective.", "consent": "given", "consent_by": "parent",
    }  # fmt: skip
    sent = referral_save_section(
        referral=sent, acting=as_dsl, changes=changes, expected_version=None, concern_type_codes=["islamist"]
    )
    sent = referral_submit(
        referral=sent, acting=as_dsl, expected_version=None, power_to_share="ctsa_2015", necessity="To keep safe."
    )
    return draft, sent


def _screening_and_assessment(personas: Personas) -> dict[str, Any]:
    """Referrals sent by the school to the Essex police: one waiting, one being screened, one sent on for
    preliminary assessment with an information request to the health trust."""
    from preliminary.services import information_request_send
    from referrals.services import referral_save_section, referral_start, referral_submit
    from screening.services import screening_decide, screening_start

    as_dsl, police, school = personas.membership("dsl"), personas.membership("police"), personas.organisation("school")
    person = person_create(
        acting=as_dsl, organisation=school, given_name="Screening", family_name="Child",
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 10, day=1),
    )  # fmt: skip
    changes = {
        "referrer_phone": "01632 960 002", "reason": "Reason.", "personal_factors": "Personal.",
        "risk_factors": "Risks.", "protective_factors": "Protective.", "consent": "given", "consent_by": "parent",
    }  # fmt: skip
    made: dict[str, Any] = {}
    for state in ("submitted", "screening", "assessment"):
        referral = referral_start(acting=as_dsl, organisation=school, subject=person, concerns=[])
        referral = referral_save_section(
            referral=referral, acting=as_dsl, changes=changes, expected_version=None, concern_type_codes=["islamist"]
        )
        referral = referral_submit(
            referral=referral, acting=as_dsl, expected_version=None, power_to_share="ctsa_2015", necessity="Safe."
        )
        if state != "submitted":
            screening_start(referral=referral, acting=police)
        if state == "assessment":
            referral = screening_decide(referral=referral, acting=police, outcome="proceed", checks_made="Done.")
        made[state] = referral
    made["request"] = information_request_send(
        referral=made["assessment"], acting=personas.membership("coordinator"),
        organisation=personas.organisation("health"), question="Known to you?",
        due_on=timezone.localdate() + timedelta(days=7),
    )  # fmt: skip
    return made


def _referral_copies(personas: Personas) -> tuple[Any, Any]:
    """A referral the school sent, and a password-protected copy of it waiting for the call that passes the
    password."""
    from referrals.services import referral_save_section, referral_start, referral_submit
    from sharing.services import sharing_record_create

    as_dsl, school = personas.membership("dsl"), personas.organisation("school")
    person = person_create(
        acting=as_dsl, organisation=school, given_name="Copied", family_name="Child",
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 10, day=1),
    )  # fmt: skip
    referral = referral_start(acting=as_dsl, organisation=school, subject=person, concerns=[])
    changes = {
        "referrer_phone": "01632 960 003", "reason": "Reason.", "personal_factors": "Personal.",
        "risk_factors": "Risks.", "protective_factors": "Protective.", "consent": "given", "consent_by": "parent",
    }  # fmt: skip
    referral = referral_save_section(
        referral=referral, acting=as_dsl, changes=changes, expected_version=None, concern_type_codes=["islamist"]
    )
    referral = referral_submit(
        referral=referral, acting=as_dsl, expected_version=None, power_to_share="ctsa_2015", necessity="Safe."
    )
    record = sharing_record_create(
        acting=as_dsl, what="Copy of a Prevent referral (VTR form)", obj=referral, from_organisation=school,
        channel="protected_pdf", to_organisation=personas.organisation("police"), power_to_share="ctsa_2015",
        necessity="Asked for.", consent="given",
    )  # fmt: skip
    return referral, record


def _vulnerability_assessments(personas: Personas, referral: Any) -> tuple[Any, Any, Any]:
    """A draft and a completed vulnerability assessment of a referral in preliminary assessment."""
    from assessments.framework_data import ensure_shipped_framework
    from assessments.services import AssessmentChanges, JudgementChange, RatingChange, assessment_save, assessment_start

    framework = ensure_shipped_framework()
    coordinator = personas.membership("coordinator")
    draft = assessment_start(referral=referral, acting=coordinator, version=framework)
    done = assessment_start(referral=referral, acting=coordinator, version=framework)
    level = framework.levels.first()
    changes = AssessmentChanges(
        assessed_on=timezone.localdate(), assessors="Coordinator", summary="Summary.",
        ratings={f.pk: RatingChange(level=level.pk) for f in framework.factors.all()},
        judgements={d.pk: JudgementChange(judgement="low", rationale="Why.") for d in framework.dimensions.all()},
    )  # fmt: skip
    done = assessment_save(assessment=done, acting=coordinator, changes=changes, complete=True)
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
        acting=personas.membership("dsl"),
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
        "handoffs:triage_decide": {"pk": triage["in_triage"].pk},
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
        "screening:screen": {"pk": screening["submitted"].pk},
        "screening:start": {"pk": screening["submitted"].pk},
        "handoffs:screening_decide": {"pk": screening["screening"].pk},
        "preliminary:assess": {"pk": screening["assessment"].pk},
        "preliminary:request_send": {"pk": screening["assessment"].pk},
        "preliminary:record": {"pk": screening["assessment"].pk},
        "handoffs:preliminary_decide": {"pk": screening["assessment"].pk},
        "preliminary:request_answer": {"pk": screening["request"].pk},
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


@dataclass(frozen=True)
class World:
    """The records every row needs, built once: the personas, each with a signed-in session, and each URL's kwargs.
    Every row starts from exactly this state, so the audit events a row's request wrote are those after `audit_mark`."""

    users: dict[str, Any]
    sessions: dict[str, str]
    kwargs: dict[str, dict[str, Any]]
    audit_mark: int
    browser: Client  # one client for every row (it loads the middleware once), with the row's cookies only

    def client(self, persona: str) -> Client:
        self.browser.cookies.clear()
        if persona != "anonymous":
            self.browser.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]
        return self.browser

    def url(self, url_name: str) -> str:
        return reverse(url_name, kwargs=self.kwargs.get(url_name))


def _build_world() -> World:
    personas = make_personas()
    users = personas.all()
    kwargs = _url_kwargs(personas)
    sessions = {}
    for name, user in users.items():
        client = Client()
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    mark = AuditEvent.objects.aggregate(last=Max("sequence"))["last"] or 0
    return World(users=users, sessions=sessions, kwargs=kwargs, audit_mark=mark, browser=Client())


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module inside a transaction that is rolled back at its end (as Django's setUpTestData
    does), so nothing is deleted: the audit table refuses DELETE. Each row's `db` runs in a savepoint within it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = _build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _row_id(row: Row) -> str:
    return f"{row.method} {row.url_name} {row.persona} {row.status}{' ' + row.audit if row.audit else ''}"


@pytest.mark.parametrize("row", rows(), ids=_row_id)
def test_row(row: Row, world: World, db: None) -> None:
    """One row of the matrix: this persona asks for this URL with this method."""
    response = world.client(row.persona).generic(row.method, world.url(row.url_name))
    where = f"{row.method} {world.url(row.url_name)} as {row.persona}"
    assert response.status_code == row.status, f"{where}: {response.status_code} {response.get('Location', '')}"
    actor = world.users.get(row.persona)  # None for anonymous
    written = AuditEvent.objects.filter(sequence__gt=world.audit_mark, actor=actor)
    actions = set(written.values_list("action", flat=True))
    read = any(action.startswith("read.") for action in actions)
    denied = "access.denied" in actions
    if row.audit == READ:
        assert read, f"{where}: case content shown with no read event ({sorted(actions)})"
    elif row.audit == NO_READ:
        assert not read, f"{where}: a read event on a page marked as showing no case content ({sorted(actions)})"
    elif row.audit == DENIED:
        assert denied, f"{where}: refused with no access.denied event ({sorted(actions)})"
    elif row.audit == ABSENT:
        assert not denied, f"{where}: a 404 marked as a missing record was recorded as a refusal ({sorted(actions)})"
