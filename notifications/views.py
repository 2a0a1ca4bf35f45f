"""A person's notifications for the organisation they act for; opening one marks it read and follows its link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core.access import deny

from .models import Notification
from .selectors import notification_for, notifications_for
from .services import notification_mark_read, notifications_mark_all_read


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    acting = request.acting  # type: ignore[attr-defined]
    queryset = notifications_for(acting=acting) if acting is not None else Notification.objects.none()
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@login_required
def read(request: HttpRequest, pk: int) -> HttpResponse:
    acting = request.acting  # type: ignore[attr-defined]
    notification = notification_for(acting=acting, pk=pk) if acting is not None else None
    if notification is None:
        raise deny(request, reason="notification", object_type="notifications.notification", object_id=str(pk))
    notification = notification_mark_read(notification=notification, acting=acting)
    # The url was checked when the notification was made; check again before following it.
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None) and notification.url.startswith("/"):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
@login_required
def read_all(request: HttpRequest) -> HttpResponse:
    acting = request.acting  # type: ignore[attr-defined]
    if acting is not None:
        count = notifications_mark_all_read(acting=acting)
        if count:
            messages.success(request, "All your notifications are marked as read.")
    return redirect("notifications:list")
