"""The administrator's writes to people and units: who may, and what is refused."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from phongthu.org import services
from phongthu.org.models import Membership, OrgUnit, OrgUnitAlias, Role, UnitKind
from phongthu.org.permissions import Action, can, grantable_roles
from phongthu.org.queries import unit_lookup
from tests.factories import member

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD = "Mua-thu-Ha-Noi-2024"


def _add(by, unit, **overrides):
    values = {
        "by": by,
        "username": "nguyenan",
        "full_name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "unit": unit,
        "role": Role.UNIT_STAFF,
        "position": "Chuyên viên",
        "password": GOOD,
    }
    return services.person_add(**(values | overrides))


def test_an_admin_adds_a_person_with_a_role_and_the_act_is_logged(personas, unit, caplog):
    caplog.set_level(logging.INFO, logger="phongthu.org.audit")
    person = _add(personas.admin, unit("so-khcn-qlcn"))
    person.refresh_from_db()
    assert (person.last_name, person.first_name) == ("Nguyễn Văn", "An")
    assert person.check_password(GOOD)
    assert can(person, Action.PROGRESS_REPORT, unit("so-khcn-qlcn"))
    assert "person.add by=quantri" in caplog.text
    assert GOOD not in caplog.text


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": "VanPhong"}, "username"),  # taken, whatever the case
        ({"username": "có dấu cách"}, "username"),
        ({"email": "khong-phai-email"}, "email"),
        ({"password": "123"}, "password"),
        ({"password": "nguyenan"}, "password"),  # like the username
        ({"full_name": "  "}, "full_name"),
    ],
)
def test_bad_input_creates_nobody(personas, unit, overrides, field):
    before = (User.objects.count(), Membership.objects.count())
    with pytest.raises(ValidationError) as raised:
        _add(personas.admin, unit("so-khcn-qlcn"), **overrides)
    assert field in raised.value.message_dict
    assert (User.objects.count(), Membership.objects.count()) == before


def test_a_unit_of_another_body_or_a_province_wide_role_is_refused(personas, unit):
    with pytest.raises(ValidationError) as raised:
        _add(personas.admin, unit("so-ct-vp"))
    assert "unit" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        _add(personas.admin, unit("so-khcn-vp"), role=Role.HIGHER_BODY)
    assert "role" in raised.value.message_dict
    assert not User.objects.filter(username="nguyenan").exists()


def test_an_admin_may_give_every_role_but_the_province_wide_reader(personas):
    assert Role.HIGHER_BODY not in grantable_roles(personas.admin)
    assert Role.ADMIN in grantable_roles(personas.admin)
    assert grantable_roles(personas.office) == []


@pytest.mark.parametrize("name", ["office", "unit_head", "director", "other_department"])
def test_nobody_but_an_admin_manages(personas, unit, name):
    by = getattr(personas, name)
    with pytest.raises(ValidationError):
        _add(by, unit("so-khcn-qlcn"))
    with pytest.raises(PermissionDenied):
        services.membership_add(
            by=by, person=personas.other_staff, unit=unit("so-khcn-tt"), role=Role.UNIT_STAFF
        )
    with pytest.raises(PermissionDenied):
        services.person_deactivate(by=by, person=personas.other_staff)
    with pytest.raises(PermissionDenied):
        services.org_unit_add(
            by=by, parent=unit("so-khcn"), name="Phòng mới", kind=UnitKind.DIVISION
        )


def test_another_bodys_admin_cannot_touch_this_bodys_people(personas, unit):
    other_admin = member(unit("so-ct"), Role.ADMIN, username="quantrict")
    with pytest.raises(PermissionDenied):
        services.person_password_set(by=other_admin, person=personas.other_staff, password=GOOD)
    with pytest.raises(PermissionDenied):
        services.person_deactivate(by=other_admin, person=personas.other_staff)
    membership = personas.other_staff.memberships.get()
    with pytest.raises(PermissionDenied):
        services.membership_remove(by=other_admin, membership=membership)
    personas.other_staff.refresh_from_db()
    assert personas.other_staff.is_active
    assert not personas.other_staff.check_password(GOOD)


def test_roles_are_given_and_removed(personas, unit):
    staff = personas.other_staff
    services.membership_add(
        by=personas.admin, person=staff, unit=unit("so-khcn-tt"), role=Role.UNIT_HEAD
    )
    with pytest.raises(ValidationError):  # already held
        services.membership_add(
            by=personas.admin, person=staff, unit=unit("so-khcn-tt"), role=Role.UNIT_HEAD
        )
    first = staff.memberships.get(role=Role.UNIT_STAFF)
    services.membership_remove(by=personas.admin, membership=first)
    assert list(staff.memberships.values_list("role", flat=True)) == [Role.UNIT_HEAD]
    with pytest.raises(ValidationError, match="vai trò duy nhất"):
        services.membership_remove(by=personas.admin, membership=staff.memberships.get())
    assert staff.memberships.count() == 1


def test_an_admin_keeps_their_own_last_admin_role(personas, unit):
    admin = personas.admin
    services.membership_add(by=admin, person=admin, unit=unit("so-khcn-vp"), role=Role.CLERK)
    own = admin.memberships.get(role=Role.ADMIN)
    with pytest.raises(ValidationError, match="vai trò quản trị cuối cùng"):
        services.membership_remove(by=admin, membership=own)
    assert admin.memberships.filter(role=Role.ADMIN).exists()


def test_accounts_are_locked_unlocked_and_given_a_password(personas):
    staff = personas.other_staff
    services.person_deactivate(by=personas.admin, person=staff)
    staff.refresh_from_db()
    assert not staff.is_active
    services.person_reactivate(by=personas.admin, person=staff)
    services.person_password_set(by=personas.admin, person=staff, password=GOOD)
    staff.refresh_from_db()
    assert staff.is_active
    assert staff.check_password(GOOD)


def test_an_admin_does_not_lock_themselves_or_a_person_shared_with_another_body(personas, unit):
    with pytest.raises(ValidationError):
        services.person_deactivate(by=personas.admin, person=personas.admin)
    shared = personas.other_staff
    Membership.objects.create(user=shared, unit=unit("so-ct-vp"), role=Role.UNIT_STAFF)
    with pytest.raises(ValidationError, match="cơ quan khác"):
        services.person_password_set(by=personas.admin, person=shared, password=GOOD)
    personas.admin.refresh_from_db()
    assert personas.admin.is_active


def test_a_weak_new_password_is_refused(personas):
    with pytest.raises(ValidationError) as raised:
        services.person_password_set(by=personas.admin, person=personas.other_staff, password="1")
    assert "password" in raised.value.message_dict
    personas.other_staff.refresh_from_db()
    assert not personas.other_staff.check_password("1")


def test_a_unit_and_an_alias_are_added_and_plan_import_finds_the_alias(personas, unit):
    new = services.org_unit_add(
        by=personas.admin,
        parent=unit("so-khcn"),
        name="Phòng Đổi mới sáng tạo",
        short_name="Phòng ĐMST",
        kind=UnitKind.DIVISION,
    )
    assert new.path.startswith(unit("so-khcn").path)
    assert new.code.startswith("so-khcn-")
    services.org_unit_alias_record(by=personas.admin, unit=new, alias="Phòng Đổi mới")
    assert unit_lookup("phòng đổi mới", within=unit("so-khcn")) == new


def test_names_that_would_make_plan_import_ambiguous_are_refused(personas, unit):
    before = (OrgUnit.objects.count(), OrgUnitAlias.objects.count())
    with pytest.raises(ValidationError, match="đã dùng cho"):
        services.org_unit_add(
            by=personas.admin, parent=unit("so-khcn"), name="Thanh tra Sở", kind=UnitKind.DIVISION
        )
    with pytest.raises(ValidationError, match="đã dùng cho"):
        services.org_unit_alias_record(by=personas.admin, unit=unit("so-khcn-qlcn"), alias="VP")
    with pytest.raises(ValidationError) as raised:
        services.org_unit_add(
            by=personas.admin, parent=unit("so-khcn"), name="Sở mới", kind=UnitKind.DEPARTMENT
        )
    assert "kind" in raised.value.message_dict
    with pytest.raises(PermissionDenied):
        services.org_unit_add(
            by=personas.admin, parent=unit("so-ct"), name="Phòng X", kind=UnitKind.DIVISION
        )
    assert (OrgUnit.objects.count(), OrgUnitAlias.objects.count()) == before


def test_a_body_admin_cannot_take_over_an_account_that_runs_the_whole_system(personas, unit):
    # given a superuser who also holds a role in the Sở
    root = member(unit("so-khcn-vp"), Role.UNIT_STAFF, username="root", is_superuser=True)
    # then the Sở's admin can neither set its password nor lock it
    with pytest.raises(ValidationError, match="toàn hệ thống"):
        services.person_password_set(by=personas.admin, person=root, password=GOOD)
    with pytest.raises(ValidationError, match="toàn hệ thống"):
        services.person_deactivate(by=personas.admin, person=root)
    root.refresh_from_db()
    assert root.is_active
    assert not root.check_password(GOOD)
    # while the superuser manages everyone, and may give the province-wide role
    services.membership_add(
        by=root, person=personas.other_department, unit=unit("bo-chqs"), role=Role.HIGHER_BODY
    )
    services.person_deactivate(by=root, person=personas.admin)
    personas.admin.refresh_from_db()
    assert not personas.admin.is_active
