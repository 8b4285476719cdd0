"""Rollover: next year's draft is made from this year's plan, once."""

from __future__ import annotations

import datetime

import pytest

from phongthu.documents.models import Citation, Document
from phongthu.plans.models import Assignment, Plan, Task
from phongthu.plans.services import (
    SubplanTaskInput,
    next_year_date,
    plan_rollover,
    subplan_create,
    text_next_year,
    timeframe_next_year,
)

pytestmark = pytest.mark.django_db

CITATIONS = [
    {
        "type": "Kế hoạch",
        "reference": "42/KH-UBND",
        "date": "2024-02-29",
        "issuer": "Ban Chỉ huy phòng thủ dân sự tỉnh",
        "role": "basis",
    },
    {"type": "Nghị quyết", "reference": "28/NQ-CP", "date": "2023-03-01", "role": "basis"},
]


@pytest.fixture
def plan_2024(make_plan):
    return make_plan(
        title="Thực hiện công tác phòng thủ dân sự năm 2024",
        citations=CITATIONS,
        tasks=[
            {
                "content": "Rà soát văn bản năm 2024",
                "lead": ["Thanh tra Sở"],
                "support": ["Các phòng, đơn vị thuộc Sở"],
                "timeframe": "Thường xuyên",
            },
            {
                "content": "Báo cáo nhanh",
                "lead": ["Văn phòng Sở"],
                "timeframe": "Trước ngày 29/02/2024",
            },
            {
                "content": "Diễn tập",
                "lead": ["Ban CHQS Sở"],
                "timeframe": "Quý II/2024",
                "group": "II",
            },
            {
                "content": "Bồi dưỡng",
                "lead": ["Văn phòng Sở"],
                "timeframe": "Hằng năm",
                "group": "II",
            },
        ],
    )


def test_next_years_draft_copies_the_plan(plan_2024, personas):
    # when
    draft = plan_rollover(plan=plan_2024, by=personas.office)
    # then: a new draft document, no number, no date, the year in its title moved on
    assert draft.pk != plan_2024.pk
    assert (draft.year, draft.status, draft.previous) == (2025, "draft", plan_2024)
    document = draft.document
    assert document.pk != plan_2024.document.pk
    assert document.status == "draft"
    assert (document.number, document.reference) == ("", "/KH-KHCN")
    assert (document.date_year, document.date_month, document.date_day) == (None, None, None)
    assert document.title == "Thực hiện công tác phòng thủ dân sự năm 2025"
    assert (document.issuer, document.place, document.signer_authority) == (
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Bắc Giang",
        "KT.",
    )
    assert draft.created_by == personas.office
    assert draft.monitoring_unit == plan_2024.monitoring_unit
    # groups and tasks copied, each remembering the task it came from
    assert [g.label for g in draft.groups.order_by("position")] == ["I", "II"]
    old = {t.content: t for t in plan_2024.tasks.all()}
    new = {t.previous.content: t for t in draft.tasks.select_related("previous")}
    assert set(new) == set(old)
    assert new["Rà soát văn bản năm 2024"].content == "Rà soát văn bản năm 2025"


