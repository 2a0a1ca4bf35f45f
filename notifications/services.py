"""Writes about notifications. Each runs in one transaction with one audit event.

NEVER pass personal or case data to `notify`: no names, dates of birth, addresses, schools' pupils' details or
what a concern says. Titles, subjects and bodies say only what kind of thing needs attention ("New urgent
concern") and the link leads to a page that checks, on the person's current access, what they may see. The
e-mail in particular leaves the service: it must make sense to anyone who reads it over the recipient's shoulder.

Who acts: `notify` is a building block of other services (which have already checked, with
core.access.require_acting, that their acting membership may act) and of periodic jobs, where nobody acts; it takes
the `actor` to name in its audit event, or None for the system. Marking notifications read takes the acting
membership (`acting`): a person marks only their own notifications, in the name of the organisation they act for.
"""

import re
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append
from core.access import refuse, require_acting
from core.tasks import send_email
from organisations.models import Membership, Organisation
from organisations.roles import Role

from .models import TITLE_MAX_LENGTH, URL_MAX_LENGTH, Notification

KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
KIND_MAX_LENGTH = 60


def _check_one_line(value: str, *, name: str) -> None:
    if not value.strip():
        raise ValueError(f"A notification {name} must not be empty.")
    if len(value) > TITLE_MAX_LENGTH:
        raise ValueError(f"A notification {name} must be at most {TITLE_MAX_LENGTH} characters.")
    if any(ch in value for ch in "\r\n"):
        raise ValueError(f"A notification {name} must be one line.")


def _check_url(url: str) -> None:
    """A path inside the service: "/..." but never "//host" or "/\\host", which browsers treat as another site."""
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        raise ValueError('A notification url must be a path inside the service, starting with one "/".')
    if len(url) > URL_MAX_LENGTH or any(ch.isspace() or ord(ch) < 32 or ch == "\\" for ch in url):
        raise ValueError("A notification url must be a short path with no spaces or control characters.")


def absolute_url(url: str) -> str:
    return settings.SERVICE_BASE_URL.rstrip("/") + url


def _enqueue_email(*, to: str, subject: str, body: str) -> None:
    send_email.enqueue(to=[to], subject=subject, body=body)


def notify(
    *,
    recipients: Iterable[User],
    organisation: Organisation,
    kind: str,
    title: str,
    url: str,
    is_urgent: bool = False,
    email_subject: str,
    email_body: str,
    actor: User | None = None,
) -> list[Notification]:
    """Give each recipient an in-app notification and an e-mail, in the name of `organisation`.

    Callers must never pass personal data: `title`, `email_subject` and `email_body` say only what kind of thing
    needs attention. The e-mail body gets the absolute link (SERVICE_BASE_URL + `url`) appended.

    Recipients are de-duplicated; only those who are active and hold a current membership of `organisation` get
    anything (a notification shows only while its recipient acts for that organisation, so nobody else could
    read it, and nobody who has left should be mailed). Each e-mail goes to one recipient and is enqueued only
    when the transaction commits, so a rollback sends nothing. One audit event records the kind, the count and
    the recipients' ids, with `actor` (the person whose action caused it, if any) as its actor.
    """
    if not KIND_PATTERN.match(kind) or len(kind) > KIND_MAX_LENGTH:
        raise ValueError('A notification kind is a short code such as "concern.submitted".')
    _check_one_line(title, name="title")
    _check_one_line(email_subject, name="e-mail subject")
    _check_url(url)
    if not email_body.strip():
        raise ValueError("A notification e-mail body must not be empty.")

    wanted = list(dict.fromkeys(user.pk for user in recipients if user.pk is not None))
    members = Membership.objects.current().filter(organisation=organisation).values("user_id")
    with transaction.atomic():
        users = list(User.objects.filter(pk__in=wanted, is_active=True).filter(pk__in=members).order_by("pk"))
        notifications = Notification.objects.bulk_create(
            Notification(
                recipient=user, organisation=organisation, kind=kind, title=title, url=url, is_urgent=is_urgent
            )
            for user in users
        )
        audit_append(
            action="notification.sent",
            actor=actor,
            object_type="notifications.notification",
            details={
                "kind": kind,
                "count": len(notifications),
                "recipients": [user.pk for user in users],
                "organisation": organisation.pk,
                "urgent": is_urgent,
            },
        )
        subject = f"{settings.SERVICE_NAME}: {email_subject}"
        body = f"{email_body.rstrip()}\n\n{absolute_url(url)}\n"
        for user in users:
            transaction.on_commit(partial(_enqueue_email, to=user.email, subject=subject, body=body), robust=True)
    return notifications


def notification_mark_read(*, notification: Notification, acting: Membership) -> Notification:
    """Mark one notification read. Only its recipient may, acting for the organisation it was sent in the name of;
    reading it again changes nothing and is not audited."""
    user = require_acting(
        acting,
        service="notification_mark_read",
        roles=Role.values,
        organisation_id=notification.organisation_id,
        obj=notification,
    )
    if notification.recipient_id != user.pk:
        raise refuse(
            acting, service="notification_mark_read", reason="the notification is not theirs", obj=notification
        )
    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification.pk)
        if notification.read_at is not None:
            return notification
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit_append(
            action="notification.read",
            actor=user,
            obj=notification,
            details={"kind": notification.kind},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return notification


def notifications_mark_all_read(*, acting: Membership) -> int:
    """Mark every unread notification of the acting person, in the name of the organisation they act for, read.
    Returns how many."""
    user = require_acting(acting, service="notifications_mark_all_read", roles=Role.values)
    organisation = acting.organisation
    with transaction.atomic():
        unread = Notification.objects.filter(recipient=user, organisation=organisation, read_at__isnull=True)
        ids = list(unread.select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
        audit_append(
            action="notification.read_all",
            actor=user,
            object_type="notifications.notification",
            details={"count": len(ids), "organisation": organisation.pk},
            organisation_id=acting.organisation_id,
            role=acting.role,
        )
    return len(ids)
