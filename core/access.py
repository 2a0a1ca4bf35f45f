"""Refusing access. Outsiders get 404 (they may not learn that something exists), and every refusal is audited."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from audit.services import audit_append


def deny(request: HttpRequest, *, reason: str, object_type: str = "", object_id: str = "") -> Http404:
    """Audit a refused access and return the 404 to raise."""
    audit_append(
        action="access.denied",
        actor=getattr(request, "user", None),
        object_type=object_type,
        object_id=object_id,
        details={"reason": reason, "path": request.path, "method": request.method},
    )
    return Http404("Page not found")


def acting_role(request: HttpRequest) -> str:
    acting = getattr(request, "acting", None)
    return acting.role if acting is not None else ""


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Sign-in required; then only people acting in one of `roles` reach the view, everyone else gets 404."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if acting_role(request) not in roles:
                raise deny(request, reason="role")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class Refused(Http404):
    """Raised by an access helper (`referral_for`, `case_for`…) when the acting membership may not have the object
    for the purpose asked. It is a 404 to the person; RefusalAuditMiddleware writes the audited refusal."""

    def __init__(self, *, reason: str, object_type: str = "", object_id: str = "") -> None:
        super().__init__("Page not found")
        self.reason = reason
        self.object_type = object_type
        self.object_id = object_id


class RefusalAuditMiddleware:
    """Turns a Refused raised anywhere in a view into the audit entry that `deny` would have written; Django's 404
    handling then shows the page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, Refused):
            deny(request, reason=exception.reason, object_type=exception.object_type, object_id=exception.object_id)
