from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/household/add/", views.household_add, name="household_add"),
    path("<int:pk>/household/<int:member_pk>/remove/", views.household_remove, name="household_remove"),
]
