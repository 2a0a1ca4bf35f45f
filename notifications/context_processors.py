from typing import Any

from django.http import HttpRequest

from .selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the header badge: at most one query (the acting membership is already loaded)."""
    user = getattr(request, "user", None)
    acting = getattr(request, "acting", None)
    if user is None or not user.is_authenticated or acting is None:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_count(acting=acting)}
