"""The dashboard's counts, kept ahead of time (docs/adr/0002-dashboard-counts.md).

Counting the assignments of a whole country by unit and status reads two million rows:
more than half a second on PostgreSQL however it is indexed. The dashboard instead adds
up `DashboardCount`: one row per unit and plan holding what it would have counted. This
module is the one door that writes those rows.

How the rows stay true
----------------------
- **Writes.** Every service that creates an assignment or changes what the dashboard
  counts of it (state, completion day, due date, last report) calls
  `dashboard_counts_apply` inside its own transaction, with the assignment's facts
  before and after the change. The difference is added to the unit's row for the plan
  by one upsert per row: an increment in the database, so two units reporting at the
  same moment never overwrite each other's counts.
- **The day.** Overdue, due soon and reported-this-period change at midnight even when
  nobody writes. The rows are counted as of `DashboardCountsAsOf.as_of`; the worker's
  clock (`dashboard_counts_refresh`, every few minutes) counts them all again once the
  day has changed. Until it has — or before the first count, on a new installation —
  the dashboard sees that the rows are not for today and counts the assignments
  themselves: slower, never wrong.
- **Concurrency.** A writer reads the as-of row FOR SHARE while it applies its
  difference; the recount locks the as-of table EXCLUSIVE. On PostgreSQL a recount
  therefore starts after every write in flight has committed (even the first recount:
  FOR SHARE holds the table when no row is found), and a write that comes later waits
  for it, then applies its difference to the new rows. A table lock queues, so writers
  arriving meanwhile cannot starve the recount; they wait the recount's length, once a
  day soon after midnight (seconds at national scale). SQLite runs one write
  transaction at a time (transaction_mode IMMEDIATE), which gives the same order.

What an assignment adds to its row is decided by `contribution`, which asks the status
functions of tracking.status; the recount uses their SQL twins (tracking.queries), and
tests/tracking/test_counts.py checks that the rows equal a count of the assignments
after every kind of write.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from phongthu.plans.models import Assignment
from phongthu.reporting.periods import PeriodKind, period_containing
from phongthu.tracking.models import DashboardCount, DashboardCountsAsOf
from phongthu.tracking.queries import done_late_q, due_soon_q, overdue_q, reported_q
from phongthu.tracking.status import (
    DONE,
    ReportState,
    TaskStatus,
    is_due_soon,
    ongoing_report_state,
    task_status,
)

# The period kinds a plan may report on, in the order of the reported_<kind> columns.
KINDS = tuple(PeriodKind)
COLUMNS = ("n", "done", "late", "overdue", "due_soon", *(f"reported_{k.value}" for k in KINDS))


@dataclass(frozen=True)
class Facts:
    """What the dashboard counts of one assignment."""

    unit_id: int
    plan_id: int
    state: str
    due: datetime.date | None
    completed_on: datetime.date | None
    last_reported_at: datetime.datetime | None

    @classmethod
    def of(cls, assignment: Assignment) -> Facts:
        return cls(
            unit_id=assignment.unit_id,
            plan_id=assignment.task.plan_id,
            state=assignment.state,
            due=assignment.due,
            completed_on=assignment.completed_on,
            last_reported_at=assignment.last_reported_at,
        )


def contribution(facts: Facts, as_of: datetime.date) -> tuple[int, ...]:
    """What one assignment adds to each of COLUMNS on the day `as_of`."""
    status = task_status(
        kind="",
        due=facts.due,
        state=facts.state,
        completed_on=facts.completed_on,
        today=as_of,
    )
    reported = (
        ongoing_report_state(
            last_reported_at=facts.last_reported_at, period=period_containing(kind, as_of)
        )
        == ReportState.REPORTED
        for kind in KINDS
    )
    return (
        1,
        int(facts.state == DONE),
        int(status == TaskStatus.DONE_LATE),
        int(status == TaskStatus.OPEN_OVERDUE),
        int(is_due_soon(due=facts.due, state=facts.state, today=as_of)),
        *(int(r) for r in reported),
    )


def _as_of_for_writing() -> datetime.date | None:
    """The rows' day, with the as-of table held (FOR SHARE) until the transaction ends;
    None before the first count. Even when no row is found, the FOR SHARE holds the
    table in ROW SHARE mode, which the recount's EXCLUSIVE lock waits for: the very
    first recount cannot miss a write in flight either."""
    table = DashboardCountsAsOf._meta.db_table
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT as_of FROM {table} WHERE id = 1{lock}")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None
    value = row[0]
    # SQLite hands a date column back as text through a raw cursor.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def dashboard_counts_apply(*, before: Iterable[Facts] = (), after: Iterable[Facts] = ()) -> None:
    """Move the counts from the assignments' facts `before` a write to those `after` it
    (new assignments have only `after`). Call it inside the write's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dashboard_counts_apply must run inside the write's transaction")
    as_of = _as_of_for_writing()
    if as_of is None:  # nothing counted yet: the first recount will count this write
        return
    deltas: dict[tuple[int, int], list[int]] = {}
    for sign, group in ((-1, before), (1, after)):
        for facts in group:
            row = deltas.setdefault((facts.unit_id, facts.plan_id), [0] * len(COLUMNS))
            for i, value in enumerate(contribution(facts, as_of)):
                row[i] += sign * value
    changed = [(key, values) for key, values in sorted(deltas.items()) if any(values)]
    if not changed:
        return
    table = DashboardCount._meta.db_table
    columns = ", ".join(COLUMNS)
    marks = ", ".join(["%s"] * (len(COLUMNS) + 2))
    adds = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
    # Sorted by (unit, plan): two writers touching the same rows lock them in one order.
    sql = (
        f"INSERT INTO {table} (unit_id, plan_id, {columns}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT (unit_id, plan_id) DO UPDATE SET {adds}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(unit, plan, *values) for (unit, plan), values in changed])


def _recount(as_of: datetime.date) -> list[DashboardCount]:
    """Every row counted afresh from the assignments, by the SQL twins of the status rules."""
    reported = {
        f"reported_{kind.value}": Count("id", filter=reported_q(period_containing(kind, as_of)))
        for kind in KINDS
    }
    counted = (
        Assignment.objects.values("unit_id", plan=F("task__plan_id"))
        .annotate(
            n=Count("id"),
            done=Count("id", filter=Q(state=DONE)),
            late=Count("id", filter=done_late_q()),
            overdue=Count("id", filter=overdue_q(as_of)),
            due_soon=Count("id", filter=due_soon_q(as_of)),
            **reported,
        )
        .order_by()
    )
    rows: list[DashboardCount] = []
    for row in counted.iterator(chunk_size=5000):
        values: dict[str, Any] = dict(row)
        rows.append(
            DashboardCount(
                unit_id=values["unit_id"],
                plan_id=values["plan"],
                **{c: values[c] for c in COLUMNS},
            )
        )
    return rows


@transaction.atomic
def dashboard_counts_rebuild(as_of: datetime.date | None = None) -> int:
    """Count every row again as of `as_of` (today); returns the number of rows."""
    as_of = as_of or timezone.localdate()
    DashboardCountsAsOf.objects.get_or_create(pk=1, defaults={"as_of": as_of})
    if connection.vendor == "postgresql":
        # Waits for the writers in flight (their FOR SHARE holds ROW SHARE on the table)
        # and holds back new ones until commit. A table lock, unlike a FOR UPDATE of the
        # row, queues: writers arriving while the recount waits cannot starve it. Plain
        # reads (the dashboard) go on meanwhile.
        table = DashboardCountsAsOf._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
    marker = DashboardCountsAsOf.objects.get(pk=1)
    DashboardCount.objects.all().delete()
    rows = DashboardCount.objects.bulk_create(_recount(as_of), batch_size=2000)
    marker.as_of = as_of
    marker.counted_at = timezone.now()
    marker.save(update_fields=["as_of", "counted_at"])
    return len(rows)


def dashboard_counts_refresh() -> str:
    """The clock's job: count again when the day has changed since the last count."""
    today = timezone.localdate()
    current = DashboardCountsAsOf.objects.filter(pk=1).values_list("as_of", flat=True).first()
    if current == today:
        return f"counts are for {today:%d/%m/%Y}"
    rows = dashboard_counts_rebuild(today)
    return f"{rows} rows counted for {today:%d/%m/%Y}"
