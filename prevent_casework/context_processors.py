"""What every page's template gets: the service's name and phase, the acting membership and the navigation."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .navigation import items_for


def service(request: HttpRequest) -> dict[str, Any]:
    acting = getattr(request, "acting", None)
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "acting": acting,
        "memberships": getattr(request, "memberships", []),
        "navigation": items_for(acting.role if acting else "", request.path) if signed_in else [],
    }
