from django.urls import path

from . import views

app_name = "preliminary"

# Mounted under /referrals/ (prevent_casework/urls.py), so that addresses already sent in notifications still work.
# The decision form posts to handoffs:preliminary_decide (prevent_casework/views_handoffs.py).
urlpatterns = [
    path("assessments/", views.queue, name="queue"),
    path("<int:pk>/assessment/", views.assess, name="assess"),
    path("<int:pk>/assessment/information-requests/", views.request_send, name="request_send"),
    path("<int:pk>/assessment/initial/", views.record, name="record"),
    path("information-requests/", views.requests, name="requests"),
    path("information-requests/<int:pk>/", views.request_answer, name="request_answer"),
]
