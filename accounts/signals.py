"""Audit entries for signing in and out, failed attempts and lockouts."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

from audit.services import audit_append

from .lockout import username_from_credentials
from .middleware import LAST_SEEN_AT, SIGNED_IN_AT


@receiver(user_logged_in)
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = timezone.now().isoformat()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now
    audit_append(action="auth.signed_in", actor=user, obj=user)


@receiver(user_logged_out)
def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_append(action="auth.signed_out", actor=user, obj=user)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Django has already removed the password from `credentials`. The typed address is kept so that
    # information governance can see who was targeted; it is an account name, not case content.
    attempted = username_from_credentials(request, credentials)
    audit_append(action="auth.sign_in_failed", object_type="accounts.user", details={"attempted_login": attempted})


@receiver(user_locked_out)
def on_locked_out(
    sender: Any, request: Any, username: str | None = None, ip_address: str | None = None, **kwargs: Any
) -> None:
    audit_append(action="auth.locked_out", object_type="accounts.user", details={"attempted_login": username or ""})
