"""Sign-in policy applied on every request: session lifetimes and the mandatory second factor."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone

from audit.services import audit_append

from .second_factor import has_second_factor

SIGNED_IN_AT = "prevent_signed_in_at"
LAST_SEEN_AT = "prevent_last_seen_at"
# Saving the session on every request would write to the database each time; a minute's resolution is plenty.
_LAST_SEEN_RESOLUTION_SECONDS = 60


def _read(request: HttpRequest, key: str) -> datetime | None:
    raw = request.session.get(key)
    return datetime.fromisoformat(raw) if raw else None


def session_expiry_reason(request: HttpRequest, now: datetime) -> str | None:
    """Why this signed-in session must end now, or None. Named so that tests can state the rule directly."""
    signed_in_at = _read(request, SIGNED_IN_AT)
    last_seen_at = _read(request, LAST_SEEN_AT) or signed_in_at
    if signed_in_at and now - signed_in_at > settings.SESSION_ABSOLUTE_LIFETIME:
        return "absolute"
    if last_seen_at and now - last_seen_at > settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    return None


def wants_json(request: HttpRequest) -> bool:
    """Background requests from our own pages (the concern autosave) ask for JSON, and get it even when refused."""
    return request.headers.get("Accept", "").startswith("application/json")


class SessionLifetimeMiddleware:
    """Signs a person out after SESSION_IDLE_TIMEOUT without a request, and SESSION_ABSOLUTE_LIFETIME after sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated and auth.SESSION_KEY in request.session:
            # The session names a user who may no longer sign in (deactivated, or their security stamp changed):
            # Django already treats them as anonymous; clearing the session leaves nothing of theirs behind.
            request.session.flush()
        if user is not None and user.is_authenticated:
            now = timezone.now()
            reason = session_expiry_reason(request, now)
            if reason:
                audit_append(action="auth.session_expired", actor=user, obj=user, details={"reason": reason})
                auth.logout(request)
                if reason == "idle":
                    minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
                    text = f"You were signed out because you did nothing for {minutes} minutes. Sign in again."
                else:
                    hours = int(settings.SESSION_ABSOLUTE_LIFETIME.total_seconds() // 3600)
                    text = f"You were signed out because you had been signed in for {hours} hours. Sign in again."
                messages.info(request, text)
                if request.path.startswith("/api/") or wants_json(request):
                    return JsonResponse({"error": "session_expired", "detail": text}, status=401)
                return redirect_to_login(request.get_full_path() if request.method == "GET" else "/")
            last_seen = _read(request, LAST_SEEN_AT)
            if last_seen is None or (now - last_seen).total_seconds() >= _LAST_SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_AT] = now.isoformat()
                request.session.setdefault(SIGNED_IN_AT, now.isoformat())
        return self.get_response(request)


# What a signed-in person without a second factor may reach: enrolment itself, and the way out.
ENROLMENT_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "site:accessibility",
    }
)


class RequireSecondFactorMiddleware:
    """Until a person has enrolled an authenticator app or a security key, every other page sends them to enrolment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.view_name in ENROLMENT_URL_NAMES or has_second_factor(user):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": "second_factor_required", "detail": "Set up two-factor authentication first."},
                status=403,
            )
        messages.warning(request, "Set up two-factor authentication before you continue.")
        return redirect("mfa_activate_totp")
