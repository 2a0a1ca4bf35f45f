from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    # The referral form (the referring organisation's safeguarding leads): referrals/views.py
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tasks/", views.task_list, name="task_list"),
    path("<int:pk>/tasks/<slug:section>/", views.section, name="section"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/sent/", views.sent, name="sent"),
]

# Police screening, the preliminary assessment and partners' information requests: referrals/views_screening.py and
# referrals/views_assessment.py
from . import views_assessment, views_screening  # noqa: E402

urlpatterns += [
    path("screening/", views_screening.queue, name="screening_queue"),
    path("<int:pk>/screening/", views_screening.screen, name="screen"),
    path("<int:pk>/screening/start/", views_screening.start, name="screening_start"),
    path("<int:pk>/screening/decision/", views_screening.decide, name="screening_decide"),
    path("assessments/", views_assessment.queue, name="assessment_queue"),
    path("<int:pk>/assessment/", views_assessment.assess, name="assess"),
    path("<int:pk>/assessment/information-requests/", views_assessment.request_send, name="request_send"),
    path("<int:pk>/assessment/initial/", views_assessment.record, name="assessment_record"),
    path("<int:pk>/assessment/decision/", views_assessment.decide, name="assessment_decide"),
    path("information-requests/", views_assessment.requests, name="requests"),
    path("information-requests/<int:pk>/", views_assessment.request_answer, name="request_answer"),
]

# Copies of a sent referral, by secure e-mail or as a password-protected PDF: referrals/views_copies.py
from . import views_copies  # noqa: E402

urlpatterns += [
    path("<int:pk>/copies/", views_copies.copies, name="copies"),
    path("<int:pk>/copies/email/", views_copies.copy_email, name="copy_email"),
    path("<int:pk>/copies/pdf/", views_copies.copy_pdf, name="copy_pdf"),
    path("<int:pk>/copies/pdf/<uuid:public_id>/", views_copies.copy_download, name="copy_download"),
]
