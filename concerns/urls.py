from django.urls import path

from . import views

app_name = "concerns"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.start, name="start"),
    path("new/choose/", views.choose, name="choose"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/files/", views.attachments, name="attachments"),
    path("<int:pk>/files/<uuid:attachment>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/files/<uuid:attachment>/remove/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/submitted/", views.submitted, name="submitted"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/addenda/", views.addendum, name="addendum"),
]
