from __future__ import annotations

import pytest

from phongthu.org.queries import unit_lookup, unit_resolve
from phongthu.org.services import org_unit_alias_add

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Văn phòng Sở", "so-khcn-vp"),
        ("VĂN PHÒNG SỞ", "so-khcn-vp"),
        ("Thanh tra Sở", "so-khcn-tt"),
        ("Ban CHQS Sở", "so-khcn-bchqs"),
        ("Phòng quản lý Công nghệ và TTCN", "so-khcn-qlcn"),
        ("Phòng Quản lý Công nghệ và Thị trường công nghệ", "so-khcn-qlcn"),
        ("Phòng Quản lý công nghệ và thị trường công nghệ.", "so-khcn-qlcn"),
        ("Bộ CHQS tỉnh", "bo-chqs"),
        ("Ban Chỉ huy phòng thủ dân sự tỉnh", "bch-ptds"),
    ],
)
def test_names_resolve_through_aliases(sample_org, unit, written, code):
    resolution = unit_resolve(written, within=unit("so-khcn"))
    assert [u.code for u in resolution.units] == [code]
    assert resolution.collective is None


def test_same_name_in_two_bodies_resolves_inside_the_writers_body(sample_org, unit):
    assert unit_lookup("Văn phòng Sở", within=unit("so-khcn")).code == "so-khcn-vp"
    assert unit_lookup("Văn phòng Sở", within=unit("so-ct")).code == "so-ct-vp"


def test_all_units_of_the_department(sample_org, unit):
    resolution = unit_resolve("Các phòng, đơn vị thuộc Sở", within=unit("so-khcn-vp"))
    codes = {u.code for u in resolution.units}
    assert resolution.collective == "units"
    assert {"so-khcn-vp", "so-khcn-tt", "so-khcn-bchqs", "so-khcn-qlcn"} <= codes
    assert "so-khcn" not in codes
    assert not any(code.startswith("so-ct") for code in codes)


@pytest.mark.parametrize("written", ["Lãnh đạo Sở", "lãnh đạo sở", "Ban Giám đốc"])
def test_leadership_is_the_department_itself(sample_org, unit, written):
    resolution = unit_resolve(written, within=unit("so-khcn"))
    assert resolution.collective == "leadership"
    assert [u.code for u in resolution.units] == ["so-khcn"]


def test_unknown_name_is_unresolved_until_mapped(sample_org, unit):
    so = unit("so-khcn")
    assert not unit_resolve("Tổ công tác đặc biệt", within=so).resolved

    org_unit_alias_add(unit=unit("so-khcn-tt"), alias="Tổ công tác đặc biệt")

    assert [u.code for u in unit_resolve("Tổ công tác đặc biệt", within=so).units] == ["so-khcn-tt"]


def test_an_alias_added_twice_is_kept_once(sample_org, unit):
    tt = unit("so-khcn-tt")
    first = org_unit_alias_add(unit=tt, alias="Thanh tra KH&CN")
    again = org_unit_alias_add(unit=tt, alias="THANH TRA KH&CN")
    assert first.pk == again.pk
