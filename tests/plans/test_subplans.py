"""Sub-plans: a unit writes its detailed plan, each task pointing at the task it carries out."""

from __future__ import annotations

import datetime

import pytest

from phongthu.documents.models import Document
from phongthu.plans.models import Assignment, Plan, Task
from phongthu.plans.services import (
    PlanError,
    SubplanTaskInput,
    subplan_create,
    subplan_task_add,
    subplan_task_link,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(make_plan):
    return make_plan(
        tasks=[
            {"content": "Rà soát văn bản", "lead": ["Thanh tra Sở"], "group": "I"},
            {"content": "Kiện toàn Ban Chỉ huy", "lead": ["Ban CHQS Sở"], "group": "I"},
            {"content": "Diễn tập", "lead": ["Ban CHQS Sở"], "group": "II", "group_title": "B"},
        ]
    )


def test_a_unit_writes_its_detailed_plan(parent, unit, personas):
    first, _second, third = parent.tasks.order_by("position")
    # when
    plan = subplan_create(
        parent=parent,
        unit=unit("so-khcn-tt"),
        title="  Kế hoạch chi tiết của Thanh tra Sở  ",
        by=personas.unit_head,
        tasks=[
            SubplanTaskInput(first, "Lập danh mục văn bản", "Trước ngày 30/4/2024"),
            SubplanTaskInput(third, "Cử cán bộ tham gia diễn tập", "Tháng 10"),
        ],
    )
    # then
    assert plan.parent == parent
    assert plan.owner.code == "so-khcn-tt"
    assert plan.year == parent.year == 2024
    assert plan.document.title == "Kế hoạch chi tiết của Thanh tra Sở"
    assert plan.document.status == "draft"
    basis = plan.document.citations.get()
    assert (basis.resolved, basis.role, basis.reference) == (parent.document, "basis", "07/KH-KHCN")
    tasks = list(plan.tasks.order_by("position"))
    assert [t.parent_task for t in tasks] == [first, third]
    assert tasks[0].due == datetime.date(2024, 4, 30)
    assert (tasks[0].kind, tasks[1].kind) == ("deadline", "period")
    assert tasks[1].due == datetime.date(2024, 10, 31)
    # Groups mirror the parent's, so the detailed plan reads like its parent.
    assert [t.group.label for t in tasks] == ["I", "II"]
    lead = tasks[0].assignments.get()
    assert (lead.unit.code, lead.role, lead.due) == ("so-khcn-tt", "lead", tasks[0].due)


def test_tasks_are_numbered_within_their_group(parent, unit):
    first, second, _third = parent.tasks.order_by("position")
    plan = subplan_create(parent=parent, unit=unit("so-khcn-tt"), title="KH chi tiết", by=None)
    a = subplan_task_add(plan=plan, parent_task=first, content="Việc một")
    b = subplan_task_add(plan=plan, parent_task=second, content="Việc hai", timeframe_text="")
    assert (a.label, b.label) == ("1", "2")
    assert a.group == b.group
    assert b.kind == "unspecified" and b.due is None


def test_one_detailed_plan_per_unit(parent, unit):
    subplan_create(parent=parent, unit=unit("so-khcn-tt"), title="Lần một", by=None)
    with pytest.raises(PlanError):
        subplan_create(parent=parent, unit=unit("so-khcn-tt"), title="Lần hai", by=None)


@pytest.mark.parametrize("code", ["so-khcn", "so-ct-qlcn", "bo-chqs"])
def test_only_units_of_the_issuing_body_write_one(parent, unit, code):
    with pytest.raises(PlanError):
        subplan_create(parent=parent, unit=unit(code), title="Kế hoạch", by=None)
    assert not Plan.objects.filter(parent=parent).exists()


def test_a_refused_task_leaves_nothing_behind(parent, make_plan, unit):
    other = make_plan(tasks=[{"content": "Việc của kế hoạch khác"}], reference="09/KH-KHCN")
    counts = (Document.objects.count(), Plan.objects.count(), Task.objects.count())
    with pytest.raises(PlanError):
        subplan_create(
            parent=parent,
            unit=unit("so-khcn-tt"),
            title="Kế hoạch chi tiết",
            by=None,
            tasks=[
                SubplanTaskInput(parent.tasks.first(), "Việc hợp lệ"),
                SubplanTaskInput(other.tasks.get(), "Việc trỏ sang kế hoạch khác"),
            ],
        )
    assert counts == (Document.objects.count(), Plan.objects.count(), Task.objects.count())


@pytest.mark.parametrize("title", ["", "   ", "x" * 501])
def test_a_title_is_required_and_bounded(parent, unit, title):
    with pytest.raises(PlanError):
        subplan_create(parent=parent, unit=unit("so-khcn-tt"), title=title, by=None)


def test_a_task_needs_content(parent, unit):
    plan = subplan_create(parent=parent, unit=unit("so-khcn-tt"), title="KH", by=None)
    with pytest.raises(PlanError):
        subplan_task_add(plan=plan, parent_task=parent.tasks.first(), content="  ")
    assert not plan.tasks.exists()


def test_tasks_are_added_only_to_subplans(parent):
    with pytest.raises(PlanError):
        subplan_task_add(plan=parent, parent_task=parent.tasks.first(), content="Việc")


def test_an_imported_subplan_task_is_linked_afterwards(parent, make_plan, unit):
    plan = subplan_create(parent=parent, unit=unit("so-khcn-tt"), title="KH", by=None)
    task = subplan_task_add(plan=plan, parent_task=parent.tasks.first(), content="Việc")
    last = parent.tasks.order_by("position").last()
    assert subplan_task_link(task=task, parent_task=last).parent_task == last
    assert subplan_task_link(task=task, parent_task=None).parent_task is None
    other = make_plan(tasks=[{"content": "Khác"}], reference="11/KH-KHCN")
    with pytest.raises(PlanError):
        subplan_task_link(task=task, parent_task=other.tasks.get())


def test_an_import_with_a_parent_keeps_the_parent_task_it_names(parent, unit):
    from phongthu.plans.services import plan_import
    from tests.plans.conftest import plan_extraction

    target = parent.tasks.order_by("position").last()
    extraction = plan_extraction(
        tasks=[{"content": "Việc chi tiết", "lead": ["Thanh tra Sở"]}], reference="02/KH-TTr"
    )
    extraction["tasks"][0]["parent_task"] = target.pk
    plan = plan_import(extraction=extraction, owner=unit("so-khcn-tt"), by=None, parent=parent)
    assert plan.tasks.get().parent_task == target
    assert Assignment.objects.filter(task__plan=plan).count() == 1
