"""Every URL of the service. Each one has rows in the permission matrix (tests/test_permission_matrix.py)."""

from allauth.account import views as account_views
from django.contrib import admin
from django.urls import include, path, re_path

# allauth's views are listed one by one rather than included whole: no self sign-up, no changing one's own
# e-mail address (administrators manage accounts), and nothing else that a casework service has no use for.
account_patterns = [
    path("login/", account_views.login, name="account_login"),
    path("logout/", account_views.logout, name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    path("password/change/", account_views.password_change, name="account_change_password"),
    path("password/reset/", account_views.password_reset, name="account_reset_password"),
    path("password/reset/done/", account_views.password_reset_done, name="account_reset_password_done"),
    # allauth's keys contain hyphens, so the user id is everything up to the first one.
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    path("2fa/", include("allauth.mfa.urls")),
]

urlpatterns = [
    path("", include("prevent_casework.urls_pages")),
    path("account/", include(account_patterns)),
    path("organisations/", include("organisations.urls")),
    path("audit/", include("governance.urls")),
    path("concerns/", include("concerns.urls")),
    path("notifications/", include("notifications.urls")),
    path("triage/", include("triage.urls")),
    path("referrals/", include("referrals.urls")),
    path("referrals/", include("screening.urls")),
    path("referrals/", include("preliminary.urls")),
    path("", include("prevent_casework.urls_handoffs")),
    path("vulnerability-assessments/", include("assessments.urls")),
    path("sharing/", include("sharing.urls")),
    path("people/", include("people.urls")),
    path("chronology/", include("chronology.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
