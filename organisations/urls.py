from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [path("acting-as/", views.switch, name="switch")]
