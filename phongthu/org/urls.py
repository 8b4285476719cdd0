"""URLs of the administrator's pages, under /to-chuc/ beside the organisation tree."""

from __future__ import annotations

from django.urls import path

from phongthu.org import views

app_name = "org"
urlpatterns = [
    path("nguoi-dung/", views.people_list, name="people"),
    path("nguoi-dung/them/", views.person_add, name="person-add"),
    path("nguoi-dung/<int:pk>/", views.person_detail, name="person"),
    path("nguoi-dung/<int:pk>/vai-tro/", views.membership_add, name="membership-add"),
    path(
        "nguoi-dung/<int:pk>/vai-tro/<int:membership_pk>/bo/",
        views.membership_remove,
        name="membership-remove",
    ),
    path("nguoi-dung/<int:pk>/khoa/", views.person_deactivate, name="person-deactivate"),
    path("nguoi-dung/<int:pk>/mo-khoa/", views.person_reactivate, name="person-reactivate"),
    path("nguoi-dung/<int:pk>/mat-khau/", views.person_password, name="person-password"),
    path("don-vi/", views.unit_list, name="units"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit"),
    path("don-vi/<int:pk>/them/", views.unit_add, name="unit-add"),
    path("don-vi/<int:pk>/ten-khac/", views.alias_add, name="alias-add"),
]
