"""Police screening (policy 2.5): the area's police Prevent officers screen every referral sent in their area. The
queue (oldest first, overdue after SCREENING_DUE_WORKING_DAYS working days), earlier referrals about the same person
at the top of the screening page, starting screening and recording its outcome through the state machine."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from concerns.models import Concern
from concerns.services import concern_save_draft, concern_start, concern_submit
from core.access import NotPermitted
from notifications.models import Notification
from organisations.models import Membership, Organisation
from organisations.roles import Role
from people.models import Person
from people.services import person_create
from prevent_casework.handoffs import screening_to_preliminary
from referrals.models import Referral
from referrals.services import referral_save_section, referral_start, referral_submit
from screening.models import Screening
from screening.rules import working_days_between
from screening.services import screening_decide, screening_start
from screening.views import MOVED_ON

from .factories import MembershipFactory, OrganisationFactory, UserFactory
from .personas import Personas
from .refusals import ANOTHER_AREA, assert_refused, not_allowed

pytestmark = pytest.mark.django_db

BORN = datetime.date(2013, 4, 2)  # under 16: no question of capacity to consent
REASON = "Robin told classmates that one group of people should be driven out of the town."
SECTIONS = {
    "referrer_phone": "01234 567890",
    "reason": REASON,
    "personal_factors": "Lives with mother; recently moved schools.",
    "risk_factors": "Watches extremist videos at an older cousin's house.",
    "protective_factors": "Close to his football coach.",
    "consent": "given",
    "consent_by": "parent",
}
CHECKS = "Police national database and local intelligence checked; nothing known."


# --- building data through the services ---------------------------------------------------------------------------


def make_person(
    personas: Personas,
    *,
    organisation: Organisation | None = None,
    creator: Any = None,
    given: str = "Robin",
    family: str = "Marsh",
    born: datetime.date | None = BORN,
) -> Person:
    organisation = organisation or personas.organisation("school")
    acting = Membership.objects.current().get(user=creator or personas["dsl"], organisation=organisation)
    return person_create(
        acting=acting,
        organisation=organisation,
        given_name=given,
        family_name=family,
        date_of_birth=born,
    )


def other_essex_organisation(personas: Personas) -> tuple[Organisation, Any]:
    """Another organisation in the Essex area (a college), with its own safeguarding lead."""
    college = OrganisationFactory.create(
        name="Saltmarsh College (test)",
        kind=Organisation.Kind.FURTHER_HIGHER_EDUCATION,
        area=personas.organisation("school").area,
    )
    lead = UserFactory.create(email="dsl@saltmarsh.example.org", full_name="College Lead")
    MembershipFactory.create(user=lead, organisation=college, role=Role.DSL)
    return college, lead


def submitted_referral(
    personas: Personas,
    person: Person | None = None,
    *,
    referrer: Any = None,
    organisation: Organisation | None = None,
    concerns: list[Concern] | None = None,
) -> Referral:
    """A complete referral, sent by the school's DSL (or `referrer` at `organisation`) to the area's police."""
    personas["police"]  # the area's police Prevent team receives it
    referrer = referrer or personas["dsl"]
    organisation = organisation or personas.organisation("school")
    person = person or make_person(personas, organisation=organisation, creator=referrer)
    acting = Membership.objects.current().get(user=referrer, organisation=organisation)
    referral = referral_start(acting=acting, organisation=organisation, subject=person, concerns=concerns or [])
    referral = referral_save_section(
        referral=referral,
        acting=acting,
        changes=SECTIONS,
        concern_type_codes=["extreme_right_wing"],
        expected_version=None,
    )
    return referral_submit(
        referral=referral,
        acting=acting,
        power_to_share="ctsa_2015",
        necessity="The police Prevent team must screen the concern.",
        expected_version=None,
    )


def screened(personas: Personas, referral: Referral, outcome: str = Screening.Outcome.PROCEED) -> Referral:
    """Screen a referral with `outcome`, as the area's police officer."""
    police = personas.membership("police")
    screening_start(referral=referral, acting=police)
    extra = {"signpost_to": "early_help", "reason": "Not ideological."} if outcome == "not_prevent" else {}
    if outcome == "escalated":
        extra = {"reason": "Risk of harm to others."}
    if outcome == Screening.Outcome.PROCEED:  # opens the preliminary assessment: the hand-off
        screening_to_preliminary(referral=referral, acting=police, checks_made=CHECKS)
        referral.refresh_from_db()
        return referral
    return screening_decide(
        referral=referral, acting=police, outcome=outcome, checks_made=CHECKS, expected_version=None, **extra
    )


