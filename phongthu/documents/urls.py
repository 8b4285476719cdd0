"""URLs of the documents pages: downloads of documents in the official format."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phongthu.documents import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("ke-hoach/<int:plan_id>/docx/", views.plan_docx, name="plan-docx"),
    path("ke-hoach/<int:plan_id>/pdf/", views.plan_pdf, name="plan-pdf"),
]
