"""Which organisation and role a signed-in person is acting as on this request (they may hold several)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from audit import context

from .models import Membership

ACTING_MEMBERSHIP = "prevent_acting_membership_id"


def current_memberships(user: Any) -> list[Membership]:
    return list(
        Membership.objects.current()
        .filter(user=user)
        .select_related("organisation__area")
        .order_by("organisation__name", "role")
    )


def choose_acting(memberships: list[Membership], chosen_id: int | None) -> Membership | None:
    """The membership chosen in this session if it is still current; otherwise the first one."""
    for membership in memberships:
        if membership.pk == chosen_id:
            return membership
    return memberships[0] if memberships else None


class ActingMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.memberships = []  # type: ignore[attr-defined]
        request.acting = None  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            memberships = current_memberships(user)
            acting = choose_acting(memberships, request.session.get(ACTING_MEMBERSHIP))
            request.memberships = memberships  # type: ignore[attr-defined]
            request.acting = acting  # type: ignore[attr-defined]
            if acting is not None:
                context.set_acting(organisation_id=acting.organisation_id, role=acting.role)
        return self.get_response(request)