def days_ago_in_working_days(working_days: int) -> datetime.datetime:
    """A time whose date is exactly `working_days` working days before today."""
    today = timezone.localdate()
    day = today
    while working_days_between(day, today) < working_days:
        day -= datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def client_as(personas: Personas, name: str) -> Client:
    client = Client()
    client.force_login(personas[name], backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def text(response: Any) -> str:
    """The page's text with whitespace squeezed, for matching sentences across line breaks."""
    return re.sub(r"\s+", " ", response.content.decode())


def denied(path: str) -> int:
    return AuditEvent.objects.filter(action="access.denied", details__path=path).count()


def decide_data(outcome: str, version: int, **fields: str) -> dict[str, Any]:
    data = {"screen-version": version, "screen-checks_made": CHECKS, "screen-outcome": outcome}
    data |= {f"screen-{name}": value for name, value in fields.items()}
    return data


# --- the queue ------------------------------------------------------------------------------------------------


def test_queue_is_for_the_areas_police_officers_only(personas):
    referral = submitted_referral(personas)
    url = reverse("screening:queue")

    response = client_as(personas, "police").get(url)
    assert response.status_code == 200
    page = text(response)
    assert referral.reference in page
    assert "Robin Marsh" in page
    assert "Hollybank Infant School (test)" in page
    assert "Overdue" not in page
    assert AuditEvent.objects.filter(action="read.list", details__what="screening_queue", details__count=1).count() == 1

    for name in ("dsl", "coordinator", "chair", "panel_member"):
        assert client_as(personas, name).get(url).status_code == 404, name
    assert denied(url) == 4


def test_thurrock_police_have_their_own_empty_queue_and_cannot_open_an_essex_referral(personas):
    referral = submitted_referral(personas)
    client = client_as(personas, "other_police")
    # Thurrock's officer has a queue of Thurrock's referrals: Essex's referral is not in it.
    response = client.get(reverse("screening:queue"))
    assert response.status_code == 200
    assert referral.reference not in text(response)
    assert "There are no referrals waiting for screening." in text(response)
    url = reverse("screening:screen", args=[referral.pk])
    assert client.get(url).status_code == 404
    assert client.post(reverse("screening:start", args=[referral.pk])).status_code == 404
    assert denied(url) == 1
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.SUBMITTED


def test_overdue_after_the_working_days_allowed_and_the_setting_changes_it(personas, settings):
    on_time = submitted_referral(personas)
    late = submitted_referral(personas, make_person(personas, given="Alex", family="Dunn"))
    Referral.objects.filter(pk=on_time.pk).update(submitted_at=days_ago_in_working_days(5))
    Referral.objects.filter(pk=late.pk).update(submitted_at=days_ago_in_working_days(6))
    client = client_as(personas, "police")

    page = text(client.get(reverse("screening:queue")))
    assert page.index(late.reference) < page.index(on_time.reference)  # oldest first: the overdue ones
    late_row = re.search(rf'id="row-{late.reference}".*?</tr>', page)
    on_time_row = re.search(rf'id="row-{on_time.reference}".*?</tr>', page)
    assert late_row is not None and on_time_row is not None
    assert "Overdue" in late_row.group(0)
    assert "6 working days ago" in late_row.group(0)
    assert "Overdue" not in on_time_row.group(0)
    assert "Overdue" in text(client.get(reverse("screening:screen", args=[late.pk])))

    settings.SCREENING_DUE_WORKING_DAYS = 10
    assert "Overdue" not in text(client.get(reverse("screening:queue")))


def test_decided_referrals_leave_the_queue(personas):
    referral = screened(personas, submitted_referral(personas), Screening.Outcome.NOT_PREVENT)
    page = text(client_as(personas, "police").get(reverse("screening:queue")))
    assert referral.reference not in page
    assert "There are no referrals waiting for screening." in page


# --- the screening page ---------------------------------------------------------------------------------------


def test_screening_page_shows_the_referral_but_not_the_words_of_the_schools_concerns(personas):
    staff, school = personas.membership("staff"), personas.organisation("school")
    person = make_person(personas)
    concern = concern_start(acting=staff, organisation=school, subject=person)
    concern_save_draft(
        concern=concern,
        acting=staff,
        changes={
            "observed_on": timezone.localdate(),
            "location": "The library",
            "account": "He drew a symbol on his planner and said it was a secret club.",
            "immediate_risk": "no",
        },
        expected_version=None,
    )
    concern = concern_submit(concern=concern, acting=staff, expected_version=None)
    referral = submitted_referral(personas, person, concerns=[concern])

    response = client_as(personas, "police").get(reverse("screening:screen", args=[referral.pk]))
    assert response.status_code == 200
    page = text(response)
    assert REASON in page
    assert "Extreme right-wing" in page
    assert "01234 567890" in page
    assert concern.reference in page
    assert "secret club" not in page  # the concern's words stay with the school
    assert "The library" not in page
    assert "Start screening" in page
    assert "Robin Marsh" not in page.split("<title>")[1].split("</title>")[0]  # no names in the title
    assert AuditEvent.objects.filter(action="read.referral", object_id=str(referral.pk)).count() == 1


@pytest.mark.parametrize("name", ["dsl", "headteacher", "coordinator", "chair", "panel_member", "other_dsl"])
def test_nobody_but_the_police_reaches_the_screening_pages(personas, name):
    referral = submitted_referral(personas)
    client = client_as(personas, name)
    assert client.get(reverse("screening:screen", args=[referral.pk])).status_code == 404
    assert client.post(reverse("screening:start", args=[referral.pk])).status_code == 404
    assert client.post(reverse("handoffs:screening_decide", args=[referral.pk])).status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.SUBMITTED
    assert AuditEvent.objects.filter(action="access.denied").count() == 3


def test_repeat_referral_at_another_organisation_is_shown_to_the_police_at_once(personas):
    first = submitted_referral(personas)
    screened(personas, first, Screening.Outcome.NOT_PREVENT)
    college, college_lead = other_essex_organisation(personas)
    same = make_person(personas, organisation=college, creator=college_lead)  # same name and date of birth
    second = submitted_referral(personas, same, referrer=college_lead, organisation=college)
    namesake = make_person(personas, organisation=college, creator=college_lead, born=datetime.date(2014, 1, 1))
    unrelated = submitted_referral(personas, namesake, referrer=college_lead, organisation=college)

    page = text(client_as(personas, "police").get(reverse("screening:screen", args=[second.pk])))
    assert "Earlier referrals about this person" in page
    panel = page.split('id="earlier-referrals"')[1].split('id="the-referral"')[0]
    assert first.reference in panel
    assert "Hollybank Infant School (test)" in panel
    assert "Not for Prevent: signpost and close" in panel  # the earlier screening outcome
    assert "Closed: not for Prevent" in panel
    assert unrelated.reference not in panel  # same name, another date of birth
    assert page.index("Earlier referrals about this person") < page.index("The referral")
    event = AuditEvent.objects.get(action="read.referral", object_id=str(second.pk))
    assert event.details["earlier_referrals"] == [first.pk]

    # The referring school's own page says nothing of the college's referral (once the form's pages exist).
    response = client_as(personas, "dsl").get(reverse("referrals:detail", args=[first.pk]))
    if response.status_code == 200:
        assert second.reference not in text(response)
        assert "Saltmarsh College" not in text(response)


def test_no_earlier_referrals_says_so(personas):
    referral = submitted_referral(personas)
    page = text(client_as(personas, "police").get(reverse("screening:screen", args=[referral.pk])))
    assert "There are no other referrals in this area about someone with the same name and date of birth." in page


# --- starting and deciding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "fields", "status"),
    [
        (Screening.Outcome.NOT_PREVENT, {"signpost_to": "early_help", "reason": "Not ideological."}, "closed"),
        (Screening.Outcome.ESCALATED, {"reason": "Risk to others."}, "escalated"),
        (Screening.Outcome.PROCEED, {}, "preliminary_assessment"),
    ],
)
def test_each_outcome_moves_the_referral_as_the_state_machine_says(personas, outcome, fields, status):
    referral = submitted_referral(personas)
    client = client_as(personas, "police")
    page = reverse("screening:screen", args=[referral.pk])

    response = client.post(reverse("screening:start", args=[referral.pk]))
    assert response.status_code == 302 and response["Location"] == page
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SCREENING
    screening_page = text(client.get(page))
    assert "Record the outcome of screening" in screening_page
    assert "Start screening" not in screening_page

    response = client.post(
        reverse("handoffs:screening_decide", args=[referral.pk]), decide_data(outcome, referral.version, **fields)
    )
    assert response.status_code == 302 and response["Location"] == page
    referral.refresh_from_db()
    assert referral.status == status
    screening = Screening.objects.get(referral=referral)
    assert screening.outcome == outcome
    assert screening.checks_made == CHECKS
    assert screening.decided_by == personas["police"]
    assert screening.signpost_to == fields.get("signpost_to", "")

    after = text(client.get(page))
    assert "The outcome of screening has been recorded" in after
    assert Screening.Outcome(outcome).label in after
    assert CHECKS in after
    assert "Record the outcome of screening" not in after


