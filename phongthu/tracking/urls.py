"""URLs of the tracking pages (included at /theo-doi/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phongthu.tracking import views

app_name = "tracking"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.task_list, name="tasks"),
    path("giao-viec/<int:pk>/", views.assignment_page, name="assignment"),
    path("giao-viec/<int:pk>/dieu-chinh/", views.assignment_edit, name="assignment-edit"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("tong-hop/", views.dashboard, name="dashboard"),
    path("api/dashboard", views.api_dashboard, name="api-dashboard"),
]
