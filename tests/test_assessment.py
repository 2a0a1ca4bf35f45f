"""The local authority's preliminary assessment (policy 2.5, 2.9): the area's Prevent coordinator sees a referral
only once police screening sent it on, asks partner organisations for information with a deadline (partners see
the request, never the referral), records the initial vulnerability assessment and the partners' decision. The
panel chair reads the same pages. Overdue requests are reminded about once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import ChannelCase
from core.access import NotPermitted
from notifications.models import Notification
from organisations.roles import Role
from preliminary.models import InformationRequest, PreliminaryAssessment
from preliminary.periodic_jobs import remind_overdue_information_requests
from preliminary.services import (
    information_request_answer,
    information_request_send,
    preliminary_decide,
    preliminary_open,
    preliminary_record,
)
from preliminary.views import MOVED_ON
from prevent_casework.handoffs import preliminary_to_channel
from referrals.models import Referral
from screening.models import Screening

from .factories import MembershipFactory, OrganisationFactory, UserFactory
from .personas import TOTP_SECRET, Personas
from .refusals import ANOTHER_ORGANISATION, assert_refused, not_allowed
from .test_screening import REASON, client_as, screened, submitted_referral, text

pytestmark = pytest.mark.django_db

QUESTION = "Is Robin known to your school nursing team, and is there anything we should know?"
NARRATIVE = "Robin is isolated and spends evenings online; the family is engaged and wants help."


def in_assessment(personas: Personas) -> Referral:
    """A referral the police sent on for preliminary assessment."""
    personas["coordinator"]
    return screened(personas, submitted_referral(personas), Screening.Outcome.PROCEED)


def ask(personas: Personas, referral: Referral, *, due_in_days: int = 7) -> InformationRequest:
    personas["panel_member"]  # someone at the health trust answers
    return information_request_send(
        referral=referral,
        acting=personas.membership("coordinator"),
        organisation=personas.organisation("health"),
        question=QUESTION,
        due_on=timezone.localdate() + datetime.timedelta(days=due_in_days),
    )


def date_fields(prefix: str, day: datetime.date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def decide(client: Any, referral: Referral, decision: str, **fields: str) -> Any:
    referral.refresh_from_db()
    data = {"decide-version": referral.version, "decide-decision": decision}
    data |= {f"decide-{name}": value for name, value in fields.items()}
    return client.post(reverse("handoffs:preliminary_decide", args=[referral.pk]), data)


def record(client: Any, referral: Referral, *, harm: bool, social_care: str = "") -> Any:
    return client.post(
        reverse("preliminary:record", args=[referral.pk]),
        {
            "record-narrative": NARRATIVE,
            "record-significant_harm_suspected": "yes" if harm else "no",
            "record-social_care_referral": social_care,
        },
    )


# --- who sees what ------------------------------------------------------------------------------------------------


def test_the_coordinator_sees_a_referral_only_once_the_police_send_it_on(personas):
    referral = submitted_referral(personas)
    client = client_as(personas, "coordinator")
    page_url = reverse("preliminary:assess", args=[referral.pk])
    queue_url = reverse("preliminary:queue")

    assert client.get(page_url).status_code == 404  # sent to the police, not yet screened
    assert referral.reference not in text(client.get(queue_url))
    screened(personas, referral, Screening.Outcome.PROCEED)

    response = client.get(queue_url)
    assert response.status_code == 200
    assert referral.reference in text(response)
    assert AuditEvent.objects.filter(action="read.list", details__what="preliminary_queue").count() == 2
    response = client.get(page_url)
    assert response.status_code == 200
    page = text(response)
    assert REASON in page
    assert "Proceed to preliminary assessment" in page  # the police outcome
    assert "Police national database" not in page  # the police's checks stay with the police
    assert "Record the decision" in page
    assert AuditEvent.objects.filter(action="read.referral", object_id=str(referral.pk)).count() == 1
    notified = Notification.objects.get(recipient=personas["coordinator"], kind="referral.preliminary_assessment")
    assert notified.url == page_url


@pytest.mark.parametrize("outcome", [Screening.Outcome.NOT_PREVENT, Screening.Outcome.ESCALATED])
def test_referrals_that_did_not_pass_screening_never_reach_the_coordinator(personas, outcome):
    personas["coordinator"]
    referral = screened(personas, submitted_referral(personas), outcome)
    assert client_as(personas, "coordinator").get(reverse("preliminary:assess", args=[referral.pk])).status_code == 404
    assert client_as(personas, "chair").get(reverse("preliminary:assess", args=[referral.pk])).status_code == 404


def test_the_panel_chair_reads_but_does_not_act(personas):
    referral = in_assessment(personas)
    client = client_as(personas, "chair")
    assert referral.reference in text(client.get(reverse("preliminary:queue")))
    page = text(client.get(reverse("preliminary:assess", args=[referral.pk])))
    assert REASON in page
    assert "You can read this assessment" in page
    assert "Record the decision" not in page
    assert "Send the request" not in page
    for name in ("preliminary:request_send", "preliminary:record", "handoffs:preliminary_decide"):
        assert client.post(reverse(name, args=[referral.pk])).status_code == 404, name
    assert decide(client, referral, "exit", reason="No").status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.PRELIMINARY_ASSESSMENT


@pytest.mark.parametrize("name", ["police", "other_police", "dsl", "headteacher", "panel_member", "ig"])
def test_nobody_else_reaches_the_assessment_pages(personas, name):
    referral = in_assessment(personas)
    client = client_as(personas, name)
    assert client.get(reverse("preliminary:assess", args=[referral.pk])).status_code == 404
    assert client.get(reverse("preliminary:queue")).status_code == 404
    for url_name in ("preliminary:request_send", "preliminary:record", "handoffs:preliminary_decide"):
        assert client.post(reverse(url_name, args=[referral.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied").count() == 5


def test_another_areas_coordinator_cannot_see_it(personas):
    referral = in_assessment(personas)
    thurrock_council = OrganisationFactory.create(
        name="Thurrock Council (test)", kind="local_authority", area=personas.organisation("other_police").area
    )
    other = UserFactory.create(email="coordinator@thurrock.example.org")
    MembershipFactory.create(user=other, organisation=thurrock_council, role=Role.LA_PREVENT_COORDINATOR)
    TOTP.activate(other, TOTP_SECRET)
    client = Client()
    client.force_login(other, backend="allauth.account.auth_backends.AuthenticationBackend")
    assert client.get(reverse("preliminary:assess", args=[referral.pk])).status_code == 404
    assert referral.reference not in text(client.get(reverse("preliminary:queue")))


# --- information requests -----------------------------------------------------------------------------------------


def test_a_request_reaches_the_partner_who_answers_it_without_seeing_the_referral(personas):
    referral = in_assessment(personas)
    personas["panel_member"]
    coordinator = client_as(personas, "coordinator")
    due = timezone.localdate() + datetime.timedelta(days=5)
    health = personas.organisation("health")

    page = text(coordinator.get(reverse("preliminary:assess", args=[referral.pk])))
    assert health.name in page  # offered
    offered = page.split('id="id_request-organisation"')[1].split("</select>")[0]
    assert health.name in offered
    assert personas.organisation("council").name not in offered  # not the coordinator's own
    response = coordinator.post(
        reverse("preliminary:request_send", args=[referral.pk]),
        {"request-organisation": str(health.pk), "request-question": QUESTION, **date_fields("request-due_on", due)},
    )
    assert response.status_code == 302
    request = InformationRequest.objects.get()
    assert request.organisation == health and request.due_on == due and request.sent_by == personas["coordinator"]
    notified = Notification.objects.get(recipient=personas["panel_member"], kind="referral.information_request")
    assert notified.url == reverse("preliminary:request_answer", args=[request.pk])
    assert "Robin" not in notified.title

    partner = client_as(personas, "panel_member")
    listing = text(partner.get(reverse("preliminary:requests")))
    assert request.reference in listing
    assert referral.reference in listing
    assert "Waiting for your answer" in listing
    assert "Robin" not in listing and REASON not in listing
    assert AuditEvent.objects.filter(action="read.list", details__what="information_requests").count() == 1

    answer_url = reverse("preliminary:request_answer", args=[request.pk])
    page = text(partner.get(answer_url))
    assert QUESTION in page
    assert REASON not in page and "Marsh" not in page  # the referral stays with the coordinator
    assert AuditEvent.objects.filter(action="read.information_request", object_id=str(request.pk)).count() == 1

    assert partner.post(answer_url, {}).status_code == 200  # empty: the form again
    assert "Enter your answer" in text(partner.post(answer_url, {}))
    response = partner.post(answer_url, {"answer-answer": "Known to the school nurse since 2024."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answer == "Known to the school nurse since 2024." and request.answered_by == personas["panel_member"]
    after = text(partner.get(answer_url))
    assert "Known to the school nurse since 2024." in after
    assert "Send your answer" not in after  # read-only once answered
    response = partner.post(answer_url, {"answer-answer": "Something else."}, follow=True)
    assert "already been answered" in text(response)
    request.refresh_from_db()
    assert request.answer == "Known to the school nurse since 2024."

    # The partner cannot open the referral's pages; the coordinator sees the answer.
    assert partner.get(reverse("preliminary:assess", args=[referral.pk])).status_code == 404
    assert partner.get(reverse("screening:screen", args=[referral.pk])).status_code == 404
    page = text(coordinator.get(reverse("preliminary:assess", args=[referral.pk])))
    assert "Known to the school nurse since 2024." in page
    assert "Answered" in page


def test_a_request_is_for_its_organisation_only(personas):
    request = ask(personas, in_assessment(personas))
    url = reverse("preliminary:request_answer", args=[request.pk])
    for name in ("dsl", "other_dsl", "headteacher"):
        client = client_as(personas, name)
        assert client.get(url).status_code == 404, name
        assert request.reference not in text(client.get(reverse("preliminary:requests")))
    for name in ("coordinator", "police", "staff", "chair"):
        assert client_as(personas, name).get(url).status_code == 404, name
        assert client_as(personas, name).get(reverse("preliminary:requests")).status_code == 404, name
    assert client_as(personas, "dsl").post(url, {"answer-answer": "x"}).status_code == 404
    request.refresh_from_db()
    assert request.answered_at is None


def test_sending_a_request_checks_what_was_typed(personas):
    referral = in_assessment(personas)
    personas["panel_member"]
    client = client_as(personas, "coordinator")
    url = reverse("preliminary:request_send", args=[referral.pk])

    page = text(client.post(url, {}))
    assert "Select the organisation you are asking" in page
    assert "Enter the question" in page
    assert "Enter the date it is due" in page
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page = text(
        client.post(
            url,
            {
                "request-organisation": str(personas.organisation("health").pk),
                "request-question": QUESTION,
                **date_fields("request-due_on", yesterday),
            },
        )
    )
    assert "The date it is due must be in the future" in page
    # Only the area's organisations, other than the coordinator's own, can be asked.
    for organisation in (personas.organisation("council"), personas.organisation("other_school")):
        page = text(
            client.post(
                url,
                {
                    "request-organisation": str(organisation.pk),
                    "request-question": QUESTION,
                    **date_fields("request-due_on", timezone.localdate() + datetime.timedelta(days=3)),
                },
            )
        )
        assert "Select one of the organisations listed" in page
    assert not InformationRequest.objects.exists()


def test_overdue_requests_are_flagged_and_reminded_about_once(personas):
    referral = in_assessment(personas)
    late = ask(personas, referral, due_in_days=3)
    answered = ask(personas, referral, due_in_days=3)
    waiting = ask(personas, referral, due_in_days=3)
    information_request_answer(request=answered, acting=personas.membership("panel_member"), answer="Nothing known.")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    InformationRequest.objects.filter(pk__in=[late.pk, answered.pk]).update(due_on=yesterday)
    Notification.objects.all().delete()

    queue = text(client_as(personas, "coordinator").get(reverse("preliminary:queue")))
    assert "1 overdue" in queue
    assert "2 waiting for an answer" in queue
    page = text(client_as(personas, "coordinator").get(reverse("preliminary:assess", args=[referral.pk])))
    assert "Overdue" in page.split(f'id="request-{late.reference}"')[1].split("</tr>")[0]
    assert "Waiting" in page.split(f'id="request-{waiting.reference}"')[1].split("</tr>")[0]
    assert "Overdue" in text(client_as(personas, "panel_member").get(reverse("preliminary:requests")))

    assert remind_overdue_information_requests.call() == 1
    reminded = Notification.objects.filter(kind="referral.information_request_overdue")
    assert sorted(n.recipient.email for n in reminded) == sorted(
        [personas["panel_member"].email, personas["coordinator"].email]
    )
    for notification in reminded:
        assert notification.title == "A request for information is overdue"
    assert reminded.get(recipient=personas["panel_member"]).url == reverse("preliminary:request_answer", args=[late.pk])
    assert reminded.get(recipient=personas["coordinator"]).url == reverse("preliminary:assess", args=[referral.pk])
    late.refresh_from_db()
    assert late.reminded_at is not None

    assert remind_overdue_information_requests.call() == 0  # once only
    assert Notification.objects.filter(kind="referral.information_request_overdue").count() == 2


def test_the_reminder_job_is_registered_hourly():
    from core.periodic import registered_jobs

    job = next(job for job in registered_jobs() if job.name == "referrals.information_requests_overdue")
    assert job.every == datetime.timedelta(hours=1)


# --- the initial assessment and the decision ------------------------------------------------------------------


def test_channel_opens_a_case_waiting_for_the_next_panel(personas):
    referral = in_assessment(personas)
    client = client_as(personas, "coordinator")
    assert record(client, referral, harm=False).status_code == 302
    assessment = PreliminaryAssessment.objects.get(referral=referral)
    assert assessment.initial_vulnerability_assessment == NARRATIVE
    assert assessment.significant_harm_suspected is False

    response = decide(client, referral, "channel")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CHANNEL
    case = ChannelCase.objects.get(referral=referral)
    assert case.subject == referral.subject and case.area == referral.area
    page = text(client.get(reverse("preliminary:assess", args=[referral.pk])))
    assert f"Channel case {case.reference} opened, waiting for the next panel" in page
    assert "Record the decision" not in page
    assert "Send the request" not in page
    assert Notification.objects.filter(recipient=personas["dsl"], kind="referral.outcome").count() == 2
    # The decided referral leaves the queue.
    assert referral.reference not in text(client.get(reverse("preliminary:queue")))


def test_deciding_before_the_initial_assessment_is_refused(personas):
    referral = in_assessment(personas)
    response = decide(client_as(personas, "coordinator"), referral, "exit", reason="Nothing to add.")
    assert response.status_code == 200
    assert "Record the initial vulnerability assessment first" in text(response)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.PRELIMINARY_ASSESSMENT


@pytest.mark.parametrize("decision", ["exit", "other_support"])
def test_leaving_with_significant_harm_suspected_needs_the_social_care_referral(personas, decision):
    referral = in_assessment(personas)
    client = client_as(personas, "coordinator")
    record(client, referral, harm=True)
    fields = {"reason": "Needs are better met elsewhere."}
    if decision == "other_support":
        fields["other_support"] = "early_help"

    response = decide(client, referral, decision, **fields)
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert "Record the referral to social care before the person leaves the process" in page
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.PRELIMINARY_ASSESSMENT

    record(client, referral, harm=True, social_care="Referred to children's social care by J Smith on 2 March.")
    assert decide(client, referral, decision, **fields).status_code == 302
    referral.refresh_from_db()
    assert referral.status == (Referral.Status.EXITED if decision == "exit" else Referral.Status.OTHER_SUPPORT)
    assert not ChannelCase.objects.exists()


def test_other_support_needs_its_kind_and_a_reason(personas):
    referral = in_assessment(personas)
    client = client_as(personas, "coordinator")
    record(client, referral, harm=False)
    page = text(decide(client, referral, "other_support"))
    assert "Select the other support" in page
    assert "Explain the decision" in page
    assert decide(client, referral, "other_support", other_support="health", reason="CAMHS.").status_code == 302
    assessment = PreliminaryAssessment.objects.get(referral=referral)
    assert assessment.other_support == "health" and assessment.reason == "CAMHS."
    page = text(client.get(reverse("preliminary:assess", args=[referral.pk])))
    assert "Other support: health" in page


def test_the_record_and_decision_forms_show_their_errors(personas):
    referral = in_assessment(personas)
    client = client_as(personas, "coordinator")
    page = text(client.post(reverse("preliminary:record", args=[referral.pk]), {}))
    assert "Record the initial vulnerability assessment" in page
    assert "Select whether significant harm is suspected" in page
    page = text(client.post(reverse("handoffs:preliminary_decide", args=[referral.pk]), {}))
    assert "Select the decision" in page
    kept = PreliminaryAssessment.objects.get()  # opened by the hand-off from screening; nothing recorded on it
    assert (kept.decision, kept.initial_vulnerability_assessment, kept.coordinator_id) == ("", "", None)


def test_deciding_twice_is_refused_as_moved_on(personas):
    referral = in_assessment(personas)
    preliminary_record(
        referral=referral,
        acting=personas.membership("coordinator"),
        narrative=NARRATIVE,
        significant_harm_suspected=False,
        social_care_referral="",
    )
    client = client_as(personas, "coordinator")
    referral.refresh_from_db()
    opened_at = referral.version
    url = reverse("handoffs:preliminary_decide", args=[referral.pk])
    client.post(url, {"decide-version": opened_at, "decide-decision": "exit", "decide-reason": "No concerns."})
    response = client.post(url, {"decide-version": opened_at, "decide-decision": "channel"}, follow=True)
    assert MOVED_ON in text(response)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.EXITED
    assert not ChannelCase.objects.exists()
    # Later requests and assessment changes are refused too.
    response = client.post(
        reverse("preliminary:record", args=[referral.pk]),
        {"record-narrative": "x", "record-significant_harm_suspected": "no"},
        follow=True,
    )
    assert MOVED_ON in text(response)
    assert PreliminaryAssessment.objects.get(referral=referral).initial_vulnerability_assessment == NARRATIVE


# --- who may act: the services refuse anyone else, in the audit log ------------------------------------------------


def test_the_chair_may_not_take_the_decision_the_coordinator_takes(personas):
    referral = in_assessment(personas)
    version = Referral.objects.get(pk=referral.pk).version
    with pytest.raises(NotPermitted):
        preliminary_decide(referral=referral, acting=personas.membership("chair"), decision="exit", reason="No.")
    assert_refused(personas, "chair", service="preliminary_decide", reason=not_allowed(Role.PANEL_CHAIR))
    referral.refresh_from_db()
    assert (referral.status, referral.version) == (Referral.Status.PRELIMINARY_ASSESSMENT, version)
    assert PreliminaryAssessment.objects.get(referral=referral).decision == ""


def test_a_refused_channel_decision_opens_no_case_and_stays_in_the_audit_log(personas):
    referral = in_assessment(personas)
    with pytest.raises(NotPermitted):
        preliminary_to_channel(referral=referral, acting=personas.membership("chair"))
    assert_refused(personas, "chair", service="preliminary_to_channel", reason=not_allowed(Role.PANEL_CHAIR))
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.PRELIMINARY_ASSESSMENT
    assert not ChannelCase.objects.exists()


def test_the_police_may_not_record_the_assessment_or_ask_partners(personas):
    referral = in_assessment(personas)
    with pytest.raises(NotPermitted):
        preliminary_record(
            referral=referral, acting=personas.membership("police"), narrative=NARRATIVE,
            significant_harm_suspected=False, social_care_referral="",
        )  # fmt: skip
    assert_refused(personas, "police", service="preliminary_record", reason=not_allowed(Role.POLICE_PREVENT_OFFICER))
    assert PreliminaryAssessment.objects.get(referral=referral).initial_vulnerability_assessment == ""
    with pytest.raises(NotPermitted):
        information_request_send(
            referral=referral, acting=personas.membership("police"), organisation=personas.organisation("health"),
            question=QUESTION, due_on=timezone.localdate() + datetime.timedelta(days=7),
        )  # fmt: skip
    assert not InformationRequest.objects.exists()
    assert AuditEvent.objects.filter(action="service.refused", details__service="information_request_send").count() == 1


def test_only_the_police_open_the_preliminary_assessment(personas):
    referral = submitted_referral(personas)
    with pytest.raises(NotPermitted):
        preliminary_open(referral=referral, acting=personas.membership("coordinator"))
    assert_refused(personas, "coordinator", service="preliminary_open", reason=not_allowed(Role.LA_PREVENT_COORDINATOR))
    assert not PreliminaryAssessment.objects.exists()


def test_a_lead_at_another_organisation_may_not_answer_a_request(personas):
    request = ask(personas, in_assessment(personas))  # sent to the health trust
    with pytest.raises(NotPermitted):
        information_request_answer(request=request, acting=personas.membership("other_dsl"), answer="Not ours.")
    assert_refused(personas, "other_dsl", service="information_request_answer", reason=ANOTHER_ORGANISATION)
    request.refresh_from_db()
    assert (request.answer, request.answered_by, request.answered_at) == ("", None, None)
