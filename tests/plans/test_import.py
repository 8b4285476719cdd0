"""plan_import: an extraction becomes a plan with tasks and assignments, atomically."""

from __future__ import annotations

import copy

import pytest

from phongthu.documents.models import Document
from phongthu.org.models import OrgUnitAlias
from phongthu.plans.models import Assignment, Plan, Task, TaskGroup
from phongthu.plans.services import PlanImportError, UnresolvedUnits, plan_import

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]


def test_seed_becomes_five_tasks_in_two_groups(personas, unit, seed_bytes, seed_extraction):
    data, _name = seed_bytes
    plan = plan_import(
        extraction=seed_extraction, owner=unit("so-khcn"), by=personas.office, data=data
    )

    assert plan.year == 2024
    assert plan.owner.code == "so-khcn"
    assert plan.document.reference == "/KH-KHCN"
    assert plan.document.original.name.startswith("originals/")
    assert [g.label for g in plan.groups.all()] == ["I", "II"]
    assert plan.tasks.count() == 5
    assert plan.monitoring_unit is not None and plan.monitoring_unit.code == "so-khcn-vp"
    first = plan.tasks.get(label="1", group__label="I")
    assert first.kind == "ongoing"
    leads = {a.unit.code for a in first.assignments.filter(role="lead")}
    assert leads == {"so-khcn-tt"}
    # "Các phòng, đơn vị thuộc Sở" in support: one assignment per unit of the Sở
    supports = {a.unit.code for a in first.assignments.filter(role="support")}
    assert {"so-khcn-vp", "so-khcn-qlcn", "so-khcn-bchqs"} <= supports
    assert "so-khcn-tt" not in supports  # it leads; not also listed as support
    assert plan.document.citations.count() == 5


def test_same_file_twice_changes_nothing(personas, unit, seed_bytes, seed_extraction):
    data, _name = seed_bytes
    first = plan_import(extraction=seed_extraction, owner=unit("so-khcn"), by=None, data=data)
    counts = (Plan.objects.count(), Task.objects.count(), Assignment.objects.count())
    again = plan_import(extraction=seed_extraction, owner=unit("so-khcn"), by=None, data=data)
    assert again.pk == first.pk
    assert counts == (Plan.objects.count(), Task.objects.count(), Assignment.objects.count())


def test_unknown_unit_stops_the_import_and_writes_nothing(unit, seed_extraction):
    extraction = copy.deepcopy(seed_extraction)
    extraction["tasks"][0]["lead"] = ["Tổ phản ứng nhanh"]
    with pytest.raises(UnresolvedUnits) as caught:
        plan_import(extraction=extraction, owner=unit("so-khcn"), by=None)
    assert caught.value.names == ["Tổ phản ứng nhanh"]
    assert "Tổ phản ứng nhanh" in str(caught.value)
    assert (Document.objects.count(), Plan.objects.count(), TaskGroup.objects.count()) == (0, 0, 0)


def test_a_mapping_resolves_and_is_kept_as_an_alias(unit, seed_extraction):
    extraction = copy.deepcopy(seed_extraction)
    extraction["tasks"][0]["lead"] = ["Tổ phản ứng nhanh"]
    plan = plan_import(
        extraction=extraction,
        owner=unit("so-khcn"),
        by=None,
        mapping={"Tổ phản ứng nhanh": unit("so-khcn-bchqs")},
    )
    assert plan.tasks.get(position=0).assignments.get(role="lead").unit.code == "so-khcn-bchqs"
    assert OrgUnitAlias.objects.filter(alias="Tổ phản ứng nhanh").exists()


def test_a_failure_half_way_leaves_nothing(unit, seed_extraction, monkeypatch):
    from phongthu.plans import services

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_cascade_link", lambda plan: explode())
    with pytest.raises(RuntimeError):
        plan_import(extraction=seed_extraction, owner=unit("so-khcn"), by=None)
    assert (Document.objects.count(), Plan.objects.count(), Task.objects.count()) == (0, 0, 0)


def test_no_task_table_is_refused(unit, seed_extraction):
    extraction = copy.deepcopy(seed_extraction)
    extraction["tasks"] = []
    with pytest.raises(PlanImportError):
        plan_import(extraction=extraction, owner=unit("so-khcn"), by=None)


def test_an_edited_timeframe_is_read_again(unit, seed_extraction):
    extraction = copy.deepcopy(seed_extraction)
    extraction["tasks"][1]["timeframe"] = {"text": "Trước ngày 30/6/2024", "edited": True}
    plan = plan_import(extraction=extraction, owner=unit("so-khcn"), by=None)
    task = plan.tasks.get(position=1)
    assert task.kind == "deadline"
    assert task.due.isoformat() == "2024-06-30"
