"""Background tasks of the core: sending e-mail. Run by `manage.py db_worker` (django-tasks-db)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str, html_body: str | None = None) -> int:
    """Send one message. E-mail must never carry personal or case details: only that something needs attention
    and a link to sign in and see it."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send(fail_silently=False)
