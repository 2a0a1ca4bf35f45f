"""Information governance's pages, under /audit/."""

from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.events, name="events"),
    path("verify/", views.verify, name="verify"),
]
