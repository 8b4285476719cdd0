"""URLs of the documents pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = []
