"""Referral services and selectors that need no page: drafts, consent rules, visibility, repeat referrals."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from core.access import NotPermitted
from core.state_machine import IllegalTransition
from organisations.roles import Role
from people.services import person_create, person_update
from referrals.models import Referral
from referrals.rules import consent_problems, section_problems
from referrals.selectors import earlier_referrals, referrals_visible_to
from referrals.services import StaleReferral, referral_save_section, referral_start, referral_submit

from .factories import MembershipFactory, OrganisationFactory, UserFactory
from .refusals import ANOTHER_ORGANISATION, assert_refused, not_allowed

pytestmark = pytest.mark.django_db

COMPLETE = {
    "referrer_phone": "01234 567890",
    "reason": "Repeated statements supporting violence.",
    "personal_factors": "Recently bereaved.",
    "risk_factors": "Online contact with an extremist group.",
    "protective_factors": "Close to his grandmother.",
    "consent": "given",
    "consent_by": "parent",
}


def _draft(personas, dob=datetime.date(2015, 1, 1), organisation="school", lead="dsl", name=("Max", "Sample")):
    person = person_create(
        acting=personas.membership(lead),
        organisation=personas.organisation(organisation),
        given_name=name[0],
        family_name=name[1],
        date_of_birth=dob,
    )
    return referral_start(
        acting=personas.membership(lead), organisation=personas.organisation(organisation), subject=person, concerns=[]
    )


def test_a_new_draft_lists_every_required_section_as_missing(personas):
    problems = section_problems(_draft(personas), today=timezone.localdate())
    assert set(problems) == {"referrer", "reason", "concern_type", "factors", "consent"}


def test_sections_save_and_complete_the_form(personas):
    referral = _draft(personas)
    referral = referral_save_section(
        referral=referral,
        acting=personas.membership("dsl"),
        changes=COMPLETE,
        expected_version=referral.version,
        concern_type_codes=["extreme_right_wing", "not-a-type"],
    )
    assert list(referral.concern_types.values_list("code", flat=True)) == ["extreme_right_wing"]
    assert section_problems(referral, today=timezone.localdate()) == {}


def test_stale_section_save_is_refused(personas):
    referral = _draft(personas)
    referral_save_section(
        referral=referral,
        acting=personas.membership("dsl"),
        changes={"reason": "First"},
        expected_version=referral.version,
    )
    with pytest.raises(StaleReferral):
        referral_save_section(
            referral=referral,
            acting=personas.membership("dsl"),
            changes={"reason": "Second"},
            expected_version=referral.version,
        )
    referral.refresh_from_db()
    assert referral.reason == "First"


def test_a_sent_referral_cannot_change(personas):
    referral = _draft(personas)
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.SUBMITTED)
    with pytest.raises(IllegalTransition):
        referral_save_section(
            referral=referral, acting=personas.membership("dsl"), changes={"reason": "x"}, expected_version=None
        )


def test_under_18s_consent_comes_from_a_parent_or_guardian(personas):
    referral = _draft(personas, dob=datetime.date(2012, 5, 1))
    referral.consent, referral.consent_by = "given", "person"
    assert consent_problems(referral, today=datetime.date(2026, 11, 26)) == {
        "consent_by": "Under 18, consent is given by a parent or guardian"
    }


def test_not_seeking_consent_needs_the_reason(personas):
    referral = _draft(personas)
    referral.consent = "not_sought_risk"
    assert "consent_reason" in consent_problems(referral, today=datetime.date(2026, 11, 26))


def test_from_sixteen_capacity_is_considered(personas):
    referral = _draft(personas, dob=datetime.date(2009, 1, 1))  # 17
    referral.consent, referral.consent_by = "given", "parent"
    assert consent_problems(referral, today=datetime.date(2026, 11, 26)) == {
        "capacity_in_doubt": "Select whether their capacity to consent is in doubt"
    }
    referral.capacity_in_doubt = True
    assert "capacity_support" in consent_problems(referral, today=datetime.date(2026, 11, 26))
    referral.capacity_support = "Easy-read leaflet and time with his mentor"
    assert consent_problems(referral, today=datetime.date(2026, 11, 26)) == {}


def test_missing_date_of_birth_blocks_sending(personas):
    referral = _draft(personas, dob=None)
    assert "person" in section_problems(referral, today=timezone.localdate())
    person_update(
        person=referral.subject, acting=personas.membership("dsl"), changes={"date_of_birth": datetime.date(2015, 1, 1)}
    )
    referral.subject.refresh_from_db()
    assert "person" not in section_problems(referral, today=timezone.localdate())


def test_who_sees_a_referral(personas):
    referral = _draft(personas)
    membership = lambda name: personas[name].memberships.get()  # noqa: E731
    assert referral in referrals_visible_to(acting=membership("dsl"))
    assert referral in referrals_visible_to(acting=membership("headteacher"))
    for name in ("staff", "other_dsl", "police", "coordinator", "chair", "panel_member", "provider", "ig"):
        assert referral not in referrals_visible_to(acting=membership(name)), name  # a draft
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.SUBMITTED)
    assert referral in referrals_visible_to(acting=membership("police"))
    assert referral not in referrals_visible_to(acting=membership("other_police"))  # another area
    assert referral not in referrals_visible_to(acting=membership("coordinator"))  # not screened yet
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.PRELIMINARY_ASSESSMENT)
    assert referral in referrals_visible_to(acting=membership("coordinator"))
    assert referral in referrals_visible_to(acting=membership("chair"))


def test_earlier_referrals_match_by_name_and_birth_date_across_the_area(personas):
    first = _draft(personas, name=("Zoë", "Repeat"))
    college = OrganisationFactory.create(name="Essex College (test)", area=personas.organisation("school").area)
    lead = UserFactory.create()
    as_lead = MembershipFactory.create(user=lead, organisation=college, role=Role.DSL)
    other_person = person_create(
        acting=as_lead,
        organisation=college,
        given_name="zoe",
        family_name="REPEAT",
        date_of_birth=datetime.date(2015, 1, 1),
    )
    second = referral_start(acting=as_lead, organisation=college, subject=other_person, concerns=[])
    elsewhere = _draft(personas, organisation="other_school", lead="other_dsl", name=("Zoë", "Repeat"))
    Referral.objects.update(status=Referral.Status.SUBMITTED)
    police = personas["police"].memberships.get()
    assert list(earlier_referrals(acting=police, referral=second)) == [first]  # not the other area's
    assert list(earlier_referrals(acting=personas.membership("dsl"), referral=second)) == []  # schools are not told
    assert elsewhere.area != second.area


def test_a_referral_is_not_sent_where_no_police_team_would_receive_it(personas):
    from referrals.services import ReferralInvalid, referral_submit

    referral = _draft(personas, organisation="other_school", lead="other_dsl")  # Southend: no police team in the tests
    referral = referral_save_section(
        referral=referral,
        acting=personas.membership("other_dsl"),
        changes=COMPLETE,
        expected_version=None,
        concern_type_codes=["other"],
    )
    with pytest.raises(ReferralInvalid) as error:
        referral_submit(
            referral=referral,
            acting=personas.membership("other_dsl"),
            expected_version=None,
            power_to_share="ctsa_2015",
            necessity="Screening",
        )
    assert "police" in error.value.problems
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def test_information_is_requested_only_from_the_referral_area_and_answered_while_assessing(personas):
    from preliminary.services import information_request_answer, information_request_send
    from referrals.services import ReferralInvalid

    referral = _draft(personas)
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.PRELIMINARY_ASSESSMENT)
    due = timezone.localdate() + datetime.timedelta(days=5)
    with pytest.raises(ReferralInvalid):
        information_request_send(
            referral=referral,
            acting=personas.membership("coordinator"),
            organisation=personas.organisation("other_school"),
            question="?",
            due_on=due,
        )
    request = information_request_send(
        referral=referral,
        acting=personas.membership("coordinator"),
        organisation=personas.organisation("health"),
        question="Known?",
        due_on=due,
    )
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.CHANNEL)
    with pytest.raises(IllegalTransition):
        information_request_answer(request=request, acting=personas.membership("panel_member"), answer="Yes")


# --- who may act: the services refuse anyone else, in the audit log ------------------------------------------------


def test_a_lead_at_another_school_may_not_change_or_send_the_draft(personas):
    referral = _draft(personas)
    version = referral.version
    with pytest.raises(NotPermitted):
        referral_save_section(
            referral=referral, acting=personas.membership("other_dsl"), changes={"reason": "Not mine."},
            expected_version=None,
        )  # fmt: skip
    assert_refused(personas, "other_dsl", service="referral_save_section", reason=ANOTHER_ORGANISATION)
    referral.refresh_from_db()
    assert (referral.reason, referral.version) == ("", version)
    with pytest.raises(NotPermitted):
        referral_submit(
            referral=referral, acting=personas.membership("other_dsl"), expected_version=None,
            power_to_share="ctsa_2015", necessity="Screening",
        )  # fmt: skip
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT
    assert AuditEvent.objects.filter(action="service.refused", details__service="referral_submit").count() == 1


def test_a_member_of_staff_may_not_start_a_referral(personas):
    person = person_create(
        acting=personas.membership("dsl"), organisation=personas.organisation("school"), given_name="Max",
        family_name="Sample", date_of_birth=datetime.date(2015, 1, 1),
    )  # fmt: skip
    with pytest.raises(NotPermitted):
        referral_start(
            acting=personas.membership("staff"), organisation=personas.organisation("school"), subject=person,
            concerns=[],
        )  # fmt: skip
    assert_refused(personas, "staff", service="referral_start", reason=not_allowed(Role.STAFF))
    assert not Referral.objects.exists()
