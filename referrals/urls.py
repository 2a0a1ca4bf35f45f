from django.urls import path

from . import views, views_copies

app_name = "referrals"

urlpatterns = [
    # The referral form (the referring organisation's safeguarding leads): referrals/views.py
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tasks/", views.task_list, name="task_list"),
    path("<int:pk>/tasks/<slug:section>/", views.section, name="section"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/sent/", views.sent, name="sent"),
    # Copies of a sent referral, by secure e-mail or as a password-protected PDF: referrals/views_copies.py
    path("<int:pk>/copies/", views_copies.copies, name="copies"),
    path("<int:pk>/copies/email/", views_copies.copy_email, name="copy_email"),
    path("<int:pk>/copies/pdf/", views_copies.copy_pdf, name="copy_pdf"),
    path("<int:pk>/copies/pdf/<uuid:public_id>/", views_copies.copy_download, name="copy_download"),
]
# Police screening (screening/urls.py) and the preliminary assessment (preliminary/urls.py) are mounted under the
# same /referrals/ prefix by prevent_casework/urls.py.
