"""The derived facts reminders are chosen by: when the clock reminds, and what counts as
overdue or unreported.

Overdue and "reported this period" are the tracking rules (`phongthu.tracking.status`);
this module only says which reminder a deadline calls for on a given day, and the
period whose report falls due.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from phongthu.followup.models import Trigger
from phongthu.reporting.periods import Period, PeriodKind, period_containing
from phongthu.tracking.status import days_left

# The days before a deadline on which the clock reminds, tightest first.
BEFORE_DUE: tuple[tuple[int, Trigger], ...] = (
    (1, Trigger.DUE_IN_1),
    (3, Trigger.DUE_IN_3),
    (7, Trigger.DUE_IN_7),
)
# A worker that was stopped for a few days catches up on what it missed, but a plan
# imported with deadlines long past is not flooded with "overdue" mail: the Office
# reminds those by hand (they are pre-selected on its page).
CATCH_UP_DAYS = 7
# Days after a period's end by which its report is due, unless the plan says otherwise.
REPORT_DEADLINE_DAYS = 5


def due_trigger(*, due: datetime.date | None, today: datetime.date) -> Trigger | None:
    """Which clock reminder a deadline calls for today, if any.

    7, 3 and 1 days before: a day with 2 days left calls for the 3-day reminder, so a
    worker that missed a day still sends the reminder of the window it is in (and the
    dedupe key stops it from sending that one twice). On the day itself the 1-day
    reminder still applies; from the day after, the task is overdue (the due date counts
    as in time, as in `tracking.status.is_overdue`).
    """
    left = days_left(due=due, today=today)
    if left is None:
        return None
    if left < 0:
        return Trigger.OVERDUE if -left <= CATCH_UP_DAYS else None
    for days, trigger in BEFORE_DUE:
        if left <= days:
            return trigger
    return None


@dataclass(frozen=True)
class ReportDue:
    period: Period
    due: datetime.date


def report_deadline_days(plan: object) -> int:
    """A plan's own deadline for period reports, or the default (5 days after the end)."""
    days = getattr(plan, "report_deadline_days", None)
    return REPORT_DEADLINE_DAYS if days is None else int(days)


def reports_falling_due(
    *, kind: PeriodKind, deadline_days: int, today: datetime.date
) -> list[ReportDue]:
    """The periods whose report fell due within the catch-up window ending today."""
    found = []
    period = period_containing(kind, today)
    for _step in range(3):
        due = period.end + datetime.timedelta(days=deadline_days)
        if due <= today <= due + datetime.timedelta(days=CATCH_UP_DAYS):
            found.append(ReportDue(period, due))
        period = period.previous()
    return found
