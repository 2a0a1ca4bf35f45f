from django.urls import path

from . import views

app_name = "chronology"

urlpatterns = [
    path("person/<int:pk>/", views.person_chronology, name="person"),
    path("person/<int:pk>/export/", views.export, name="export"),
    path("exports/<uuid:public_id>/", views.download, name="download"),
]
