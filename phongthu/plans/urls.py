"""URLs of the plans pages (included at /ke-hoach/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phongthu.plans import views

app_name = "plans"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/ke-hoach-chi-tiet/", views.subplan_new, name="subplan-new"),
    path("<int:pk>/them-nhiem-vu/", views.subplan_task_new, name="subplan-task-new"),
    path("nhiem-vu/<int:pk>/thuc-hien/", views.subplan_task_link_view, name="subplan-task-link"),
    path("<int:pk>/nam-sau/", views.plan_rollover_view, name="rollover"),
]
