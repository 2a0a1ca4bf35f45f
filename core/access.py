"""Refusing access. Outsiders get 404 (they may not learn that something exists), and every refusal is audited."""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from audit.services import audit_append

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Membership


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


class NotPermitted(PermissionDenied):
    """A service was asked to act for a membership that may not do this (a 403: the person may know the record
    exists, as they reached it). `reason` is plain words, shown to nobody but written to the audit log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def require_acting(
    acting: Membership | None,
    *,
    service: str,
    roles: Collection[str],
    organisation_id: int | None = None,
    area_id: int | None = None,
    obj: Any = None,
) -> User:
    """The user a service acts for, if `acting` is a current membership with one of `roles` (and, when given, of
    organisation `organisation_id`, or of an organisation in area `area_id`). Otherwise the refusal is written to
    the audit log ("service.refused", with the service's name, the reason and the role) and NotPermitted raised,
    before the service changes anything.

    Services call this first, with the acting membership they were given as a keyword argument: the views' own
    checks decide what a person is shown, this decides what any caller (a view, the API, a command) may change."""
    reason = ""
    if acting is None:
        reason = "no acting membership"
    elif not acting.is_current or not acting.user.is_active or not acting.organisation.is_active:
        reason = "the membership has ended"
    elif acting.role not in roles:
        reason = f"the role {acting.role} may not do this"
    elif organisation_id is not None and acting.organisation_id != organisation_id:
        reason = "the record belongs to another organisation"
    elif area_id is not None and acting.organisation.area_id != area_id:
        reason = "the record belongs to another area"
    if reason:
        raise refuse(acting, service=service, reason=reason, obj=obj)
    assert acting is not None
    return acting.user


def refuse(acting: Membership | None, *, service: str, reason: str, obj: Any = None) -> NotPermitted:
    """Audit a service's refusal of `acting` ("service.refused", with the service's name, the plain reason and the
    role) and return the NotPermitted to raise. For a rule require_acting cannot state (only a draft's author…),
    checked by the service after require_acting and before it changes anything."""
    audit_append(
        action="service.refused",
        actor=acting.user if acting is not None else None,
        obj=obj,
        details={"service": service, "reason": reason, "role": acting.role if acting is not None else ""},
        organisation_id=acting.organisation_id if acting is not None else None,
        role=acting.role if acting is not None else None,
    )
    return NotPermitted(reason)
