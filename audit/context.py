"""Who is acting, for which request: set once per request by middleware, read by the audit helper.

Services take the acting user explicitly; the request id, address and acting membership come from here so that
a service need not carry the request around. Outside a request (commands, tasks) the context is empty.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None
    organisation_id: int | None = None
    role: str = ""


_current: ContextVar[RequestContext | None] = ContextVar("audit_request_context", default=None)


def current() -> RequestContext:
    return _current.get() or RequestContext()


def begin(*, request_id: str, ip_address: str | None) -> Any:
    return _current.set(RequestContext(request_id=request_id, ip_address=ip_address))


def set_acting(*, organisation_id: int | None, role: str) -> None:
    _current.set(replace(current(), organisation_id=organisation_id, role=role))


def end(token: Any) -> None:
    _current.reset(token)
