"""URL map. Pages live in phongthu.web; later apps add their own includes here."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from phongthu.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("to-chuc/", views.org_tree_page, name="org-tree"),
    path("to-chuc/", include("phongthu.org.urls")),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "tai-khoan/doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(template_name="web/password_change.html"),
        name="password_change",
    ),
    path(
        "tai-khoan/doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="web/password_change_done.html"),
        name="password_change_done",
    ),
    path("ke-hoach/", include("phongthu.plans.urls")),
    path("nhap-ke-hoach/", include("phongthu.imports.urls")),
    path("theo-doi/", include("phongthu.tracking.urls")),
    path("don-doc/", include("phongthu.followup.urls")),
    path("van-ban/", include("phongthu.documents.urls")),
    path("bao-cao/", include("phongthu.reporting.urls")),
    path("healthz", login_not_required(views.healthz), name="healthz"),
    path("quan-tri/", admin.site.urls),
]