def test_deciding_twice_is_refused_as_moved_on_and_changes_nothing(personas):
    referral = submitted_referral(personas)
    client = client_as(personas, "police")
    client.post(reverse("screening:start", args=[referral.pk]))
    referral.refresh_from_db()
    url = reverse("handoffs:screening_decide", args=[referral.pk])
    opened_at = referral.version
    client.post(url, decide_data("proceed", opened_at))

    response = client.post(
        url, decide_data("not_prevent", opened_at, signpost_to="early_help", reason="Changed my mind."), follow=True
    )
    assert MOVED_ON in text(response)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PRELIMINARY_ASSESSMENT
    assert Screening.objects.get(referral=referral).outcome == "proceed"
    assert AuditEvent.objects.filter(action="referral.screened").count() == 1

    # Starting again is refused the same way.
    response = client.post(reverse("screening:start", args=[referral.pk]), follow=True)
    assert MOVED_ON in text(response)
    assert AuditEvent.objects.filter(action="referral.screening_started").count() == 1


def test_a_form_opened_before_someone_else_decided_is_refused(personas):
    referral = submitted_referral(personas)
    screening_start(referral=referral, acting=personas.membership("police"))
    referral.refresh_from_db()
    stale_version = referral.version
    Referral.objects.filter(pk=referral.pk).update(version=stale_version + 1)  # someone else saved in between
    response = client_as(personas, "police").post(
        reverse("handoffs:screening_decide", args=[referral.pk]), decide_data("proceed", stale_version), follow=True
    )
    assert MOVED_ON in text(response)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.SCREENING


