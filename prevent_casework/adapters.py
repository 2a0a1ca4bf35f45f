"""allauth adapters: no self sign-up (administrators create accounts), e-mail through the task queue, and a
second factor that cannot be removed while it is the only one.

They are the site's configuration of allauth and hand its mail to core's task queue, which accounts (below core)
may not import, so they live here and accounts keeps only the rule they share with it (accounts.second_factor).
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from accounts.second_factor import SECOND_FACTORS, has_second_factor
from core.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # Enrolling the first second factor straight after signing in needs no second password prompt: the person
        # has just typed it, and until they enrol they can reach nothing else. Later changes still ask again.
        request = getattr(allauth_context, "request", None)
        user = getattr(request, "user", None)
        if app.endswith("mfa") and user is not None and user.is_authenticated and not has_second_factor(user):
            return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = next((body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), None)
        send_email.enqueue(to=list(message.to), subject=str(message.subject), body=str(message.body), html_body=html)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type not in SECOND_FACTORS:
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS).exclude(
            pk=authenticator.pk
        )
        return others.exists()
