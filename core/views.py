"""The error pages (400, 403, 404, 500 and the failed CSRF check). The site's own pages are in prevent_casework."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Usually a form left open past the session timeout, or submitted from another tab after signing out.
    if request.headers.get("Accept", "").startswith("application/json"):
        detail = "Your session has ended. What you typed is kept in this tab: sign in again to save it."
        return JsonResponse({"error": "csrf", "detail": detail}, status=403)
    return render(request, "errors/csrf.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may be in one of them.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
