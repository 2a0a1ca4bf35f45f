"""Decisions that may open the next stage (prevent_casework/views_handoffs.py). Their addresses are the ones the
stages' decision forms always posted to."""

from django.urls import path

from . import views_handoffs

app_name = "handoffs"

urlpatterns = [
    path("triage/<int:pk>/decision/", views_handoffs.triage_decide, name="triage_decide"),
    path("referrals/<int:pk>/screening/decision/", views_handoffs.screening_decide, name="screening_decide"),
    path("referrals/<int:pk>/assessment/decision/", views_handoffs.preliminary_decide_view, name="preliminary_decide"),
]
