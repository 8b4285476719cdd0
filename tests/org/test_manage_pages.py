"""The administrator's pages: who may open them, what they change, in Vietnamese only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phongthu.org.models import Membership, OrgUnit, OrgUnitAlias, Role
from phongthu.text import person_sort_key
from tests.factories import member
from tests.web.test_pages import assert_vietnamese

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD = "Mua-thu-Ha-Noi-2024"
NOT_ADMINS = ["office", "unit_head", "other_staff", "director", "other_department", "clerk"]
NOT_ADMINS += ["higher_body"]


def _state():
    """Everything the pages can change, to show a refused request changed nothing."""
    return (
        sorted(User.objects.values_list("username", "is_active", "password")),
        sorted(Membership.objects.values_list("user_id", "unit_id", "role")),
        sorted(OrgUnit.objects.values_list("code", flat=True)),
        sorted(OrgUnitAlias.objects.values_list("unit_id", "key")),
    )


def _pages(personas, unit):
    staff = personas.other_staff.pk
    return [
        reverse("org:people"),
        reverse("org:person-add"),
        reverse("org:person", args=[staff]),
        reverse("org:units"),
        reverse("org:unit", args=[unit("so-khcn-qlcn").pk]),
    ]


def _posts(personas, unit):
    staff = personas.other_staff
    membership = staff.memberships.get()
    qlcn = unit("so-khcn-qlcn").pk
    return [
        (
            reverse("org:person-add"),
            {
                "full_name": "Nguyễn Văn An",
                "username": "nguyenan",
                "unit": qlcn,
                "role": Role.UNIT_STAFF,
                "password": GOOD,
            },
        ),
        (
            reverse("org:membership-add", args=[staff.pk]),
            {"unit": unit("so-khcn-tt").pk, "role": Role.UNIT_HEAD},
        ),
        (reverse("org:membership-remove", args=[staff.pk, membership.pk]), {}),
        (reverse("org:person-deactivate", args=[staff.pk]), {}),
        (reverse("org:person-reactivate", args=[staff.pk]), {}),
        (reverse("org:person-password", args=[staff.pk]), {"password": GOOD}),
        (reverse("org:unit-add", args=[qlcn]), {"name": "Tổ mới", "kind": "division"}),
        (reverse("org:alias-add", args=[qlcn]), {"alias": "Phòng CN"}),
    ]


def test_the_admin_opens_every_page_in_vietnamese(client, personas, unit):
    client.force_login(personas.admin)
    for url in _pages(personas, unit):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_vietnamese(response.content.decode())


@pytest.mark.parametrize("name", NOT_ADMINS)
def test_nobody_else_opens_or_changes_anything(client, personas, unit, name):
    client.force_login(getattr(personas, name))
    for url in _pages(personas, unit):
        assert client.get(url).status_code == 403, url
    before = _state()
    for url, data in _posts(personas, unit):
        assert client.post(url, data).status_code == 403, url
    assert _state() == before


def test_another_bodys_admin_cannot_reach_this_bodys_people_or_units(client, personas, unit):
    client.force_login(member(unit("so-ct"), Role.ADMIN, username="quantrict"))
    response = client.get(reverse("org:people"))
    assert response.status_code == 200
    assert personas.other_staff.username not in response.content.decode()
    for url in _pages(personas, unit)[2:]:
        if url != reverse("org:units"):
            assert client.get(url).status_code == 404, url
    before = _state()
    for url, data in _posts(personas, unit):
        # The add page answers with the form (that unit is not theirs to choose); the
        # pages of this body's people and units do not exist for them.
        expected = 200 if url == reverse("org:person-add") else 404
        assert client.post(url, data).status_code == expected, url
    assert _state() == before


def test_changes_are_post_only_and_need_the_csrf_token(personas, unit):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(personas.admin)
    before = _state()
    for url, data in _posts(personas, unit):
        assert csrf_client.post(url, data).status_code == 403, url
        if url != reverse("org:person-add"):
            assert csrf_client.get(url).status_code == 405, url
    assert _state() == before


def test_the_people_list_is_in_vietnamese_order_with_every_column(client, personas):
    client.force_login(personas.admin)
    html = client.get(reverse("org:people")).content.decode()
    html = html[html.index("<table") :]  # the signed-in admin's own name heads every page
    names = ["Đỗ Thu Trang", "Lê Thị Hạnh", "Phạm Văn Đức", "Trần Minh Khoa", "Bùi Quang Huy"]
    positions = [html.index(name) for name in sorted(names, key=person_sort_key)]
    assert positions == sorted(positions)
    for text in ["chuyenvien", "Phòng Quản lý Công nghệ", "Cán bộ đơn vị", "Chuyên viên"]:
        assert text in html
    assert "chuyenvien@phongthu.invalid" in html
    assert "đang hoạt động" in html
    # Other bodies' people are not listed.
    assert "Ngô Thị Mai" not in html
    assert "Hoàng Văn Nam" not in html


def test_the_people_list_costs_as_many_queries_for_many_people(client, personas, unit):
    client.force_login(personas.admin)
    client.get(reverse("org:people"))  # warm the session and the per-request caches alike

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("org:people")).status_code == 200
        return len(captured)

    few = queries()
    for n in range(12):
        member(unit("so-khcn-qlkh"), Role.UNIT_STAFF, username=f"canbo{n}")
    assert queries() == few


def test_the_admin_adds_a_person_who_can_sign_in(client, personas, unit):
    client.force_login(personas.admin)
    response = client.post(
        reverse("org:person-add"),
        {
            "full_name": "Nguyễn Văn An",
            "username": "nguyenan",
            "email": "an@example.vn",
            "unit": unit("so-khcn-qlcn").pk,
            "role": Role.UNIT_STAFF,
            "position": "Chuyên viên",
            "password": GOOD,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert_vietnamese(response.content.decode())
    assert "Nguyễn Văn An đã có thể đăng nhập." in response.content.decode()
    assert Client().login(username="nguyenan", password=GOOD)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"username": "vanphong"}, "đã có người dùng"),
        ({"email": "khong-phai-email"}, "không phải là địa chỉ thư điện tử"),
        ({"unit": "so-ct-vp"}, "không thuộc cơ quan"),
        ({"role": Role.HIGHER_BODY}, "không thể giao vai trò"),
        ({"password": "12345678"}, "mật khẩu"),
    ],
)
def test_bad_input_on_the_add_page_is_explained_and_changes_nothing(
    client, personas, unit, change, error
):
    client.force_login(personas.admin)
    data = {
        "full_name": "Nguyễn Văn An",
        "username": "nguyenan",
        "unit": unit("so-khcn-qlcn").pk,
        "role": Role.UNIT_STAFF,
        "password": GOOD,
    } | change
    if data["unit"] == "so-ct-vp":
        data["unit"] = unit("so-ct-vp").pk
    before = _state()
    response = client.post(reverse("org:person-add"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html.lower()
    assert_vietnamese(html)
    assert _state() == before


def test_roles_and_the_account_are_managed_from_the_persons_page(client, personas, unit):
    client.force_login(personas.admin)
    staff = personas.other_staff
    response = client.post(
        reverse("org:membership-add", args=[staff.pk]),
        {"unit": unit("so-khcn-tt").pk, "role": Role.UNIT_HEAD, "position": "Phó Chánh"},
    )
    assert response.status_code == 302
    old = staff.memberships.get(role=Role.UNIT_STAFF)
    client.post(reverse("org:membership-remove", args=[staff.pk, old.pk]))
    assert list(staff.memberships.values_list("role", flat=True)) == [Role.UNIT_HEAD]
    client.post(reverse("org:person-deactivate", args=[staff.pk]))
    staff.refresh_from_db()
    assert not staff.is_active
    assert "đã khóa" in client.get(reverse("org:people")).content.decode()
    client.post(reverse("org:person-reactivate", args=[staff.pk]))
    client.post(reverse("org:person-password", args=[staff.pk]), {"password": GOOD})
    assert Client().login(username=staff.username, password=GOOD)


def test_the_persons_page_says_why_a_change_is_refused(client, personas, unit):
    admin = personas.admin
    client.force_login(admin)
    own = admin.memberships.get()
    Membership.objects.create(user=admin, unit=unit("so-khcn-vp"), role=Role.CLERK)
    before = _state()
    response = client.post(reverse("org:membership-remove", args=[admin.pk, own.pk]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "vai trò quản trị cuối cùng" in html
    assert_vietnamese(html)
    response = client.post(
        reverse("org:person-password", args=[personas.other_staff.pk]), {"password": "abc"}
    )
    assert response.status_code == 400
    assert_vietnamese(response.content.decode())
    # Their own account offers neither locking nor a password set here.
    html = client.get(reverse("org:person", args=[admin.pk])).content.decode()
    assert reverse("org:person-deactivate", args=[admin.pk]) not in html
    assert client.post(reverse("org:person-deactivate", args=[admin.pk])).status_code == 400
    assert _state() == before


def test_units_and_aliases_are_added_from_the_unit_page(client, personas, unit):
    client.force_login(personas.admin)
    body = unit("so-khcn")
    response = client.post(
        reverse("org:unit-add", args=[body.pk]),
        {"name": "Phòng Đổi mới sáng tạo", "short_name": "Phòng ĐMST", "kind": "division"},
        follow=True,
    )
    assert response.status_code == 200
    assert_vietnamese(response.content.decode())
    new = OrgUnit.objects.get(name="Phòng Đổi mới sáng tạo")
    assert new.parent == body
    client.post(reverse("org:alias-add", args=[new.pk]), {"alias": "Phòng ĐMST&KN"})
    assert new.aliases.filter(alias="Phòng ĐMST&KN").exists()
    before = _state()
    for url, data in [
        (reverse("org:unit-add", args=[body.pk]), {"name": "Văn phòng Sở", "kind": "division"}),
        (reverse("org:unit-add", args=[body.pk]), {"name": "Sở mới", "kind": "department"}),
        (reverse("org:alias-add", args=[new.pk]), {"alias": "Thanh tra"}),
        (reverse("org:alias-add", args=[new.pk]), {"alias": " "}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert_vietnamese(response.content.decode())
    assert _state() == before


def test_the_organisation_tree_leads_the_admin_to_these_pages(client, personas):
    client.force_login(personas.admin)
    html = client.get(reverse("org-tree")).content.decode()
    assert f'href="{reverse("org:people")}"' in html
    assert "Quản lý người dùng và đơn vị" in html
    client.force_login(personas.office)
    assert reverse("org:people") not in client.get(reverse("org-tree")).content.decode()