def test_deciding_before_screening_has_started_is_refused(personas):
    referral = submitted_referral(personas)
    response = client_as(personas, "police").post(
        reverse("handoffs:screening_decide", args=[referral.pk]), decide_data("proceed", referral.version), follow=True
    )
    assert MOVED_ON in text(response)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.SUBMITTED
    assert not Screening.objects.exists()


def test_the_decision_form_shows_every_problem(personas):
    referral = submitted_referral(personas)
    screening_start(referral=referral, acting=personas.membership("police"))
    client = client_as(personas, "police")
    url = reverse("handoffs:screening_decide", args=[referral.pk])

    response = client.post(url, {})
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert "Record the checks you made" in page
    assert "Select the outcome of screening" in page
    assert "<title>Error: " in page

    page = text(client.post(url, {"screen-checks_made": CHECKS, "screen-outcome": "not_prevent"}))
    assert "Select where the person is signposted" in page
    assert "Explain why this is not for Prevent" in page
    assert 'href="#id_screen-signpost_to"' in page

    page = text(client.post(url, {"screen-checks_made": CHECKS, "screen-outcome": "escalated"}))
    assert "Explain why it is escalated" in page
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.SCREENING


def test_the_referring_leads_are_told_of_the_outcome_without_personal_details(
    personas, django_capture_on_commit_callbacks
):
    personas["headteacher"]
    referral = submitted_referral(personas)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        screened(personas, referral, Screening.Outcome.NOT_PREVENT)
    told = Notification.objects.filter(kind="referral.outcome")
    assert sorted(n.recipient.email for n in told) == sorted([personas["dsl"].email, personas["headteacher"].email])
    for notification in told:
        assert "Robin" not in notification.title and "Marsh" not in notification.title
        assert "R-" not in notification.title
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        for private in ("Robin", "Marsh", "2013", REASON, CHECKS, "Early Help", "Not ideological"):
            assert private not in message.subject
            assert private not in message.body
    # The police officer's checks stay with the police: nothing of them reaches the school's notification.
    assert not Notification.objects.filter(recipient=personas["police"], kind="referral.outcome").exists()


