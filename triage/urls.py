from django.urls import path

from . import views

app_name = "triage"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.concern_page, name="concern"),
    path("<int:pk>/mark-read/", views.mark_read, name="mark_read"),
    path("<int:pk>/clarification/", views.clarify, name="clarify"),
    path("<int:pk>/consent/", views.consent, name="consent"),
    # The decision form posts to handoffs:triage_decide (prevent_casework/views_handoffs.py), at <pk>/decision/.
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/same-person/", views.link, name="link"),
]
