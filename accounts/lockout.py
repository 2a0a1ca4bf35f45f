"""django-axes hooks: which account a failed sign-in counts against, and the page a locked-out person sees."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def username_from_credentials(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """allauth passes the typed address as `email`; the posted form field is `login`. Lower-cased, so that
    "Dsl@..." and "dsl@..." count as one account."""
    value = ""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    if not value and request is not None and hasattr(request, "POST"):
        value = request.POST.get("login", "")
    return str(value).strip().lower()


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    # The same page whether or not the address belongs to an account, so it reveals nothing.
    return render(request, "account/lockout.html", status=429)
