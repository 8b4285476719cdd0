"""The SQL side of the rules agrees with the Python functions, on SQLite and PostgreSQL.

Every combination of due date, state, completion day and last report around the edges
(the due date itself, the period's first and last instant) is written as an assignment,
then read back with the `status_case` / `report_state_case` annotations.
"""

from __future__ import annotations

import datetime
import itertools

import pytest

from phongthu.plans.models import Assignment, Task
from phongthu.reporting.periods import parse_period
from phongthu.tracking import queries
from phongthu.tracking.status import ongoing_report_state, period_bounds, task_status

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2024, 6, 30)
PERIOD = parse_period("2024-Q2")  # 15/3 – 14/6/2024
FIRST, AFTER = period_bounds(PERIOD)
SECOND = datetime.timedelta(seconds=1)

DUES = [None, D(2024, 6, 29), TODAY, D(2024, 7, 1)]
STATES = ["not_started", "in_progress", "done"]
COMPLETED = [None, D(2024, 6, 28), D(2024, 6, 29), D(2024, 6, 30)]
REPORTED = [None, FIRST - SECOND, FIRST, AFTER - SECOND, AFTER]


def test_sql_and_python_agree_on_every_case(plan, unit):
    template = plan.tasks.first()
    cases = list(itertools.product(DUES, STATES, COMPLETED, REPORTED))
    tasks = Task.objects.bulk_create(
        Task(plan=plan, content=f"Trường hợp {i}", kind="deadline", position=100 + i)
        for i in range(len(cases))
    )
    office = unit("so-khcn-vp")
    Assignment.objects.bulk_create(
        Assignment(
            task=task,
            unit=office,
            role="lead",
            due=due,
            state=state,
            completed_on=completed if state == "done" else None,
            last_reported_at=reported,
        )
        for task, (due, state, completed, reported) in zip(tasks, cases, strict=True)
    )
    rows = (
        Assignment.objects.filter(task__in=tasks)
        .annotate(status=queries.status_case(TODAY), report_state=queries.report_state_case(PERIOD))
        .select_related("task")
    )
    checked = 0
    for row in rows:
        expected = task_status(
            kind=row.task.kind,
            due=row.due,
            state=row.state,
            completed_on=row.completed_on,
            today=TODAY,
        )
        assert row.status == expected, (row.due, row.state, row.completed_on)
        reported = ongoing_report_state(last_reported_at=row.last_reported_at, period=PERIOD)
        assert row.report_state == reported, row.last_reported_at
        checked += 1
    assert checked == len(cases) == 240
    assert template is not None


def test_the_dashboard_counts_what_the_status_function_says(plan, unit):
    # given assignments in every state, counted per unit by the dashboard query
    from django.db.models import Q

    from phongthu.tracking.status import TaskStatus

    cases = list(itertools.product(DUES, STATES, COMPLETED))
    tasks = Task.objects.bulk_create(
        Task(plan=plan, content=f"Đếm {i}", kind="deadline", position=500 + i)
        for i in range(len(cases))
    )
    office = unit("so-khcn-vp")
    Assignment.objects.bulk_create(
        Assignment(
            task=task,
            unit=office,
            role="lead",
            due=due,
            state=state,
            completed_on=completed if state == "done" else None,
        )
        for task, (due, state, completed) in zip(tasks, cases, strict=True)
    )
    expected = dict.fromkeys(TaskStatus.values, 0)
    for a in Assignment.objects.filter(unit=office):
        expected[
            task_status(
                kind="deadline",
                due=a.due,
                state=a.state,
                completed_on=a.completed_on,
                today=TODAY,
            )
        ] += 1
    rows = queries.dashboard_by_unit(
        reach=queries.dashboard_reach(
            type(office).objects.filter(Q(pk=office.pk)), queries.DashboardFilters()
        ),
        filters=queries.DashboardFilters(),
        today=TODAY,
        period=PERIOD,
    )
    assert len(rows) == 1
    assert rows[0].counts == expected
