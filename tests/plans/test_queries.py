"""Reads for plan pages: coverage, the cascade, the task table, what a person sees."""

from __future__ import annotations

import datetime

import pytest

from phongthu.plans.display import document_date, document_reference, schedule_label
from phongthu.plans.models import Task
from phongthu.plans.queries import (
    home_plans,
    home_unit_tasks,
    plan_cascade,
    plan_coverage,
    plan_list,
    plan_task_rows,
    plan_units_without_subplan,
)
from phongthu.plans.services import (
    SubplanTaskInput,
    plan_rollover,
    subplan_create,
    subplan_task_add,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(make_plan):
    return make_plan(
        tasks=[
            {"content": "Một", "lead": ["Thanh tra Sở"]},
            {"content": "Hai", "lead": ["Ban CHQS Sở"], "support": ["Các phòng, đơn vị thuộc Sở"]},
            {"content": "Ba", "lead": ["Văn phòng Sở"], "group": "II", "group_title": "Nhóm hai"},
        ]
    )


def _tasks(plan) -> dict[str, Task]:
    return {t.content: t for t in plan.tasks.all()}


# --- plan_coverage: the parent tasks no sub-plan task carries out ------------------------------


def test_without_subplans_no_task_is_covered(plan):
    assert [t.content for t in plan_coverage(plan)] == ["Một", "Hai", "Ba"]


def test_a_subplan_task_covers_its_parent_task(plan, unit):
    tasks = _tasks(plan)
    subplan_create(
        parent=plan,
        unit=unit("so-khcn-tt"),
        title="KH chi tiết",
        by=None,
        tasks=[SubplanTaskInput(tasks["Một"], "Việc chi tiết")],
    )
    assert [t.content for t in plan_coverage(plan)] == ["Hai", "Ba"]
    # Two units covering the same task, and a second task of one sub-plan, change nothing more.
    other = subplan_create(parent=plan, unit=unit("so-khcn-bchqs"), title="KH", by=None)
    subplan_task_add(plan=other, parent_task=tasks["Một"], content="Việc khác")
    assert [t.content for t in plan_coverage(plan)] == ["Hai", "Ba"]
    subplan_task_add(plan=other, parent_task=tasks["Ba"], content="Việc thứ ba")
    assert [t.content for t in plan_coverage(plan)] == ["Hai"]


def test_only_subplans_of_this_plan_count(plan, make_plan, unit):
    # A task of next year's draft that came from "Một" does not cover this year's "Một".
    draft = plan_rollover(plan=plan, by=None)
    sub = subplan_create(parent=draft, unit=unit("so-khcn-tt"), title="KH", by=None)
    subplan_task_add(plan=sub, parent_task=draft.tasks.get(content="Một"), content="Việc")
    assert len(plan_coverage(plan)) == 3
    assert [t.content for t in plan_coverage(draft)] == ["Hai", "Ba"]


def test_coverage_is_one_query(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(plan_coverage(plan))


# --- The cascade -------------------------------------------------------------------------------


def test_the_cascade_runs_up_through_citations_and_down_to_subplans(make_plan, unit):
    above = make_plan(
        owner="bch-ptds",
        reference="42/KH-BCH",
        date="2024-02-20",
        tasks=[{"content": "Việc cấp tỉnh", "lead": ["Sở Khoa học và Công nghệ"]}],
    )
    citing = [{"type": "Kế hoạch", "reference": "42/KH-BCH", "date": "2024-02-20"}]
    plan = make_plan(reference="07/KH-KHCN", citations=citing, tasks=[{"content": "Việc"}])
    sub = subplan_create(parent=plan, unit=unit("so-khcn-tt"), title="KH chi tiết", by=None)
    cascade = plan_cascade(plan)
    assert cascade.above == [above]
    assert cascade.subplans == [sub]
    assert cascade.subplans[0].task_count == 0
    assert cascade.implemented_by == []
    assert plan_cascade(above).implemented_by == [plan]
    assert plan_cascade(sub).above == [plan]
    draft = plan_rollover(plan=plan, by=None)
    assert plan_cascade(plan).next_plans == [draft]
    assert plan_cascade(draft).above == [above]  # the copied citations keep the cascade


def test_units_without_a_subplan(plan, unit):
    names = [u.code for u in plan_units_without_subplan(plan)]
    assert sorted(names) == ["so-khcn-bchqs", "so-khcn-tt", "so-khcn-vp"]
    subplan_create(parent=plan, unit=unit("so-khcn-tt"), title="KH", by=None)
    assert "so-khcn-tt" not in [u.code for u in plan_units_without_subplan(plan)]


# --- The task table ------------------------------------------------------------------------------


def test_the_task_table_groups_tasks_and_names_units_in_vietnamese_order(plan):
    groups = plan_task_rows(plan)
    assert [g.group.label for g in groups] == ["I", "II"]
    assert [[r.task.content for r in g.rows] for g in groups] == [["Một", "Hai"], ["Ba"]]
    two = groups[0].rows[1]
    assert [e.label for e in two.leads] == ["Ban Chỉ huy quân sự Sở"]
    (collective,) = two.supports
    assert collective.label == "Các phòng, đơn vị thuộc Sở"
    assert collective.is_collective
    # Vietnamese order: "Phòng Kế hoạch" before "Phòng Quản lý", "Thanh tra" after "Phòng".
    assert collective.units == sorted(collective.units, key=_vi)
    assert collective.units.index("Phòng Kế hoạch - Tài chính") < collective.units.index(
        "Thanh tra Sở"
    )
    assert "Ban Chỉ huy quân sự Sở" not in collective.units  # it leads; not also support


def _vi(name: str) -> object:
    from phongthu.text import sort_key

    return sort_key(name)


def test_the_task_table_costs_the_same_queries_for_any_size(
    make_plan, django_assert_max_num_queries
):
    small = make_plan(tasks=[{"content": "Một"}], reference="01/KH-KHCN")
    big = make_plan(
        tasks=[
            {"content": f"Việc {i}", "support": ["Các phòng, đơn vị thuộc Sở"], "group": g}
            for i, g in enumerate(["I", "II", "III"] * 10)
        ],
        reference="02/KH-KHCN",
    )
    with django_assert_max_num_queries(3):
        plan_task_rows(small)
    with django_assert_max_num_queries(3):
        rows = plan_task_rows(big)
    assert sum(len(g.rows) for g in rows) == 30


# --- Lists and home panels ---------------------------------------------------------------


def test_plan_list_is_scoped_to_the_body(plan, make_plan, personas):
    make_plan(owner="so-ct", tasks=[{"content": "Việc", "lead": ["Văn phòng Sở"]}])
    assert [p.owner.code for p in plan_list(personas.office)] == ["so-khcn"]
    assert [p.owner.code for p in plan_list(personas.other_department)] == ["so-ct"]
    assert {p.owner.code for p in plan_list(personas.higher_body)} == {"so-khcn", "so-ct"}
    assert plan_list(personas.office, year=2023).count() == 0
    assert plan_list(personas.office, status="draft").count() == 0
    assert plan_list(personas.office)[0].task_count == 3


def test_home_panels(plan, personas):
    assert home_plans(personas.office) == [plan]
    assert home_plans(personas.other_department) == []
    rows = home_unit_tasks(personas.unit_head)  # Thanh tra Sở
    assert [(a.task.content, a.role) for a in rows] == [("Một", "lead"), ("Hai", "support")]
    assert home_unit_tasks(personas.director) == []


def test_home_tasks_come_nearest_deadline_first(make_plan, personas):
    make_plan(
        tasks=[
            {"content": "Thường xuyên", "lead": ["Thanh tra Sở"], "timeframe": "Thường xuyên"},
            {"content": "Cuối năm", "lead": ["Thanh tra Sở"], "timeframe": "Trước ngày 15/12/2024"},
            {"content": "Giữa năm", "lead": ["Thanh tra Sở"], "timeframe": "Quý II/2024"},
        ]
    )
    assert [a.task.content for a in home_unit_tasks(personas.unit_head)] == [
        "Giữa năm",
        "Cuối năm",
        "Thường xuyên",
    ]


# --- Display --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "due", "recurrence", "expected"),
    [
        ("ongoing", None, "", "Thường xuyên"),
        ("ongoing", datetime.date(2025, 12, 15), "", "Thường xuyên; hạn 15/12/2025"),
        ("deadline", datetime.date(2025, 6, 30), "", "Hạn 30/06/2025"),
        ("recurring", None, "yearly", "Định kỳ, hằng năm"),
        ("unspecified", None, "", "Không ghi thời hạn"),
    ],
)
def test_schedule_label(kind, due, recurrence, expected):
    from django.utils import translation

    with translation.override("vi"):
        assert schedule_label(Task(kind=kind, due=due, recurrence=recurrence)) == expected


def test_document_date_and_reference_of_a_draft(make_plan):
    plan = make_plan(tasks=[{"content": "Việc"}])
    document = plan.document
    assert (document_date(document), document_reference(document)) == ("05/03/2024", "07/KH-KHCN")
    document.date_day, document.number, document.reference = None, "", "/KH-KHCN"
    assert (document_date(document), document_reference(document)) == ("…/03/2024", "…/KH-KHCN")
