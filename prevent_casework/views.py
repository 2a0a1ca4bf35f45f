"""The site's own pages: the signed-in home page and the accessibility statement."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "prevent_casework/dashboard.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "prevent_casework/accessibility.html")
