"""URLs of the reporting pages (included at /bao-cao/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phongthu.reporting import views

app_name = "reporting"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("cua-don-vi/", views.mine, name="mine"),
    path("ke-hoach/<int:plan_id>/", views.plan_page, name="plan"),
    path("ke-hoach/<int:plan_id>/han/", views.plan_deadline, name="plan-deadline"),
    path("ke-hoach/<int:plan_id>/mo-ky/", views.request_open, name="open"),
    path("ke-hoach/<int:plan_id>/dot-xuat/", views.request_ad_hoc, name="ad-hoc"),
    path("ke-hoach/<int:plan_id>/tong-hop.xlsx", views.grid_xlsx, name="grid-xlsx"),
    path("yeu-cau/<int:pk>/", views.request_page, name="request"),
    path("yeu-cau/<int:pk>/nhiem-vu.xlsx", views.tasks_xlsx, name="tasks-xlsx"),
    path("yeu-cau/<int:pk>/tong-hop/", views.compile_start, name="compile"),
    path("yeu-cau/<int:pk>/don-vi/<int:unit_id>/", views.unit_report, name="unit-report"),
    path(
        "yeu-cau/<int:pk>/don-vi/<int:unit_id>/tiep-nhan/",
        views.unit_report_accept,
        name="unit-report-accept",
    ),
    path(
        "yeu-cau/<int:pk>/don-vi/<int:unit_id>/tra-lai/",
        views.unit_report_return,
        name="unit-report-return",
    ),
    path(
        "yeu-cau/<int:pk>/don-vi/<int:unit_id>/gia-han/",
        views.unit_report_extend,
        name="unit-report-extend",
    ),
    path("tep/<int:pk>/", views.attachment, name="attachment"),
    path("tong-hop/<int:pk>/", views.compiled_page, name="compiled"),
    path("tong-hop/<int:pk>/docx/", views.compiled_docx, name="compiled-docx"),
    path("tong-hop/<int:pk>/pdf/", views.compiled_pdf, name="compiled-pdf"),
    path("tong-hop/<int:pk>/<slug:action>/", views.compiled_action, name="compiled-action"),
]
