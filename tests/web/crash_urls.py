"""A URL map with a page that fails, for the test that 500s keep their traceback."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


@login_not_required
def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault the log must show with its traceback")


urlpatterns = [path("hong/", crash), path("", include("phongthu.urls"))]