def test_dates_move_on_a_year_and_ongoing_and_recurring_tasks_stay(plan_2024):
    draft = plan_rollover(plan=plan_2024, by=None)
    tasks = {t.previous.content: t for t in draft.tasks.select_related("previous")}
    ongoing = tasks["Rà soát văn bản năm 2024"]
    assert (ongoing.kind, ongoing.due, ongoing.timeframe_text) == ("ongoing", None, "Thường xuyên")
    leap = tasks["Báo cáo nhanh"]
    assert leap.kind == "deadline"
    assert leap.due == datetime.date(2025, 2, 28)
    assert leap.timeframe_text == "Trước ngày 28/02/2025"
    period = tasks["Diễn tập"]
    assert (period.start, period.due) == (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
    assert period.timeframe_text == "Quý II/2025"
    recurring = tasks["Bồi dưỡng"]
    assert (recurring.kind, recurring.recurrence, recurring.timeframe_text) == (
        "recurring",
        "yearly",
        "Hằng năm",
    )


def test_citations_and_assignments_are_copied(plan_2024):
    draft = plan_rollover(plan=plan_2024, by=None)
    old = list(plan_2024.document.citations.values_list("reference", "date", "role"))
    new = list(draft.document.citations.values_list("reference", "date", "role"))
    assert new == old
    assert Citation.objects.count() == 2 * len(CITATIONS)  # copied rows, not moved

    def assigned(plan: Plan) -> list[tuple[str, str, str]]:
        return sorted(
            Assignment.objects.filter(task__plan=plan).values_list(
                "task__content", "unit__code", "role"
            )
        )

    assert len(assigned(draft)) == len(assigned(plan_2024)) > 4
    assert [a[1:] for a in assigned(draft)] == [a[1:] for a in assigned(plan_2024)]
    leap = Assignment.objects.get(task__plan=draft, task__content="Báo cáo nhanh")
    assert leap.due == datetime.date(2025, 2, 28) and leap.state == "not_started"


def test_a_second_click_returns_the_same_draft(plan_2024):
    first = plan_rollover(plan=plan_2024, by=None)
    counts = (Plan.objects.count(), Document.objects.count(), Task.objects.count())
    again = plan_rollover(plan=plan_2024, by=None)
    assert again.pk == first.pk
    assert counts == (Plan.objects.count(), Document.objects.count(), Task.objects.count())


def test_a_draft_rolls_on_again(plan_2024):
    draft = plan_rollover(plan=plan_2024, by=None)
    later = plan_rollover(plan=draft, by=None)
    assert (later.year, later.previous) == (2026, draft)
    assert later.document.title.endswith("năm 2026")
    leap = later.tasks.get(content="Báo cáo nhanh")
    assert leap.due == datetime.date(2026, 2, 28)


def test_subplans_follow_their_parent_into_the_new_year(plan_2024, unit):
    first = plan_2024.tasks.order_by("position").first()
    sub = subplan_create(
        parent=plan_2024,
        unit=unit("so-khcn-tt"),
        title="Kế hoạch chi tiết năm 2024",
        by=None,
        tasks=[SubplanTaskInput(first, "Lập danh mục", "Trước ngày 30/4/2024")],
    )
    # A sub-plan rolled over before its parent waits without one …
    sub_draft = plan_rollover(plan=sub, by=None)
    assert sub_draft.parent is None
    # … and hangs under the parent's draft once that is made, pointing at its tasks.
    draft = plan_rollover(plan=plan_2024, by=None)
    sub_draft.refresh_from_db()
    assert sub_draft.parent == draft
    assert sub_draft.tasks.get().parent_task.previous == first
    # A sub-plan rolled over after its parent finds it straight away.
    other = subplan_create(
        parent=plan_2024,
        unit=unit("so-khcn-bchqs"),
        title="Kế hoạch chi tiết",
        by=None,
        tasks=[SubplanTaskInput(first, "Tham gia rà soát")],
    )
    other_draft = plan_rollover(plan=other, by=None)
    assert other_draft.parent == draft
    assert other_draft.tasks.get().parent_task.previous == first


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
        (datetime.date(2024, 2, 28), datetime.date(2025, 2, 28)),
        (datetime.date(2024, 12, 31), datetime.date(2025, 12, 31)),
        (None, None),
    ],
)
def test_next_year_date(day, expected):
    assert next_year_date(day) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thường xuyên", "Thường xuyên"),
        ("Quý II/2024", "Quý II/2025"),
        ("Trước ngày 30/6/2024", "Trước ngày 30/6/2025"),
        ("Trước ngày 29/02/2024", "Trước ngày 28/02/2025"),
        ("Trước ngày 29/2/2023", "Trước ngày 29/2/2024"),  # 2024 has a 29 February
        ("ngày 29 tháng 02 năm 2024", "ngày 28 tháng 02 năm 2025"),
        ("2024-2025", "2025-2026"),
        ("Tháng 10", "Tháng 10"),
        ("Hằng năm", "Hằng năm"),
    ],
)
def test_timeframe_next_year(text, expected):
    assert timeframe_next_year(text) == expected


def test_text_next_year_moves_only_the_plans_year():
    text = "Tổng kết năm 2024 theo Quyết định ngày 20/10/2023, Luật năm 2023"
    assert text_next_year(text, 2024) == (
        "Tổng kết năm 2025 theo Quyết định ngày 20/10/2023, Luật năm 2023"
    )
