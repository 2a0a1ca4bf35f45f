"""Background tasks of the core: sending e-mail. Run by `manage.py db_worker` (django-tasks-db)."""

from __future__ import annotations

import base64
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task

from encryption.keyring import keyring

ATTACHMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}")
ATTACHMENT_TYPES = frozenset({"application/pdf"})


def email_attachment(*, filename: str, mimetype: str, content: bytes) -> dict[str, str]:
    """An attachment for send_email, as JSON the task queue can hold.

    The queue is a database table (django-tasks-db) whose rows outlive the task, so the content is sealed with the
    key ring first, like every other stored file: a queued message never leaves case content readable at rest.
    """
    if not ATTACHMENT_NAME.fullmatch(filename):
        raise ValueError(f"Unsafe attachment filename {filename!r}")
    if mimetype not in ATTACHMENT_TYPES:
        raise ValueError(f"Attachments of type {mimetype!r} are not sent")
    seal = str(uuid.uuid4())
    sealed = keyring().encrypt_blob(content, associated_data=_associated_data(seal, filename))
    return {"filename": filename, "mimetype": mimetype, "seal": seal, "content": base64.b64encode(sealed).decode()}


def _associated_data(seal: str, filename: str) -> str:
    return f"core.email_attachment:{seal}:{filename}"


def _unseal(attachment: dict[str, Any]) -> tuple[str, bytes, str]:
    filename, mimetype = str(attachment["filename"]), str(attachment["mimetype"])
    if not ATTACHMENT_NAME.fullmatch(filename) or mimetype not in ATTACHMENT_TYPES:
        raise ValueError("Not an attachment made by email_attachment()")
    sealed = base64.b64decode(attachment["content"], validate=True)
    content = keyring().decrypt_blob(sealed, associated_data=_associated_data(str(attachment["seal"]), filename))
    return filename, content, mimetype


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> int:
    """Send one message. E-mail must never carry personal or case details: only that something needs attention
    and a link to sign in and see it.

    The one exception is `attachments` (made with email_attachment()): a copy of a referral, sent only to an
    address its caller has checked is on the secure list (policy 2.5). Subject and body still name nobody.
    """
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    for attachment in attachments or []:
        message.attach(*_unseal(attachment))
    return message.send(fail_silently=False)
