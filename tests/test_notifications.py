"""In-app notifications: who gets them, the impersonal e-mail over real SMTP, reading them, and the header badge."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from core.access import NotPermitted
from notifications.context_processors import unread
from notifications.models import Notification
from notifications.selectors import notifications_for, unread_count
from notifications.services import notification_mark_read, notifications_mark_all_read, notify
from organisations.middleware import ACTING_MEMBERSHIP, current_memberships
from organisations.models import Membership
from organisations.roles import Role

from .factories import MembershipFactory, OrganisationFactory, UserFactory
from .personas import Personas

pytestmark = pytest.mark.django_db

BASE_URL = "https://prevent.example.gov.uk/"
CONCERN_URL = "/concerns/42/"


def _notify(personas: Personas, recipients: list[User] | None = None, **overrides: Any) -> list[Notification]:
    arguments: dict[str, Any] = {
        "recipients": recipients if recipients is not None else [personas["dsl"], personas["headteacher"]],
        "organisation": personas.organisation("school"),
        "kind": "concern.submitted",
        "title": "New urgent concern",
        "url": CONCERN_URL,
        "is_urgent": True,
        "email_subject": "A new urgent concern",
        "email_body": "A member of staff has raised an urgent concern. Sign in to see it.",
    }
    return notify(**(arguments | overrides))


def _body(message: Any) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode() if isinstance(payload, bytes) else str(message.get_payload())


# --- notify -----------------------------------------------------------------------------------------------


def test_notify_creates_one_item_per_distinct_active_member(personas):
    inactive = UserFactory(is_active=False)
    MembershipFactory(user=inactive, organisation=personas.organisation("school"), role=Role.DSL)
    left = UserFactory()
    MembershipFactory(user=left, organisation=personas.organisation("school"), role=Role.DSL, ended_at=timezone.now())
    dsl, head = personas["dsl"], personas["headteacher"]
    # other_dsl acts for another school: a notification in this school's name would never show to them.
    created = _notify(personas, [dsl, head, dsl, inactive, left, personas["other_dsl"]])
    assert sorted(n.recipient_id for n in created) == sorted([dsl.pk, head.pk])
    assert Notification.objects.count() == 2
    item = Notification.objects.get(recipient=dsl)
    assert (item.kind, item.title, item.url, item.is_urgent, item.read_at) == (
        "concern.submitted",
        "New urgent concern",
        CONCERN_URL,
        True,
        None,
    )
    assert item.organisation == personas.organisation("school")


def test_notify_writes_one_audit_event_with_no_personal_data(personas):
    _notify(personas, actor=personas["staff"])
    event = AuditEvent.objects.get(action="notification.sent")
    dsl, head = personas["dsl"], personas["headteacher"]
    assert event.actor == personas["staff"]
    assert event.details["kind"] == "concern.submitted"
    assert event.details["count"] == 2
    assert sorted(event.details["recipients"]) == sorted([dsl.pk, head.pk])
    recorded = json.dumps(event.details)
    for person in (dsl, head):
        assert person.email not in recorded
        assert person.full_name not in recorded
    assert "@" not in recorded
    assert "concern." in recorded  # the kind, and nothing of what the concern says


def test_notify_with_nobody_to_tell_still_records_it(personas):
    assert _notify(personas, [personas["other_dsl"]]) == []
    assert AuditEvent.objects.get(action="notification.sent").details["count"] == 0


def test_email_reaches_each_recipient_over_smtp_with_only_the_link(
    personas, smtp, settings, django_capture_on_commit_callbacks
):
    settings.SERVICE_BASE_URL = BASE_URL
    dsl, head = personas["dsl"], personas["headteacher"]
    with django_capture_on_commit_callbacks(execute=True):
        _notify(personas)
        assert smtp == []  # nothing leaves before the transaction commits
    assert sorted(m["X-Envelope-To"] for m in smtp) == sorted([dsl.email, head.email])
    for message in smtp:
        body = _body(message)
        assert message["Subject"] == "Prevent Casework: A new urgent concern"
        assert "https://prevent.example.gov.uk/concerns/42/" in body
        assert "A member of staff has raised an urgent concern. Sign in to see it." in body
        # Each message names one recipient, and nothing about the people involved or the school.
        assert message["To"] == message["X-Envelope-To"]
        for person in (dsl, head, personas["staff"]):
            assert person.full_name not in body
        assert personas.organisation("school").name not in body + message["Subject"]
        assert "@" not in body


def test_rollback_sends_nothing_and_keeps_nothing(personas, smtp, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify(personas)
        raise RuntimeError("the concern could not be saved")
    assert callbacks == []
    assert smtp == []
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action="notification.sent").exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"url": "https://elsewhere.example.org/concerns/42/"},
        {"url": "//elsewhere.example.org/concerns/42/"},
        {"url": "/\\elsewhere.example.org/"},
        {"url": "concerns/42/"},
        {"url": "/concerns/42/ with space"},
        {"title": "x" * 121},
        {"title": "   "},
        {"email_subject": "x" * 121},
        {"email_subject": "A new concern\nBcc: someone@example.org"},
        {"email_body": ""},
        {"kind": "Concern Submitted"},
    ],
)
def test_notify_refuses_bad_arguments(personas, smtp, django_capture_on_commit_callbacks, overrides):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValueError):
        _notify(personas, **overrides)
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action="notification.sent").exists()
    assert smtp == []


def test_notify_accepts_the_longest_title_and_subject(personas):
    assert len(_notify(personas, title="x" * 120, email_subject="y" * 120)) == 2


# --- reading ----------------------------------------------------------------------------------------------


def test_mark_read_is_for_the_recipient_only_and_idempotent(personas):
    item = _notify(personas, [personas["dsl"]])[0]
    with pytest.raises(NotPermitted, match="the notification is not theirs"):
        notification_mark_read(notification=item, acting=personas.membership("headteacher"))
    item.refresh_from_db()
    assert item.read_at is None

    first = notification_mark_read(notification=item, acting=personas.membership("dsl"))
    assert first.read_at is not None
    again = notification_mark_read(notification=item, acting=personas.membership("dsl"))
    assert again.read_at == first.read_at
    assert AuditEvent.objects.filter(action="notification.read", object_id=str(item.pk)).count() == 1


@pytest.mark.parametrize(
    ("persona", "reason"),
    [("headteacher", "the notification is not theirs"), ("other_dsl", "the record belongs to another organisation")],
)
def test_marking_anothers_notification_read_is_refused_and_audited(personas, persona, reason):
    item = _notify(personas, [personas["dsl"]])[0]
    acting = personas.membership(persona)
    with pytest.raises(NotPermitted, match=reason):
        notification_mark_read(notification=item, acting=acting)
    item.refresh_from_db()
    assert item.read_at is None
    event = AuditEvent.objects.get(action="service.refused")
    assert event.actor == personas[persona]
    assert (event.object_type, event.object_id) == ("notifications.notification", str(item.pk))
    assert event.details == {"service": "notification_mark_read", "reason": reason, "role": acting.role}
    assert not AuditEvent.objects.filter(action="notification.read").exists()


def test_opening_a_notification_marks_it_read_and_follows_its_link(personas, client_for):
    item = _notify(personas, [personas["dsl"]])[0]
    response = client_for("dsl").post(reverse("notifications:read", kwargs={"pk": item.pk}))
    assert response.status_code == 302
    assert response["Location"] == CONCERN_URL
    item.refresh_from_db()
    assert item.read_at is not None
    event = AuditEvent.objects.get(action="notification.read")
    assert event.actor == personas["dsl"]


@pytest.mark.parametrize("intruder", ["headteacher", "other_dsl", "no_membership"])
def test_nobody_can_open_anothers_notification(personas, client_for, intruder):
    item = _notify(personas, [personas["dsl"]])[0]
    response = client_for(intruder).post(reverse("notifications:read", kwargs={"pk": item.pk}))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.read_at is None
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor == personas[intruder]
    assert (event.object_type, event.object_id) == ("notifications.notification", str(item.pk))
    assert not AuditEvent.objects.filter(action="notification.read").exists()


def test_opening_is_post_only(personas, client_for):
    item = _notify(personas, [personas["dsl"]])[0]
    assert client_for("dsl").get(reverse("notifications:read", kwargs={"pk": item.pk})).status_code == 405


def test_a_stored_url_to_another_site_is_not_followed(personas, client_for):
    item = _notify(personas, [personas["dsl"]])[0]
    Notification.objects.filter(pk=item.pk).update(url="//elsewhere.example.org/")
    response = client_for("dsl").post(reverse("notifications:read", kwargs={"pk": item.pk}))
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read_only_touches_the_acting_organisation(personas, client_for):
    dsl = personas["dsl"]
    mine = _notify(personas, [dsl])
    second_school = OrganisationFactory(name="Second School (test)")
    MembershipFactory(user=dsl, organisation=second_school, role=Role.HEADTEACHER)
    elsewhere = _notify(personas, [dsl], organisation=second_school)
    others = _notify(personas, [personas["headteacher"]])

    response = client_for("dsl").post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    assert all(n.read_at for n in Notification.objects.filter(pk__in=[n.pk for n in mine]))
    assert not any(n.read_at for n in Notification.objects.filter(pk__in=[n.pk for n in elsewhere + others]))
    event = AuditEvent.objects.get(action="notification.read_all")
    assert event.details["count"] == 1
    # Nothing left to mark: no second audit event.
    acting = Membership.objects.get(user=dsl, organisation=personas.organisation("school"))
    assert notifications_mark_all_read(acting=acting) == 0
    assert AuditEvent.objects.filter(action="notification.read_all").count() == 1


def test_mark_all_read_without_a_role_does_nothing(personas, client_for):
    response = client_for("no_membership").post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="notification.read_all").exists()


# --- the list and the header ------------------------------------------------------------------------------


def test_list_shows_only_the_acting_organisations_notifications(personas, client_for):
    dsl = personas["dsl"]
    second_school = OrganisationFactory(name="Second School (test)")
    second = MembershipFactory(user=dsl, organisation=second_school, role=Role.HEADTEACHER)
    _notify(personas, [dsl], title="New urgent concern")
    _notify(personas, [dsl], organisation=second_school, title="Review due", is_urgent=False)
    _notify(personas, [personas["headteacher"]], title="Information request overdue")

    client = client_for("dsl")
    session = client.session
    session[ACTING_MEMBERSHIP] = dsl.memberships.get(organisation=personas.organisation("school")).pk
    session.save()
    page = client.get(reverse("notifications:list")).content.decode()
    assert "New urgent concern" in page
    assert "Review due" not in page
    assert "Information request overdue" not in page

    client.post(reverse("organisations:switch"), {"membership": second.pk})
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Review due" in page
    assert "New urgent concern" not in page


def test_list_page_marks_unread_items_and_says_when(personas, client_for):
    urgent = _notify(personas, [personas["dsl"]])[0]
    _notify(personas, [personas["dsl"]], title="Review due", is_urgent=False)
    Notification.objects.filter(pk=urgent.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    response = client_for("dsl").get(reverse("notifications:list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Notifications</h1>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Urgent</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--blue">New</strong>' in page
    assert "5\xa0minutes ago" in page or "5 minutes ago" in page
    assert "Mark all as read" in page
    assert reverse("notifications:read", kwargs={"pk": urgent.pk}) in page
    assert "style=" not in page


def test_list_for_someone_with_no_role_is_empty(client_for):
    response = client_for("no_membership").get(reverse("notifications:list"))
    assert response.status_code == 200
    assert b"you have no notifications" in response.content


def test_urgent_unread_come_first_then_newest(personas):
    dsl, school = personas["dsl"], personas.organisation("school")
    old_urgent = _notify(personas, [dsl], title="Old urgent")[0]
    read_urgent = _notify(personas, [dsl], title="Read urgent")[0]
    _notify(personas, [dsl], title="Plain", is_urgent=False)
    now = timezone.now()
    Notification.objects.filter(pk=old_urgent.pk).update(created_at=now - timedelta(days=2))
    Notification.objects.filter(pk=read_urgent.pk).update(created_at=now - timedelta(minutes=1), read_at=now)
    acting = Membership.objects.get(user=dsl, organisation=school)
    titles = [n.title for n in notifications_for(acting=acting)]
    assert titles == ["Old urgent", "Plain", "Read urgent"]
    assert unread_count(acting=acting) == 2


def test_header_shows_the_unread_count(personas, client_for):
    _notify(personas, [personas["dsl"]])
    _notify(personas, [personas["dsl"]], title="Review due", is_urgent=False)
    client = client_for("dsl")
    page = client.get(reverse("site:dashboard")).content.decode()
    assert (
        '<a class="govuk-link app-acting-as__switch" href="/notifications/">Notifications '
        '<strong class="govuk-tag govuk-tag--red">2'
        '<span class="govuk-visually-hidden"> unread</span></strong></a>'
    ) in page
    client.post(reverse("notifications:read_all"))
    page = client.get(reverse("site:dashboard")).content.decode()
    assert '<a class="govuk-link app-acting-as__switch" href="/notifications/">Notifications</a>' in page


def test_header_count_ignores_other_peoples_notifications(personas, client_for):
    _notify(personas, [personas["headteacher"]])
    page = client_for("dsl").get(reverse("site:dashboard")).content.decode()
    assert '<a class="govuk-link app-acting-as__switch" href="/notifications/">Notifications</a>' in page


def _request_for(user: User | None) -> Any:
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user if user is not None else AnonymousUser()
    memberships = current_memberships(user) if user is not None else []
    request.acting = memberships[0] if memberships else None  # type: ignore[attr-defined]
    return request


def test_context_processor_costs_at_most_one_query(personas, django_assert_max_num_queries):
    _notify(personas, [personas["dsl"]])
    request = _request_for(personas["dsl"])
    with django_assert_max_num_queries(1):
        assert unread(request) == {"unread_notifications": 1}


def test_context_processor_costs_nothing_signed_out_or_without_a_role(personas, django_assert_num_queries):
    anonymous = _request_for(None)
    no_role = _request_for(personas["no_membership"])
    with django_assert_num_queries(0):
        assert unread(anonymous) == {"unread_notifications": 0}
        assert unread(no_role) == {"unread_notifications": 0}
