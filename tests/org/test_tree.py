from __future__ import annotations

import pytest

from phongthu.org.models import OrgUnit, UnitKind
from phongthu.org.queries import ancestors, body_of, body_units, org_tree, root_of, units_below
from phongthu.org.sample import sample_organisation_load
from phongthu.org.services import org_unit_create, org_unit_move

pytestmark = pytest.mark.django_db


def test_sample_tree_runs_province_department_units(sample_org, unit):
    so = unit("so-khcn")
    assert so.parent == sample_org
    assert {u.code for u in body_units(so)} >= {
        "so-khcn-vp",
        "so-khcn-tt",
        "so-khcn-bchqs",
        "so-khcn-qlcn",
    }
    assert body_of(unit("so-khcn-tt")) == so
    assert root_of(unit("so-khcn-tt")) == sample_org
    assert [u.code for u in ancestors(unit("so-khcn-tt"))] == ["ubnd-tinh", "so-khcn"]


def test_extra_units_are_marked_as_sample(sample_org, unit):
    named_by_the_plan = ["so-khcn-vp", "so-khcn-tt", "so-khcn-bchqs", "so-khcn-qlcn"]
    assert not any(unit(code).is_sample for code in named_by_the_plan)
    assert unit("so-khcn-khtc").is_sample


def test_loading_the_sample_twice_changes_nothing(sample_org):
    # given
    count = OrgUnit.objects.count()
    # when
    sample_organisation_load()
    # then
    assert OrgUnit.objects.count() == count


def test_subtree_is_a_prefix_query(sample_org, unit):
    so = unit("so-khcn")
    codes = set(units_below(so).values_list("code", flat=True))
    assert "so-khcn-vp" in codes
    assert "so-ct-vp" not in codes
    assert "so-khcn" not in set(units_below(so, include_self=False).values_list("code", flat=True))


def test_moving_a_unit_moves_its_subtree(db):
    a = org_unit_create(code="a", name="Sở A", kind=UnitKind.DEPARTMENT)
    b = org_unit_create(code="b", name="Sở B", kind=UnitKind.DEPARTMENT)
    room = org_unit_create(code="room", name="Phòng X", kind=UnitKind.DIVISION, parent=a)
    team = org_unit_create(code="team", name="Tổ Y", kind=UnitKind.DIVISION, parent=room)

    org_unit_move(unit=room, new_parent=b)

    team.refresh_from_db()
    assert team.path.startswith(b.path)
    assert body_of(team) == b
    with pytest.raises(ValueError):
        org_unit_move(unit=b, new_parent=team)


def test_org_tree_sorts_siblings_in_vietnamese_order(sample_org, unit):
    tree = org_tree(units_below(unit("so-khcn")))
    names = [node.unit.name for node in tree[0].children]
    # "Ban" < "Phòng" < "Thanh tra" < "Trung tâm" < "Văn phòng"
    assert names[0].startswith("Ban")
    assert names.index("Thanh tra Sở") < names.index("Văn phòng Sở")
