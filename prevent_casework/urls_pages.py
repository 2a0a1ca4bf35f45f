"""The site's own pages: the home page and the accessibility statement.

Their namespace stays "core", where they began, so that "site:dashboard" (where signing in leads, and every page's
link home) and "site:accessibility" keep their names.
"""

from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
