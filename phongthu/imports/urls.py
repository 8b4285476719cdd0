"""URLs of the imports pages (under /nhap-ke-hoach/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phongthu.imports import views

app_name = "imports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tien-do/", views.progress, name="progress"),
]