def test_police_officers_are_told_of_a_new_referral_with_a_link_to_screen_it(personas):
    referral = submitted_referral(personas)
    notification = Notification.objects.get(recipient=personas["police"], kind="referral.submitted")
    assert notification.url == reverse("screening:screen", args=[referral.pk])
    assert "Robin" not in notification.title


# --- who may screen: the services refuse anyone else, in the audit log ---------------------------------------------


def test_police_of_another_area_may_not_start_screening(personas):
    referral = submitted_referral(personas)  # an Essex referral
    with pytest.raises(NotPermitted) as refused:
        screening_start(referral=referral, acting=personas.membership("other_police"))  # Thurrock
    assert refused.value.reason == ANOTHER_AREA
    assert_refused(personas, "other_police", service="screening_start", reason=ANOTHER_AREA)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.SUBMITTED
    assert not Screening.objects.exists()
    assert not AuditEvent.objects.filter(action="referral.screening_started").exists()


def test_a_safeguarding_lead_may_not_record_the_outcome_of_screening(personas):
    referral = submitted_referral(personas)
    screening_start(referral=referral, acting=personas.membership("police"))
    referral.refresh_from_db()
    version = referral.version
    with pytest.raises(NotPermitted, match="may not do this"):
        screening_decide(
            referral=referral, acting=personas.membership("dsl"), outcome="not_prevent", checks_made=CHECKS,
            signpost_to="early_help", reason="Not ideological.",
        )  # fmt: skip
    assert_refused(personas, "dsl", service="screening_decide", reason=not_allowed(Role.DSL))
    referral.refresh_from_db()
    assert (referral.status, referral.version) == (Referral.Status.SCREENING, version)
    assert Screening.objects.get(referral=referral).outcome == ""


def test_a_refused_proceed_is_audited_although_the_hand_off_opens_nothing(personas):
    referral = submitted_referral(personas)
    screening_start(referral=referral, acting=personas.membership("police"))
    with pytest.raises(NotPermitted):
        screening_to_preliminary(referral=referral, acting=personas.membership("other_police"), checks_made=CHECKS)
    # The refusal is written before the hand-off's transaction opens, so it is not rolled back with it.
    assert_refused(personas, "other_police", service="screening_to_preliminary", reason=ANOTHER_AREA)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.SCREENING
    assert not AuditEvent.objects.filter(action__in=["referral.screened", "preliminary.opened"]).exists()


def test_the_audit_event_names_the_acting_membership_outside_a_request(personas):
    referral = submitted_referral(personas)
    police = personas.membership("police")
    screening_start(referral=referral, acting=police)  # no request: as a command or the API would
    event = AuditEvent.objects.get(action="referral.screening_started")
    assert (event.actor, event.acting_organisation_id, event.acting_role) == (
        personas["police"],
        police.organisation_id,
        Role.POLICE_PREVENT_OFFICER,
    )
