"""The administration site: system administrators only, signed in through the same two-factor sign-in.

Everyone else gets 404 (audited), as for any page they have no business with.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from organisations.roles import Role


class PreventAdminSite(admin.AdminSite):
    site_header = "Prevent Casework administration"
    site_title = "Prevent Casework administration"
    index_title = "Areas, organisations and people"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        acting = getattr(request, "acting", None)
        return bool(user.is_active and user.is_staff and acting is not None and acting.role == Role.SYSTEM_ADMIN)

    def admin_view(  # type: ignore[override]
        self, view: Callable[..., HttpResponse], cacheable: bool = False
    ) -> Callable[..., HttpResponse]:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                from core.access import deny

                raise deny(request, reason="administration")
            return inner(request, *args, **kwargs)

        guarded.admin_site = self  # type: ignore[attr-defined]
        return guarded

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # One sign-in for the whole service, with its second factor and lockout.
        return redirect_to_login(request.GET.get("next", "/admin/"))

    def logout(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:  # type: ignore[override]
        return redirect("account_logout")
