from django.urls import path

from . import views

app_name = "screening"

# Mounted under /referrals/ (prevent_casework/urls.py), so that addresses already sent in notifications still work.
# The decision form posts to handoffs:screening_decide (prevent_casework/views_handoffs.py).
urlpatterns = [
    path("screening/", views.queue, name="queue"),
    path("<int:pk>/screening/", views.screen, name="screen"),
    path("<int:pk>/screening/start/", views.start, name="start"),
]
