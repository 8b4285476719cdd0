"""The derived facts, at their functions: a table of cases, then hypothesis over dates."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phongthu.reporting.periods import Period, PeriodKind, parse_period
from phongthu.tracking.status import (
    ReportState,
    TaskStatus,
    days_left,
    is_overdue,
    ongoing_report_state,
    period_bounds,
    reporting_period,
    task_status,
)

D = datetime.date
DUE = D(2024, 6, 30)

# kind, due, state, completed_on, today -> status
CASES = [
    # done on or before the due date: on time (the due date itself counts as in time)
    ("deadline", DUE, "done", D(2024, 6, 1), D(2024, 7, 15), TaskStatus.DONE_ON_TIME),
    ("deadline", DUE, "done", DUE, D(2024, 7, 15), TaskStatus.DONE_ON_TIME),
    # done after it: late, whatever today is
    ("deadline", DUE, "done", D(2024, 7, 1), D(2024, 7, 1), TaskStatus.DONE_LATE),
    ("period", DUE, "done", D(2025, 1, 3), D(2026, 1, 1), TaskStatus.DONE_LATE),
    # open: in time until the due date, overdue from the day after
    ("deadline", DUE, "not_started", None, D(2024, 6, 29), TaskStatus.OPEN_ON_TIME),
    ("deadline", DUE, "in_progress", None, DUE, TaskStatus.OPEN_ON_TIME),
    ("deadline", DUE, "in_progress", None, D(2024, 7, 1), TaskStatus.OPEN_OVERDUE),
    ("period", DUE, "not_started", None, D(2030, 1, 1), TaskStatus.OPEN_OVERDUE),
    # no due date (ongoing, unspecified, a cadence without a date): never late
    ("ongoing", None, "in_progress", None, D(2030, 1, 1), TaskStatus.OPEN_ON_TIME),
    ("ongoing", None, "not_started", None, D(2024, 1, 1), TaskStatus.OPEN_ON_TIME),
    ("ongoing", None, "done", D(2030, 1, 1), D(2030, 1, 1), TaskStatus.DONE_ON_TIME),
    ("unspecified", None, "not_started", None, D(2030, 1, 1), TaskStatus.OPEN_ON_TIME),
    ("recurring", None, "done", D(2024, 12, 31), D(2025, 2, 1), TaskStatus.DONE_ON_TIME),
    # an ongoing task with a printed milestone follows the milestone
    ("ongoing", DUE, "in_progress", None, D(2024, 7, 1), TaskStatus.OPEN_OVERDUE),
    # done without a completion day (never written so by the services): not guessed late
    ("deadline", DUE, "done", None, D(2025, 1, 1), TaskStatus.DONE_ON_TIME),
]


@pytest.mark.parametrize(("kind", "due", "state", "completed_on", "today", "expected"), CASES)
def test_task_status_table(kind, due, state, completed_on, today, expected):
    got = task_status(kind=kind, due=due, state=state, completed_on=completed_on, today=today)
    assert got == expected


def test_the_four_categories_carry_the_government_office_names():
    from django.utils import translation

    with translation.override("vi"):
        assert [str(s.label) for s in TaskStatus] == [
            "Hoàn thành đúng hạn",
            "Hoàn thành quá hạn",
            "Chưa hoàn thành trong hạn",
            "Chưa hoàn thành quá hạn",
        ]
        assert str(ReportState.REPORTED.label) == "Đã báo cáo kỳ này"
        assert str(ReportState.NOT_REPORTED.label) == "Chưa báo cáo"


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
states = st.sampled_from(["not_started", "in_progress", "done"])
kinds = st.sampled_from(["ongoing", "deadline", "period", "recurring", "unspecified"])


@given(kind=kinds, due=st.none() | dates, state=states, completed=dates, today=dates)
def test_status_properties(kind, due, state, completed, today):
    completed_on = completed if state == "done" else None
    status = task_status(kind=kind, due=due, state=state, completed_on=completed_on, today=today)
    # done or not is the unit's state; on time or late is only ever the dates'
    assert (status in {TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE}) == (state == "done")
    assert (status == TaskStatus.OPEN_OVERDUE) == is_overdue(due=due, state=state, today=today)
    if due is None:
        assert status in {TaskStatus.DONE_ON_TIME, TaskStatus.OPEN_ON_TIME}
    if status == TaskStatus.DONE_LATE:
        assert completed_on is not None and due is not None and completed_on > due
    if status == TaskStatus.OPEN_OVERDUE:
        assert due is not None and today > due


@given(due=dates, today=dates, state=states)
def test_overdue_is_monotonic_in_today(due, today, state):
    # once overdue, an open task stays overdue on every later day
    if is_overdue(due=due, state=state, today=today):
        later = min(today + datetime.timedelta(days=1), D(2100, 12, 31))
        assert is_overdue(due=due, state=state, today=later)
    assert not is_overdue(due=due, state="done", today=today)


@given(due=dates, today=dates)
def test_days_left(due, today):
    left = days_left(due=due, today=today)
    assert today + datetime.timedelta(days=left) == due
    assert (left < 0) == is_overdue(due=due, state="in_progress", today=today)
    assert days_left(due=None, today=today) is None


def _local(day: D, hour: int, minute: int = 0) -> datetime.datetime:
    from django.utils import timezone

    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


Q2 = parse_period("2024-Q2")  # 15/3/2024 – 14/6/2024


@pytest.mark.parametrize(
    ("reported_at", "expected"),
    [
        (None, ReportState.NOT_REPORTED),
        (_local(D(2024, 3, 14), 23, 59), ReportState.NOT_REPORTED),
        (_local(D(2024, 3, 15), 0, 0), ReportState.REPORTED),
        (_local(D(2024, 5, 2), 10), ReportState.REPORTED),
        (_local(D(2024, 6, 14), 23, 59), ReportState.REPORTED),
        (_local(D(2024, 6, 15), 0, 0), ReportState.NOT_REPORTED),
        # 23:30 on 14/6 in Hà Nội is 16:30 UTC: the local day decides
        (datetime.datetime(2024, 6, 14, 16, 30, tzinfo=datetime.UTC), ReportState.REPORTED),
        (datetime.datetime(2024, 6, 14, 17, 30, tzinfo=datetime.UTC), ReportState.NOT_REPORTED),
    ],
)
def test_ongoing_report_state_table(reported_at, expected):
    assert ongoing_report_state(last_reported_at=reported_at, period=Q2) == expected


periods = st.builds(
    lambda kind, year, index: Period(
        kind, year, 1 + index % {"monthly": 12, "quarterly": 4, "half_yearly": 2, "yearly": 1}[kind]
    ),
    st.sampled_from(list(PeriodKind)),
    st.integers(2001, 2099),
    st.integers(0, 11),
)


@given(
    period=periods,
    moment=st.datetimes(
        min_value=datetime.datetime(2000, 1, 1),
        max_value=datetime.datetime(2100, 1, 1),
        timezones=st.just(datetime.UTC),
    ),
)
def test_report_state_agrees_with_the_period_bounds(period, moment):
    first, after = period_bounds(period)
    inside = first <= moment < after
    expected = ReportState.REPORTED if inside else ReportState.NOT_REPORTED
    assert ongoing_report_state(last_reported_at=moment, period=period) == expected


@given(day=dates)
def test_reporting_period_defaults_to_quarterly(day):
    assert reporting_period(cadence=["periodic"], day=day).kind == PeriodKind.QUARTERLY
    assert reporting_period(cadence=[], day=day).contains(day)
    assert reporting_period(cadence=["monthly", "yearly"], day=day).kind == PeriodKind.MONTHLY
