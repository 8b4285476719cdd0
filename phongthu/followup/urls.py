"""URLs of reminders (đôn đốc), notifications and inspections, under /don-doc/."""

from __future__ import annotations

from django.urls import path

from phongthu.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.reminder_list, name="reminders"),
    path("gui/", views.reminder_send, name="reminder-send"),
    path("<int:pk>/", views.reminder_detail, name="reminder-detail"),
    path("<int:pk>/tra-loi/", views.reminder_answer, name="reminder-answer"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification-open"),
    path("thong-bao/doc-het/", views.notifications_read_all, name="notifications-read-all"),
    path("kiem-tra/", views.inspection_list, name="inspections"),
    path("kiem-tra/ghi/", views.inspection_record, name="inspection-record"),
    path("kiem-tra/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path(
        "kiem-tra/phat-hien/<int:pk>/khac-phuc/",
        views.finding_follow_up,
        name="finding-follow-up",
    ),
]
