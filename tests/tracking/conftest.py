"""A small plan of our own for the tracking tests, imported through plan_import."""

from __future__ import annotations

import datetime

import pytest

DAY = datetime.date(2024, 5, 20)  # inside 2024-Q2 (15/3 – 14/6)


def extraction(tasks: list[dict], *, title: str = "Kế hoạch công tác phòng thủ dân sự năm 2024"):
    return {
        "document": {"type": "Kế hoạch", "title": title, "date": {"year": 2024}},
        "tasks": tasks,
        "directives": [],
    }


def task(
    label: str,
    content: str,
    lead: list[str],
    timeframe: str,
    support: list[str] | None = None,
) -> dict:
    return {
        "label": label,
        "content": content,
        "lead": lead,
        "support": support or [],
        "timeframe": {"text": timeframe, "edited": True},
        "group": {"label": "I", "title": "Nhiệm vụ trọng tâm"},
    }


SAMPLE_TASKS = [
    task(
        "1",
        "Rà soát các văn bản quy phạm pháp luật liên quan đến phòng thủ dân sự",
        ["Thanh tra Sở"],
        "Thường xuyên",
        support=["Văn phòng Sở"],
    ),
    task(
        "2",
        "Xây dựng kế hoạch ứng phó sự cố bức xạ, hạt nhân",
        ["Phòng quản lý Công nghệ và TTCN"],
        "Trước ngày 30/6/2024",
        support=["Thanh tra Sở"],
    ),
    task(
        "3",
        "Tổ chức tập huấn kiến thức phòng thủ dân sự cho cán bộ, công chức",
        ["Văn phòng Sở"],
        "Quý I/2024",
    ),
]


@pytest.fixture
def plan(personas, unit):
    """Three tasks: ongoing (Thanh tra leads), due 30/6 (QLCN leads), Q1 (the Office leads)."""
    from phongthu.plans.services import plan_import

    return plan_import(extraction=extraction(SAMPLE_TASKS), owner=unit("so-khcn"), by=None)


@pytest.fixture
def assignment_of(plan):
    """assignment_of("1", "so-khcn-tt") → the assignment of task 1 to that unit."""
    from phongthu.plans.models import Assignment

    return lambda label, code: Assignment.objects.select_related("task", "unit").get(
        task__plan=plan, task__label=label, unit__code=code
    )
