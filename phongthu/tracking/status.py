"""Derived facts of an assignment, one pure function each (no database).

These functions ARE the rules; pages, the API, reminders and reports ask them and never
re-derive a status. `tracking.queries` carries the same rules as SQL expressions for
aggregates over many rows, and a test checks both agree on a table of cases.

The rules
---------
A task's status, in the four categories of the Government Office (Văn phòng Chính phủ):

- done, and completed on or before the due date      → hoàn thành đúng hạn
- done, completed after the due date                 → hoàn thành quá hạn
- not done, today on or before the due date          → chưa hoàn thành trong hạn
- not done, today after the due date                 → chưa hoàn thành quá hạn

The due date counts as in time: work due 30/6 and done on 30/6 is on time; it is overdue
from 1/7. Overdue is only ever computed from dates, never entered.

Tasks without a due date ("Thường xuyên", "Theo chỉ đạo", a cadence with no printed date)
cannot be late: nothing fixes a day to be late against. Open, such a task is "chưa hoàn
thành trong hạn"; done, it is "hoàn thành đúng hạn". What is followed for an ongoing task
is whether the unit reported in the current reporting period (`ongoing_report_state`).
An ongoing task with a printed milestone ("Thường xuyên; báo cáo trước 15/12") has that
date as its due date and follows the dated rules: the milestone is what can be missed.

A done assignment always has `completed_on` (the services write it); should one lack it,
it is taken as done on time rather than guessed late.
"""

from __future__ import annotations

import datetime
from typing import Protocol

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongthu.reporting.periods import Period, cadence_kind, period_containing

DONE = "done"
ONGOING = "ongoing"

# "Due soon": open and due from today to this many days ahead (the dashboard's column and
# its list of upcoming deadlines).
UPCOMING_DAYS = 30


class TaskStatus(models.TextChoices):
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    OPEN_ON_TIME = "open_on_time", _("Not done, within the deadline")
    OPEN_OVERDUE = "open_overdue", _("Not done, overdue")


class ReportState(models.TextChoices):
    REPORTED = "reported", _("Reported this period")
    NOT_REPORTED = "not_reported", _("Not reported")


class PeriodLike(Protocol):
    """A reporting period (reporting.periods.Period): its first and last day, inclusive."""

    @property
    def start(self) -> datetime.date: ...

    @property
    def end(self) -> datetime.date: ...


def task_status(
    *,
    kind: str,
    due: datetime.date | None,
    state: str,
    completed_on: datetime.date | None,
    today: datetime.date,
) -> TaskStatus:
    """The Government Office's category for one assignment (see the module's rules).

    `kind` (the timeframe kind) is taken with the rest of the schedule so callers hand
    over the whole of it; every rule today follows from `due`, because the schedule reader
    already gives an ongoing or undated task no due date unless a milestone is printed.
    """
    del kind  # see the docstring: the due date alone decides
    if state == DONE:
        if due is not None and completed_on is not None and completed_on > due:
            return TaskStatus.DONE_LATE
        return TaskStatus.DONE_ON_TIME
    if is_overdue(due=due, state=state, today=today):
        return TaskStatus.OPEN_OVERDUE
    return TaskStatus.OPEN_ON_TIME


def is_overdue(*, due: datetime.date | None, state: str, today: datetime.date) -> bool:
    """Not done and past its due date (the due date itself is still in time)."""
    return state != DONE and due is not None and today > due


def is_due_soon(
    *, due: datetime.date | None, state: str, today: datetime.date, days: int = UPCOMING_DAYS
) -> bool:
    """Not done and due from today to `days` ahead, both ends included."""
    return state != DONE and due is not None and 0 <= (due - today).days <= days


def days_left(*, due: datetime.date | None, today: datetime.date) -> int | None:
    """Days until the due date (0 on the day, negative once past); None without one."""
    return None if due is None else (due - today).days


def ongoing_report_state(
    *, last_reported_at: datetime.datetime | None, period: PeriodLike
) -> ReportState:
    """Whether the unit reported within the period: its last report falls in [start, end].

    The day is read in the installation's time zone (Asia/Ho_Chi_Minh), as the
    period's dates are; a report at 23:30 on the 14th belongs to the period ending then.
    """
    if last_reported_at is None:
        return ReportState.NOT_REPORTED
    day = timezone.localdate(last_reported_at)
    if period.start <= day <= period.end:
        return ReportState.REPORTED
    return ReportState.NOT_REPORTED


def period_bounds(period: PeriodLike) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as an aware half-open range of instants [from, to) in local time, the
    form a timestamp column is compared with (and the SQL side of ongoing_report_state)."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=tz)
    after = datetime.datetime.combine(
        period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return first, after


def reporting_period(*, cadence: list[str] | tuple[str, ...], day: datetime.date) -> Period:
    """The reporting period a plan's cadence puts `day` in (quarterly unless it says)."""
    return period_containing(cadence_kind(list(cadence or [])), day)
