from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("referral/<int:referral_pk>/", views.assessment_list, name="list"),
    path("referral/<int:referral_pk>/start/", views.start, name="start"),
    path("referral/<int:referral_pk>/compare/", views.compare_view, name="compare"),
    path("referral/<int:referral_pk>/chart/", views.chart, name="chart"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/correct/", views.correct, name="correct"),
]
