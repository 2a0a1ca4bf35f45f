"""The request as the service's views see it after sign-in and the acting-membership middleware."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Membership


class AuthenticatedRequest(HttpRequest):
    """For type checking only: views behind login_required get a signed-in user and the acting membership."""

    user: User
    acting: Membership | None
    memberships: list[Membership]
