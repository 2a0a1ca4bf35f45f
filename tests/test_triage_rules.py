"""Rules that triage services enforce themselves, whatever page or API calls them."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from concerns.models import Concern
from concerns.services import StaleConcern, concern_save_draft, concern_start, concern_submit
from core.access import NotPermitted
from core.state_machine import IllegalTransition
from people.services import person_create
from triage.models import ConsentRecord, Decision
from triage.rules import consent_problems, decision_problems
from triage.services import (
    LinkInvalid,
    TriageInvalid,
    clarification_record,
    concern_link_to_person,
    concern_mark_read,
    consent_record,
    decision_record,
)

from .refusals import ANOTHER_ORGANISATION, assert_refused, not_allowed

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 26)


def _concern(personas, *, submit=True, organisation="school", author="staff"):
    user, school = personas.membership(author), personas.organisation(organisation)
    person = person_create(acting=user, organisation=school, given_name="Ari", family_name="Rule", date_of_birth=None)
    concern = concern_start(acting=user, organisation=school, subject=person)
    changes = {"observed_on": timezone.localdate(), "location": "Hall", "account": "Said x.", "immediate_risk": "no"}
    concern = concern_save_draft(concern=concern, acting=user, changes=changes, expected_version=None)
    if submit:
        concern = concern_submit(concern=concern, acting=user, expected_version=None)
    return concern


def test_every_outcome_needs_a_rationale_and_only_monitor_a_future_review_date():
    assert decision_problems(outcome="early_help", rationale=" ", review_on=None, today=TODAY) == {
        "rationale": "Explain why you decided this"
    }
    assert "review_on" in decision_problems(outcome="monitor", rationale="x", review_on=None, today=TODAY)
    assert "review_on" in decision_problems(outcome="monitor", rationale="x", review_on=TODAY, today=TODAY)
    assert (
        decision_problems(outcome="monitor", rationale="x", review_on=TODAY + datetime.timedelta(days=1), today=TODAY)
        == {}
    )
    assert "review_on" in decision_problems(outcome="early_help", rationale="x", review_on=TODAY, today=TODAY)
    assert decision_problems(outcome="made_up", rationale="x", review_on=None, today=TODAY) == {
        "outcome": "Select the outcome"
    }


def test_not_seeking_consent_must_be_explained():
    assert consent_problems(position=ConsentRecord.Position.NOT_SOUGHT_RISK, note="") == {
        "note": "Explain why consent was not sought"
    }
    assert consent_problems(position=ConsentRecord.Position.NOT_SOUGHT_RISK, note="Father implicated") == {}
    assert consent_problems(position=ConsentRecord.Position.GIVEN, note="") == {}
    assert consent_problems(position="whatever", note="") == {"position": "Select the consent position"}


def test_services_refuse_what_the_rules_refuse(personas):
    concern = _concern(personas)
    dsl = personas.membership("dsl")
    with pytest.raises(TriageInvalid):
        consent_record(concern=concern, acting=dsl, position="not_sought_risk", given_by="", note="")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(TriageInvalid):
        clarification_record(concern=concern, acting=dsl, spoke_with="child", who="", spoke_on=tomorrow, summary="x")
    assert not concern.consent_records.exists() and not concern.clarifications.exists()


def test_a_draft_cannot_be_triaged(personas):
    draft = _concern(personas, submit=False)
    with pytest.raises(IllegalTransition):
        consent_record(concern=draft, acting=personas.membership("dsl"), position="given", given_by="", note="")


def test_a_stale_decision_is_refused_and_nothing_is_recorded(personas):
    concern = concern_mark_read(concern=_concern(personas), acting=personas.membership("dsl"))
    with pytest.raises(StaleConcern):
        decision_record(
            concern=concern,
            acting=personas.membership("dsl"),
            outcome="early_help",
            rationale="x",
            review_on=None,
            expected_version=concern.version - 1,
        )
    assert not Decision.objects.exists()


def test_a_concern_is_linked_only_to_another_record_its_organisation_holds(personas):
    concern = _concern(personas)
    same_school = person_create(
        acting=personas.membership("staff"),
        organisation=personas.organisation("school"),
        given_name="Ari",
        family_name="Rule",
        date_of_birth=None,
    )
    elsewhere = person_create(
        acting=personas.membership("other_dsl"),
        organisation=personas.organisation("other_school"),
        given_name="Ari",
        family_name="Rule",
        date_of_birth=None,
    )
    with pytest.raises(LinkInvalid):
        concern_link_to_person(concern=concern, acting=personas.membership("dsl"), person=elsewhere, reason="same")
    with pytest.raises(LinkInvalid):
        concern_link_to_person(
            concern=concern, acting=personas.membership("dsl"), person=concern.subject, reason="same"
        )
    linked = concern_link_to_person(
        concern=concern, acting=personas.membership("dsl"), person=same_school, reason="same"
    )
    assert linked.subject == same_school


# --- who may triage -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "reason"),
    [
        ("other_dsl", ANOTHER_ORGANISATION),
        ("staff", not_allowed("staff")),
        ("police", not_allowed("police_prevent_officer")),
    ],
)
def test_only_the_concerns_own_leads_decide_and_the_refusal_is_audited(personas, persona, reason):
    concern = concern_mark_read(concern=_concern(personas), acting=personas.membership("dsl"))
    with pytest.raises(NotPermitted, match=reason):
        decision_record(
            concern=concern, acting=personas.membership(persona), outcome="early_help", rationale="x", review_on=None
        )
    event = assert_refused(personas, persona, service="decision_record", reason=reason)
    assert (event.object_type, event.object_id) == ("concerns.concern", str(concern.pk))
    concern.refresh_from_db()
    assert concern.status == Concern.Status.IN_TRIAGE and not Decision.objects.exists()


def test_a_member_of_staff_cannot_record_consent_read_or_link(personas):
    concern = _concern(personas)
    staff = personas.membership("staff")
    for service, attempt in {
        "consent_record": lambda: consent_record(concern=concern, acting=staff, position="given", given_by="", note=""),
        "concern_mark_read": lambda: concern_mark_read(concern=concern, acting=staff),
        "clarification_record": lambda: clarification_record(
            concern=concern, acting=staff, spoke_with="child", who="", spoke_on=timezone.localdate(), summary="x"
        ),
        "concern_link_to_person": lambda: concern_link_to_person(
            concern=concern, acting=staff, person=concern.subject, reason="same"
        ),
    }.items():
        with pytest.raises(NotPermitted, match=not_allowed("staff")):
            attempt()
        assert AuditEvent.objects.filter(action="service.refused", details__service=service).count() == 1
    concern.refresh_from_db()
    assert concern.status == Concern.Status.SUBMITTED and concern.read_at is None
    assert not concern.consent_records.exists() and not concern.clarifications.exists()


def test_a_decision_records_the_acting_membership_even_outside_a_request(personas):
    concern = concern_mark_read(concern=_concern(personas), acting=personas.membership("headteacher"))
    decision_record(
        concern=concern, acting=personas.membership("headteacher"), outcome="early_help", rationale="x", review_on=None
    )
    event = AuditEvent.objects.get(action="triage.decided")
    assert (event.acting_organisation_id, event.acting_role) == (personas.organisation("school").pk, "headteacher")
