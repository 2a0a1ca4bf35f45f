from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("", views.register, name="register"),
    path("<int:pk>/", views.record_detail, name="record_detail"),
    path("<int:pk>/call/", views.record_call, name="record_call"),
]
