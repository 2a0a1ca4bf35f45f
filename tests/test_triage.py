"""The safeguarding lead's triage: the queue, one concern's page, and clarification, consent, decision, reopening
and joining up duplicate person records. Only the organisation's safeguarding leads reach any of it."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from concerns.models import Concern
from concerns.services import concern_save_draft, concern_start, concern_submit
from organisations.models import Membership
from people.models import Person
from people.services import person_create
from triage.models import Clarification, ConsentRecord, Decision
from triage.services import concern_mark_read, decision_record

from .personas import Personas

pytestmark = pytest.mark.django_db

ACCOUNT = "Sam said the other group were vermin.\nHe showed a flag on his phone."
TODAY = datetime.date.today()


def _person(
    personas: Personas, given: str = "Sam", family: str = "Taylor", born: datetime.date | None = None
) -> Person:
    return person_create(
        acting=personas.membership("dsl"),
        organisation=personas.organisation("school"),
        given_name=given,
        family_name=family,
        date_of_birth=datetime.date(2012, 5, 1),
    )


def _concern(
    personas: Personas,
    person: Person | None = None,
    *,
    urgent: bool = False,
    account: str = ACCOUNT,
    indicators: list[str] | None = None,
    raised_by: str = "staff",
    submit: bool = True,
) -> Concern:
    author = personas.membership(raised_by)
    concern = concern_start(
        acting=author, organisation=personas.organisation("school"), subject=person or _person(personas)
    )
    concern = concern_save_draft(
        concern=concern,
        acting=author,
        changes={
            "observed_on": TODAY - datetime.timedelta(days=1),
            "location": "The playground",
            "account": account,
            "immediate_risk": "yes" if urgent else "no",
            "indicators": indicators or [],
        },
        expected_version=None,
    )
    if not submit:
        return concern
    return concern_submit(concern=concern, acting=author, expected_version=None)


def _read(concern: Concern, acting: Membership) -> Concern:
    return concern_mark_read(concern=concern, acting=acting)


def _date(prefix: str, field: str, value: datetime.date | None) -> dict[str, str]:
    if value is None:
        return {}
    return {
        f"{prefix}-{field}_0": str(value.day),
        f"{prefix}-{field}_1": str(value.month),
        f"{prefix}-{field}_2": str(value.year),
    }


def _decide(client: Client, concern: Concern, **data: Any) -> Any:
    review_on = data.pop("review_on", None)
    version = data.pop("version", None)
    post = {f"decide-{name}": value for name, value in data.items()} | _date("decide", "review_on", review_on)
    post["decide-version"] = str(version if version is not None else Concern.objects.get(pk=concern.pk).version)
    return client.post(reverse("handoffs:triage_decide", args=[concern.pk]), post)


def _html(response: Any) -> str:
    return response.content.decode()


def _messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


# --- the queue ----------------------------------------------------------------------------------------------


def test_queue_lists_urgent_first_then_unread_then_oldest(personas, client_for):
    dsl = personas.membership("dsl")
    read_old = _read(_concern(personas), dsl)
    unread_older = _concern(personas)
    unread_newer = _concern(personas)
    urgent_read_newest = _read(_concern(personas, urgent=True), dsl)
    decided = _read(_concern(personas), dsl)
    decision_record(concern=decided, acting=dsl, outcome="no_further_action", rationale="Fine.", review_on=None)

    html = _html(client_for("dsl").get(reverse("triage:queue")))

    queue = html[html.index('id="queue"') : html.index("</table>")]
    order = [c.reference for c in (urgent_read_newest, unread_older, unread_newer, read_old)]
    assert re.findall(r"C-\d{6}", queue) == order
    assert decided.reference not in queue
    recent = html[html.index('id="recently-decided"') :]
    assert decided.reference in recent
    assert "No further action" in recent


def test_queue_shows_who_by_whom_how_long_and_the_status(personas, client_for):
    concern = _concern(personas, urgent=True)
    Concern.objects.filter(pk=concern.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=3, hours=2))
    response = client_for("headteacher").get(reverse("triage:queue"))
    html = _html(response)
    assert response.status_code == 200
    assert "<title>Concerns to triage" in html
    assert f'href="{reverse("triage:concern", args=[concern.pk])}">{concern.reference}</a>' in html
    assert "Sam Taylor" in html
    assert personas["staff"].full_name in html
    assert "3\xa0days<" in html or "3 days<" in html
    assert re.search(r"govuk-tag--red\">Urgent</strong>\s*<strong class=\"govuk-tag govuk-tag--blue\">New<", html)


def test_queue_records_one_read_for_the_list(personas, client_for):
    dsl = personas.membership("dsl")
    older = _concern(personas)
    urgent = _concern(personas, urgent=True)
    decided = _read(_concern(personas), dsl)
    decision_record(concern=decided, acting=dsl, outcome="no_further_action", rationale="Fine.", review_on=None)
    client_for("dsl").get(reverse("triage:queue"))
    event = AuditEvent.objects.get(action="read.list")
    assert event.actor == dsl.user
    assert event.object_type == "concerns.concern"
    # Exactly the rows shown, in the order shown: the queue, then the recently decided.
    assert event.details == {
        "what": "triage_queue",
        "ids": [urgent.pk, older.pk, decided.pk],
        "count": 3,
        "waiting": 2,
        "recently_decided": 1,
    }
    assert "Sam" not in str(event.details)


def test_empty_queue_says_so(personas, client_for):
    html = _html(client_for("dsl").get(reverse("triage:queue")))
    assert "There are no concerns waiting for a decision." in html


@pytest.mark.parametrize("persona", ["staff", "police", "no_membership"])
def test_queue_is_for_safeguarding_leads_only(personas, client_for, persona):
    _concern(personas)
    response = client_for(persona).get(reverse("triage:queue"))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=personas[persona]).exists()
    assert not AuditEvent.objects.filter(action="read.list").exists()


def test_another_schools_lead_sees_only_their_own_queue(personas, client_for):
    concern = _concern(personas)
    response = client_for("other_dsl").get(reverse("triage:queue"))
    assert response.status_code == 200
    assert concern.reference not in _html(response)
    assert "There are no concerns waiting for a decision." in _html(response)


def test_navigation_shows_the_queue_to_leads_only(personas, client_for):
    queue = reverse("triage:queue")
    assert f'href="{queue}"' in _html(client_for("dsl").get(reverse("site:dashboard")))
    assert f'href="{queue}"' in _html(client_for("headteacher").get(reverse("site:dashboard")))
    assert f'href="{queue}"' not in _html(client_for("staff").get(reverse("site:dashboard")))


# --- one concern --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["dsl", "headteacher"])
def test_leads_see_the_concern_and_the_read_is_recorded(personas, client_for, persona):
    concern = _concern(personas, indicators=["eng_recruiting", "int_plotting"])
    response = client_for(persona).get(reverse("triage:concern", args=[concern.pk]))
    html = _html(response)
    assert response.status_code == 200
    assert f"<title>Concern {concern.reference}" in html
    assert "Sam said the other group were vermin.<br>He showed a flag on his phone." in html
    assert "The playground" in html
    # Indicators as a checklist under their dimension, never counted.
    assert "Engagement with a group, cause or ideology" in html
    assert "Attempts to recruit others to the group, cause or ideology" in html
    assert "Intent to cause harm" in html
    assert "Capability to cause harm" not in html
    assert not re.search(r"\b2 (of|indicators|signs)\b", html)
    read = AuditEvent.objects.get(action="read.concern", actor=personas[persona])
    assert (read.object_type, read.object_id) == ("concerns.concern", str(concern.pk))


@pytest.mark.parametrize("persona", ["staff", "other_dsl", "police"])
def test_everyone_else_gets_an_audited_404(personas, client_for, persona):
    concern = _concern(personas)
    response = client_for(persona).get(reverse("triage:concern", args=[concern.pk]))
    assert response.status_code == 404
    denied = AuditEvent.objects.get(action="access.denied", actor=personas[persona])
    assert denied.object_id == str(concern.pk) or denied.details["reason"] == "role"
    assert not AuditEvent.objects.filter(action="read.concern").exists()


def test_a_lead_of_another_school_gets_404_for_the_concern_itself(personas, client_for):
    concern = _concern(personas)
    response = client_for("other_dsl").get(reverse("triage:concern", args=[concern.pk]))
    assert response.status_code == 404
    denied = AuditEvent.objects.get(action="access.denied", actor=personas["other_dsl"])
    assert denied.details["reason"] == "triage"
    assert denied.object_id == str(concern.pk)


def test_a_draft_is_not_for_triage_even_its_own_authors(personas, client_for):
    draft = _concern(personas, raised_by="dsl", submit=False)
    assert client_for("dsl").get(reverse("triage:concern", args=[draft.pk])).status_code == 404


def test_urgent_concern_says_call_999(personas, client_for):
    concern = _concern(personas, urgent=True)
    html = _html(client_for("dsl").get(reverse("triage:concern", args=[concern.pk])))
    assert "Someone was said to be at immediate risk of harm. If you have not already, call 999." in html


def test_earlier_history_comes_first(personas, client_for):
    dsl = personas.membership("dsl")
    person = _person(personas)
    first = _read(_concern(personas, person, account="The first account."), dsl)
    decision_record(
        concern=first,
        acting=dsl,
        outcome="monitor",
        rationale="Watch.",
        review_on=TODAY.replace(year=TODAY.year + 1),
    )
    second = _concern(personas, person, account="The second account.")
    unrelated = _concern(personas, _person(personas, "Alex", "Jones"))

    response = client_for("dsl").get(reverse("triage:concern", args=[second.pk]))
    html = _html(response)
    assert "Other concerns about this person" in html
    assert "There is 1 other concern about this person at your organisation." in html
    assert html.index("Other concerns about this person") < html.index("The second account.")
    history = html[html.index('id="earlier-history"') : html.index('id="the-concern"')]
    assert f'href="{reverse("triage:concern", args=[first.pk])}">{first.reference}</a>' in history
    assert "outcome decided, outcome: monitor" in history
    assert unrelated.reference not in history
    assert "The first account." not in html  # only the summary of the earlier concern
    read = AuditEvent.objects.get(action="read.concern", object_id=str(second.pk))
    assert read.details["earlier_concerns"] == [first.pk]

    # Without an earlier concern, there is no history box.
    assert "Earlier history" not in _html(client_for("dsl").get(reverse("triage:concern", args=[unrelated.pk])))


def test_attachments_and_addenda_show(personas, client_for):
    from concerns.services import addendum_add

    concern = _concern(personas)
    addendum_add(concern=concern, acting=personas.membership("staff"), text="He said it again\nat lunch.")
    html = _html(client_for("dsl").get(reverse("triage:concern", args=[concern.pk])))
    assert "He said it again<br>at lunch." in html


def test_the_page_has_unique_ids_and_labelled_controls(personas, client_for):
    concern = _concern(personas)
    _person(personas)  # a second "Sam Taylor", born the same day: a possible duplicate, so the link form shows
    _read(concern, personas.membership("dsl"))
    html = _html(client_for("dsl").get(reverse("triage:concern", args=[concern.pk])))
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []
    for control in re.findall(r"<(?:input|textarea|select)\b[^>]*>", html):
        if 'type="hidden"' in control or 'type="submit"' in control:
            continue
        control_id = re.search(r'id="([^"]+)"', control).group(1)
        assert f'for="{control_id}"' in html, control
    for form in ("clarify", "consent", "decide", "link"):
        assert f'id="id_{form}-' in html


# --- mark as read -------------------------------------------------------------------------------------------


def test_mark_as_read_moves_the_concern_into_triage(personas, client_for):
    concern = _concern(personas)
    client = client_for("dsl")
    page = _html(client.get(reverse("triage:concern", args=[concern.pk])))
    assert "Mark as read" in page
    assert 'action="' + reverse("handoffs:triage_decide", args=[concern.pk]) not in page  # no decision before reading

    response = client.post(reverse("triage:mark_read", args=[concern.pk]), follow=True)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.IN_TRIAGE
    assert concern.read_by == personas["dsl"]
    assert any("as read" in m for m in _messages(response))
    assert 'action="' + reverse("handoffs:triage_decide", args=[concern.pk]) in _html(response)


def test_marking_read_twice_says_the_concern_moved_on(personas, client_for):
    concern = _read(_concern(personas), personas.membership("headteacher"))
    response = client_for("dsl").post(reverse("triage:mark_read", args=[concern.pk]), follow=True)
    assert any("moved on since you opened the page" in m for m in _messages(response))
    concern.refresh_from_db()
    assert concern.read_by == personas["headteacher"]


def test_post_urls_refuse_get(personas, client_for):
    concern = _concern(personas)
    for name in ("triage:mark_read", "triage:clarify", "triage:consent", "handoffs:triage_decide", "triage:reopen",
                 "triage:link"):  # fmt: skip
        assert client_for("dsl").get(reverse(name, args=[concern.pk])).status_code == 405


@pytest.mark.parametrize("persona", ["staff", "other_dsl", "police"])
def test_post_urls_refuse_everyone_else_with_an_audited_404(personas, client_for, persona):
    concern = _concern(personas)
    client = client_for(persona)
    for name in ("triage:mark_read", "triage:clarify", "triage:consent", "handoffs:triage_decide", "triage:reopen",
                 "triage:link"):  # fmt: skip
        assert client.post(reverse(name, args=[concern.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=personas[persona]).count() == 6
    concern.refresh_from_db()
    assert concern.status == Concern.Status.SUBMITTED


# --- decision -----------------------------------------------------------------------------------------------


def test_a_decision_needs_a_rationale(personas, client_for):
    concern = _read(_concern(personas), personas.membership("dsl"))
    response = _decide(client_for("dsl"), concern, outcome="early_help", rationale="   ")
    html = _html(response)
    assert response.status_code == 200
    assert "<title>Error: Concern" in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_decide-rationale">Explain why you decided this</a>' in html
    assert 'id="id_decide-rationale-error"' in html
    assert re.search(r'value="early_help" checked', html)  # what was chosen is kept
    assert not Decision.objects.exists()
    concern.refresh_from_db()
    assert concern.status == Concern.Status.IN_TRIAGE


def test_typed_rationale_is_kept_when_something_else_is_wrong(personas, client_for):
    concern = _read(_concern(personas), personas.membership("dsl"))
    response = _decide(client_for("dsl"), concern, outcome="monitor", rationale="Keep an eye on him\nfor now.")
    html = _html(response)
    assert response.status_code == 200
    assert "Enter the date to review this concern" in html
    assert "Keep an eye on him\nfor now.</textarea>" in html
    assert not Decision.objects.exists()


def test_monitor_needs_a_review_date_in_the_future(personas, client_for):
    concern = _read(_concern(personas), personas.membership("dsl"))
    client = client_for("dsl")
    response = _decide(client, concern, outcome="monitor", rationale="Watch.", review_on=TODAY)
    assert "The review date must be in the future" in _html(response)
    assert '<a href="#id_decide-review_on_0">' in _html(response)  # the day box
    assert not Decision.objects.exists()

    response = _decide(client, concern, outcome="no_further_action", rationale="Fine.", review_on=TODAY)
    assert "Only a decision to monitor has a review date" in _html(response)

    review_on = TODAY + datetime.timedelta(days=28)
    response = _decide(client, concern, outcome="monitor", rationale="Watch.", review_on=review_on)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.outcome, decision.review_on, decision.decided_by) == ("monitor", review_on, personas["dsl"])


def test_decide_then_reopen_with_a_reason(personas, client_for):
    concern = _read(_concern(personas), personas.membership("dsl"))
    client = client_for("dsl")
    response = _decide(client, concern, outcome="support_in_school", rationale="Mentoring in school.")
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == Concern.Status.DECIDED
    html = _html(client.get(reverse("triage:concern", args=[concern.pk])))
    assert "Support in school" in html
    assert "Mentoring in school." in html
    assert 'action="' + reverse("triage:reopen", args=[concern.pk]) in html

    reopen = reverse("triage:reopen", args=[concern.pk])
    response = client.post(reopen, {"reopen-reason": "", "reopen-version": concern.version})
    assert response.status_code == 200
    assert "Explain why you are reopening this concern" in _html(response)
    assert Decision.objects.get().reopened_at is None

    response = client.post(
        reopen, {"reopen-reason": "He has made new threats.", "reopen-version": concern.version}, follow=True
    )
    concern.refresh_from_db()
    assert concern.status == Concern.Status.IN_TRIAGE
    old = Decision.objects.get()
    assert old.reopen_reason == "He has made new threats."
    assert old.reopened_by == personas["dsl"]
    html = _html(response)
    assert "Earlier decisions, reopened" in html
    assert "He has made new threats." in html
    assert 'action="' + reverse("handoffs:triage_decide", args=[concern.pk]) in html

    assert _decide(client, concern, outcome="police_now", rationale="Threats.").status_code == 302
    assert [d.outcome for d in Decision.objects.order_by("decided_at")] == ["support_in_school", "police_now"]
    assert AuditEvent.objects.filter(action="triage.reopened").count() == 1


def test_deciding_before_reading_is_refused(personas, client_for):
    concern = _concern(personas)
    client = client_for("dsl")
    response = _decide(client, concern, outcome="no_further_action", rationale="Fine.")
    assert response.status_code == 302
    assert not Decision.objects.exists()
    concern.refresh_from_db()
    assert concern.status == Concern.Status.SUBMITTED
    page = client.get(response["Location"])
    assert any("Mark the concern as read before you decide" in m for m in _messages(page))


def test_a_stale_decision_form_is_refused(personas, client_for):
    concern = _read(_concern(personas), personas.membership("dsl"))
    opened_at = concern.version
    decision_record(
        concern=concern,
        acting=personas.membership("headteacher"),
        outcome="early_help",
        rationale="EH.",
        review_on=None,
    )
    client = client_for("dsl")
    response = _decide(client, concern, outcome="no_further_action", rationale="Fine.", version=opened_at)
    assert response.status_code == 302
    assert any("moved on" in m for m in _messages(client.get(response["Location"])))
    assert Decision.objects.get().outcome == "early_help"

    # Reopened by someone else since the page was opened: still refused, nothing overwritten.
    concern.refresh_from_db()
    client.post(
        reverse("triage:reopen", args=[concern.pk]), {"reopen-reason": "New facts.", "reopen-version": concern.version}
    )
    response = _decide(client, concern, outcome="no_further_action", rationale="Fine.", version=concern.version)
    assert response.status_code == 302
    assert not Decision.objects.filter(reopened_at__isnull=True).exists()


def test_prevent_referral_says_the_referral_form_is_next(personas, client_for):
    concern = _read(_concern(personas), personas.membership("dsl"))
    client = client_for("dsl")
    response = _decide(client, concern, outcome="prevent_referral", rationale="Refer.")
    html = _html(client.get(response["Location"]))
    assert "The next step is to complete the Prevent referral form" in html


# --- clarification and consent ------------------------------------------------------------------------------


def test_clarification_is_recorded_and_listed(personas, client_for):
    concern = _concern(personas)
    client = client_for("dsl")
    url = reverse("triage:clarify", args=[concern.pk])

    response = client.post(url, {"clarify-summary": "Typed so far"})
    html = _html(response)
    assert response.status_code == 200
    assert "Select who you spoke with" in html
    assert "Enter the date you spoke with them" in html
    assert "Typed so far</textarea>" in html

    future = TODAY + datetime.timedelta(days=2)
    response = client.post(
        url,
        {"clarify-spoke_with": "family", "clarify-summary": "Mum is worried."} | _date("clarify", "spoke_on", future),
    )
    html = _html(response)
    assert "must be today or in the past" in html
    for part, value in enumerate((future.day, future.month, future.year)):  # the three boxes keep what was typed
        assert re.search(rf'name="clarify-spoke_on_{part}"[^>]*value="{value}"', html)
    assert not Clarification.objects.exists()

    spoke_on = TODAY - datetime.timedelta(days=1)
    response = client.post(
        url,
        {"clarify-spoke_with": "family", "clarify-who": "His mother", "clarify-summary": "Mum is worried."}
        | _date("clarify", "spoke_on", spoke_on),
        follow=True,
    )
    note = Clarification.objects.get()
    assert (note.spoke_with, note.who, note.spoke_on, note.recorded_by) == (
        "family",
        "His mother",
        spoke_on,
        personas["dsl"],
    )
    html = _html(response)
    assert "Parent, carer or family: His mother" in html
    assert "Mum is worried." in html
    assert AuditEvent.objects.filter(action="triage.clarification_recorded").count() == 1


def test_consent_note_is_required_when_consent_is_not_sought(personas, client_for):
    concern = _concern(personas)
    client = client_for("dsl")
    url = reverse("triage:consent", args=[concern.pk])

    response = client.post(url, {"consent-position": "not_sought_risk", "consent-note": "  "})
    html = _html(response)
    assert response.status_code == 200
    assert '<a href="#id_consent-note">Explain why consent was not sought</a>' in html
    assert not ConsentRecord.objects.exists()

    response = client.post(url, {"consent-position": "family_implicated"})
    assert "Explain why consent was not sought" in _html(response)

    client.post(url, {"consent-position": "not_yet_sought"})
    response = client.post(
        url, {"consent-position": "not_sought_risk", "consent-note": "Dad may be involved."}, follow=True
    )
    assert [r.position for r in ConsentRecord.objects.order_by("recorded_at")] == ["not_yet_sought", "not_sought_risk"]
    html = _html(response)
    current = html[html.index('id="current-consent"') : html.index('id="consent-history"')]
    assert "Not sought: seeking it would place the child at risk of harm" in current
    assert "Dad may be involved." in current
    assert "Not sought yet" in html[html.index('id="consent-history"') :]


# --- the same person ----------------------------------------------------------------------------------------


def test_linking_a_concern_to_a_duplicate_person(personas, client_for):
    subject = _person(personas)
    same = _person(personas)  # the same name and date of birth: recorded twice
    _person(personas, "Alex", "Jones")
    elsewhere = person_create(
        acting=personas.membership("other_dsl"),
        organisation=personas.organisation("other_school"),
        given_name="Sam",
        family_name="Taylor",
        date_of_birth=datetime.date(2012, 5, 1),
    )
    earlier = _concern(personas, same, account="About the other record.")
    concern = _concern(personas, subject)
    client = client_for("dsl")

    html = _html(client.get(reverse("triage:concern", args=[concern.pk])))
    section = html[html.index('id="same-person"') :]
    assert f'value="{same.pk}"' in section
    assert f'value="{subject.pk}"' not in section
    assert f'value="{elsewhere.pk}"' not in section  # another school's record is never offered
    assert "Earlier history" not in html

    url = reverse("triage:link", args=[concern.pk])
    response = client.post(url, {"link-person": same.pk, "link-reason": "", "link-version": concern.version})
    assert response.status_code == 200
    assert "Explain why these are the same person" in _html(response)
    response = client.post(url, {"link-person": elsewhere.pk, "link-reason": "Same.", "link-version": concern.version})
    assert "Select one of the records listed" in _html(response)
    concern.refresh_from_db()
    assert concern.subject == subject

    response = client.post(
        url,
        {"link-person": same.pk, "link-reason": "Same pupil, entered twice.", "link-version": concern.version},
        follow=True,
    )
    concern.refresh_from_db()
    assert concern.subject == same
    event = AuditEvent.objects.get(action="concern.linked_to_person")
    assert event.details == {"from_person": subject.pk, "to_person": same.pk}
    # Now joined up: the other record's concern is earlier history.
    assert "There is 1 other concern about this person" in _html(response)
    assert earlier.reference in _html(response)


def test_no_duplicates_says_so(personas, client_for):
    concern = _concern(personas)
    client = client_for("dsl")
    html = _html(client.get(reverse("triage:concern", args=[concern.pk])))
    assert "No other records at your organisation look like the same person." in html
    assert 'action="' + reverse("triage:link", args=[concern.pk]) not in html

    other = _person(personas, "Alex", "Jones")
    post = {"link-person": other.pk, "link-reason": "Same.", "link-version": concern.version}
    response = client.post(reverse("triage:link", args=[concern.pk]), post, follow=True)
    assert any("look like the same person" in m for m in _messages(response))
    concern.refresh_from_db()
    assert concern.subject != other
