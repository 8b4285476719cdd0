"""Reads of tracking for pages, the API, reminders and reports.

The status rules live in `tracking.status` as pure functions; here they are written once
more as SQL expressions (`status_case`, `reported_q`) so aggregates over many rows run in
the database. tests/tracking/test_status_sql.py checks the two agree on a table of cases
on SQLite and PostgreSQL.

Open work is always filtered as `.exclude(state="done")`: that is the predicate of the
partial index `assignment_open_due`, and SQLite only uses the index for that exact form.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from phongthu.org.models import OrgUnit
from phongthu.org.permissions import Action, User, units_for
from phongthu.plans.models import Assignment, Plan, TimeframeKind
from phongthu.reporting.periods import Period, PeriodKind, period_containing
from phongthu.text import sort_key
from phongthu.tracking.models import (
    AuditEntry,
    DashboardCount,
    DashboardCountsAsOf,
    Evidence,
    ProgressUpdate,
)
from phongthu.tracking.status import (
    DONE,
    UPCOMING_DAYS,
    ReportState,
    TaskStatus,
    period_bounds,
    reporting_period,
)

UnitIds = Iterable[int] | QuerySet[OrgUnit] | QuerySet[Any] | None

# --- the status rules as SQL ------------------------------------------------------------------


def done_late_q() -> Q:
    """Done after the due date (no completion day or no due date: never late)."""
    return Q(state=DONE, completed_on__gt=F("due"))


def overdue_q(today: datetime.date) -> Q:
    """`status.is_overdue`: not done and past the due date (which is still in time)."""
    return ~Q(state=DONE) & Q(due__lt=today)


def due_soon_q(today: datetime.date, days: int = UPCOMING_DAYS) -> Q:
    """`status.is_due_soon`: open and due from today to `days` ahead."""
    return ~Q(state=DONE) & Q(due__gte=today, due__lte=today + datetime.timedelta(days=days))


def status_case(today: datetime.date) -> Case:
    """`status.task_status` as an expression: the same four categories, the same rules.

    NULLs fall through as the Python function decides: no completion day or no due date
    is never late, no due date is never overdue.
    """
    return Case(
        When(done_late_q(), then=Value(TaskStatus.DONE_LATE.value)),
        When(state=DONE, then=Value(TaskStatus.DONE_ON_TIME.value)),
        When(overdue_q(today), then=Value(TaskStatus.OPEN_OVERDUE.value)),
        default=Value(TaskStatus.OPEN_ON_TIME.value),
        output_field=CharField(),
    )


def reported_q(period: Period) -> Q:
    """`status.ongoing_report_state(...) == REPORTED` as a filter on last_reported_at."""
    first, after = period_bounds(period)
    return Q(last_reported_at__gte=first, last_reported_at__lt=after)


def report_state_case(period: Period) -> Case:
    return Case(
        When(reported_q(period), then=Value(ReportState.REPORTED.value)),
        default=Value(ReportState.NOT_REPORTED.value),
        output_field=CharField(),
    )


def _every_unit(unit_ids: UnitIds) -> bool:
    """None, or a queryset of every unit (a superuser's reach): no filter to apply."""
    if unit_ids is None:
        return True
    return (
        isinstance(unit_ids, QuerySet)
        and unit_ids.model is OrgUnit
        and not unit_ids.query.where
        and not unit_ids.query.low_mark
        and unit_ids.query.high_mark is None
    )


def _in_units(queryset: QuerySet[Assignment], unit_ids: UnitIds) -> QuerySet[Assignment]:
    if unit_ids is None or _every_unit(unit_ids):
        return queryset
    return queryset.filter(unit_id__in=unit_ids)


def _with_task(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    # The document's extraction (the whole plan as read, often hundreds of KB) is never
    # shown with a list of tasks.
    return queryset.select_related("task", "task__plan", "task__plan__document", "unit").defer(
        "task__plan__document__extraction"
    )


# --- what the followup (reminders) and the pages ask ----------------------------------------


def overdue_assignments(unit_ids: UnitIds, today: datetime.date) -> QuerySet[Assignment]:
    """Open assignments past their due date (units None: every unit), oldest first."""
    open_work = _in_units(Assignment.objects.exclude(state=DONE), unit_ids)
    return _with_task(open_work.filter(due__lt=today)).order_by("due", "id")


def upcoming_deadlines(
    unit_ids: UnitIds, today: datetime.date, *, days: int = UPCOMING_DAYS
) -> QuerySet[Assignment]:
    """Open assignments due from today to `days` ahead, soonest first."""
    soon = _in_units(Assignment.objects.filter(due_soon_q(today, days)), unit_ids)
    return _with_task(soon).order_by("due", "id")


def assignments_due_on(unit_ids: UnitIds, days: Iterable[datetime.date]) -> QuerySet[Assignment]:
    """Open assignments due on one of `days` (the reminders 7, 3 and 1 days ahead)."""
    open_work = _in_units(Assignment.objects.exclude(state=DONE), unit_ids)
    return _with_task(open_work.filter(due__in=list(days))).order_by("due", "id")


def unreported_assignments(
    unit_ids: UnitIds, today: datetime.date, *, period: Period | None = None
) -> QuerySet[Assignment]:
    """Open ongoing assignments with no report in their plan's current period.

    Each plan reports on its own cadence (quarterly by default); `period` forces one.
    """
    ongoing = _in_units(
        Assignment.objects.exclude(state=DONE).filter(task__kind=TimeframeKind.ONGOING),
        unit_ids,
    )
    if period is not None:
        return _with_task(ongoing.exclude(reported_q(period))).order_by("unit_id", "id")
    by_kind: dict[PeriodKind, list[int]] = {}
    plans = Plan.objects.filter(pk__in=ongoing.values("task__plan_id")).values_list(
        "pk", "reporting_cadence"
    )
    for plan_id, cadence in plans:
        kind = reporting_period(cadence=cadence or [], day=today).kind
        by_kind.setdefault(kind, []).append(plan_id)
    condition = Q(pk__in=[])
    for kind, plan_ids in by_kind.items():
        current = reporting_period(cadence=[kind], day=today)
        condition |= Q(task__plan_id__in=plan_ids) & ~reported_q(current)
    return _with_task(ongoing.filter(condition)).order_by("unit_id", "id")


def assignments_for_user(
    user: User, *, action: Action = Action.PROGRESS_VIEW
) -> QuerySet[Assignment]:
    """Every assignment whose unit the user may see (or report on, with PROGRESS_REPORT)."""
    return _with_task(Assignment.objects.filter(unit__in=units_for(user, action)))


def assignment_for_page(pk: int) -> Assignment | None:
    return (
        Assignment.objects.select_related(
            "task", "task__group", "task__plan", "task__plan__document", "task__plan__owner", "unit"
        )
        .filter(pk=pk)
        .first()
    )


def progress_history(assignment: Assignment) -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(assignment=assignment)
        .select_related("created_by")
        .prefetch_related("evidence")
        .order_by("-created_at", "-id")
    )


def audit_trail(task_id: int, *, assignment: Assignment | None = None) -> QuerySet[AuditEntry]:
    """What happened to a task, newest first; with `assignment`, only what concerns that
    unit's assignment (its state, its reports and their files)."""
    entries = AuditEntry.objects.filter(task_id=task_id)
    if assignment is not None:
        updates = ProgressUpdate.objects.filter(assignment=assignment)
        entries = entries.filter(
            Q(entity_type="assignment", entity_id=assignment.pk)
            | Q(entity_type="progressupdate", entity_id__in=updates.values("pk"))
            | Q(
                entity_type="evidence",
                entity_id__in=Evidence.objects.filter(update__in=updates).values("pk"),
            )
        )
    return entries.select_related("actor").order_by("-at", "-id")


def period_update(assignment: Assignment, period: Period) -> ProgressUpdate | None:
    """This period's report of an ongoing assignment, if the unit has sent it."""
    return ProgressUpdate.objects.filter(assignment=assignment, period_key=period.key).first()


# --- the dashboard -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    plan: Plan | None = None
    year: int | None = None
    unit: OrgUnit | None = None  # this unit and every unit below it
    # Only the work given to `unit` itself, not to the units below it: what a dashboard
    # line of a body's own work counts, so its drill-down lists the same tasks.
    own: bool = False


@dataclass
class UnitRow:
    """One line of the dashboard table (or the totals when unit is None).

    A line is a unit, or — for a reach wider than one body — a whole body or province
    with everything below it (`is_group`), which the person opens to see its units.
    """

    unit: OrgUnit | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TaskStatus.values, 0))
    reported: int = 0
    due_soon: int = 0  # open, due within the next UPCOMING_DAYS
    is_group: bool = False

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())

    @property
    def done_on_time(self) -> int:
        return self.counts[TaskStatus.DONE_ON_TIME]

    @property
    def done_late(self) -> int:
        return self.counts[TaskStatus.DONE_LATE]

    @property
    def open_on_time(self) -> int:
        return self.counts[TaskStatus.OPEN_ON_TIME]

    @property
    def overdue(self) -> int:
        return self.counts[TaskStatus.OPEN_OVERDUE]

    def as_json(self) -> dict[str, Any]:
        return {
            "assigned": self.assigned,
            "done_on_time": self.done_on_time,
            "done_late": self.done_late,
            "open_on_time": self.open_on_time,
            "overdue": self.overdue,
            "reported_this_period": self.reported,
            "due_soon": self.due_soon,
        }


def dashboard_period(
    filters: DashboardFilters, today: datetime.date, plans: Iterable[Plan] = ()
) -> Period:
    """The period "reported this period" counts in: the chosen plan's cadence; else the
    cadence all the plans in view share; else quarterly (what civil-defense plans use
    when they only say "định kỳ")."""
    if filters.plan is not None:
        return reporting_period(cadence=filters.plan.reporting_cadence, day=today)
    kinds = {reporting_period(cadence=p.reporting_cadence, day=today).kind for p in plans}
    kind = kinds.pop() if len(kinds) == 1 else PeriodKind.QUARTERLY
    return reporting_period(cadence=[kind], day=today)


# Past this many units a list of ids is no better than the subquery it replaces.
_ID_LIST_LIMIT = 5000


@dataclass(frozen=True)
class Reach:
    """The units a dashboard counts, and the level its lines show.

    `ids` is None when every unit counts (no filter at all). The lines are the children
    of `anchor` (and the anchor itself, for work given to it directly): the units of a
    body for its Office, the bodies of a province for the provincial command. With no
    single anchor (several bodies, or the whole country) the lines are the top units.
    """

    units: QuerySet[OrgUnit]
    within: QuerySet[OrgUnit]  # the person's whole reach, before the unit filter
    paths: dict[int, str]
    ids: list[int] | None
    anchor: str | None  # the anchor's path
    tops: frozenset[str]  # paths of the units in reach whose parent is not

    def line_of(self, path: str) -> int:
        """The id of the line a unit (by its path) is counted in."""
        if self.anchor is not None:
            parts = path.strip("/").split("/")
            depth = self.anchor.count("/") - 1
            return int(parts[depth] if len(parts) > depth else parts[-1])
        # The shortest prefix of the path that is a top unit's path ("/1/", "/1/4/", …).
        start, end = 1, path.find("/", 1)
        while end != -1:
            if path[: end + 1] in self.tops:
                return int(path[start:end])
            start, end = end + 1, path.find("/", end + 1)
        return int(path.strip("/").rsplit("/", 1)[-1])

    def unit_filter(self) -> list[int] | QuerySet[Any] | None:
        """What to filter assignments' units by: the ids, the units' query when they are
        too many to list, or None for every unit."""
        if self.ids is None:
            return None
        return self.ids if len(self.ids) <= _ID_LIST_LIMIT else self.units.values("pk")

    def choices(self) -> list[int]:
        """Units to move to from here: the anchor and those above it, and the lines."""
        if self.anchor is None:
            return [int(p.strip("/").split("/")[-1]) for p in self.tops]
        below = [i for i, p in self.paths.items() if _parent_path(p) == self.anchor]
        return self.crumbs() + below

    def crumbs(self) -> list[int]:
        """The anchor and the units above it, top first (reach_units keeps those within
        the person's reach)."""
        if self.anchor is None:
            return []
        return [int(part) for part in self.anchor.strip("/").split("/")]


def _parent_path(path: str) -> str:
    return path[: path.rstrip("/").rfind("/") + 1]


def dashboard_reach(units: QuerySet[OrgUnit], filters: DashboardFilters) -> Reach:
    """Where the dashboard stands (one query: the ids and paths of the units in reach).

    Counting over an explicit list of unit ids lets the database read just those units'
    rows through the index on unit; with a subquery PostgreSQL tends to scan the table.
    """
    within = units
    every = _every_unit(units) and filters.unit is None
    if filters.unit is not None:
        units = units.filter(path__startswith=filters.unit.path)
    paths = dict(units.order_by().values_list("id", "path"))
    ids = None if every else list(paths)
    known = set(paths.values())
    tops = frozenset(p for p in known if _parent_path(p) not in known)
    if filters.unit is not None:
        anchor: str | None = filters.unit.path
    else:
        anchor = next(iter(tops)) if len(tops) == 1 else None
    return Reach(units=units, within=within, paths=paths, ids=ids, anchor=anchor, tops=tops)


def reach_units(reach: Reach, ids: list[int]) -> list[OrgUnit]:
    """Those of `ids` within the person's reach, higher levels first, then by name."""
    found = reach.within.filter(pk__in=ids)
    return sorted(found, key=lambda u: (u.path.count("/"), sort_key(u.name)))


def dashboard_scope(reach: Reach, filters: DashboardFilters) -> QuerySet[Assignment]:
    """The assignments the dashboard counts: in the reach, narrowed by plan and year."""
    queryset = _in_units(Assignment.objects.all(), reach.unit_filter())
    if filters.own and filters.unit is not None:
        queryset = queryset.filter(unit=filters.unit)
    if filters.plan is not None:
        queryset = queryset.filter(task__plan=filters.plan)
    if filters.year is not None:
        queryset = queryset.filter(task__plan__year=filters.year)
    return queryset


def dashboard_by_unit(
    *,
    reach: Reach,
    filters: DashboardFilters,
    today: datetime.date,
    period: Period,
) -> list[UnitRow]:
    """Per line: assignments by status and those reported this period. Two queries
    whatever the number of units or tasks (the counts per unit and status, then the
    lines' names), after the one that found the reach."""
    counted = _counted_by_unit(reach=reach, filters=filters, today=today, period=period)
    # Summed per line in plain lists first: a country-wide reach has ten thousand units.
    sums: dict[int, list[int]] = {}
    grouped: set[int] = set()
    paths, line_of = reach.paths, reach.line_of
    for unit_id, *values in counted.values_list(
        "unit_id", "n", "done", "late", "overdue", "reported", "due_soon"
    ):
        path = paths.get(unit_id)
        if path is None:
            continue
        line = line_of(path)
        total = sums.get(line)
        if total is None:
            total = sums[line] = [0] * len(values)
        if line != unit_id:
            grouped.add(line)
        for i, value in enumerate(values):
            total[i] += value
    rows: dict[int, UnitRow] = {}
    for line, (n, done, late, overdue, reported, due_soon) in sums.items():
        row = rows[line] = UnitRow(unit=None, is_group=line in grouped)
        row.counts[TaskStatus.DONE_LATE] = late
        row.counts[TaskStatus.DONE_ON_TIME] = done - late
        row.counts[TaskStatus.OPEN_OVERDUE] = overdue
        row.counts[TaskStatus.OPEN_ON_TIME] = n - done - overdue
        row.reported = reported
        row.due_soon = due_soon
    if not rows:
        return []
    for org_unit in OrgUnit.objects.filter(pk__in=list(rows)).select_related("parent"):
        rows[org_unit.pk].unit = org_unit
    anchor_id = reach.line_of(reach.anchor) if reach.anchor else None
    # The anchor (work given to the body itself) first, then Vietnamese name order.
    return sorted(
        (row for row in rows.values() if row.unit is not None),
        key=lambda r: (r.unit.pk != anchor_id, sort_key(r.unit.name)) if r.unit else (True, ""),
    )


def counts_as_of() -> datetime.date | None:
    """The day the kept dashboard counts are for (None before the first count)."""
    return DashboardCountsAsOf.objects.filter(pk=1).values_list("as_of", flat=True).first()


def _counted_by_unit(
    *, reach: Reach, filters: DashboardFilters, today: datetime.date, period: Period
) -> QuerySet[Any]:
    """Per unit in scope: n, done, late, overdue, reported and due_soon.

    From the kept counts (tracking.counts) when they are for today, else from the
    assignments themselves; both give the same numbers (tests/tracking/test_counts.py).
    """
    if counts_as_of() == today and period == period_containing(period.kind, today):
        kept = DashboardCount.objects.filter(n__gt=0)  # as counting finds no line for none
        unit_filter = reach.unit_filter()
        if unit_filter is not None:
            kept = kept.filter(unit_id__in=unit_filter)
        if filters.plan is not None:
            kept = kept.filter(plan=filters.plan)
        if filters.year is not None:
            kept = kept.filter(plan__year=filters.year)
        return (
            kept.values("unit_id")
            .annotate(
                n=Sum("n"),
                done=Sum("done"),
                late=Sum("late"),
                overdue=Sum("overdue"),
                reported=Sum(f"reported_{PeriodKind(period.kind).value}"),
                due_soon=Sum("due_soon"),
            )
            .order_by()
        )
    # One row per unit with conditional counts (the filters of `status_case`): grouping by
    # unit alone lets the database aggregate in a small hash table, where grouping by
    # unit and status made PostgreSQL sort every row.
    return (
        dashboard_scope(reach, filters)
        .values("unit_id")
        .annotate(
            n=Count("id"),
            done=Count("id", filter=Q(state=DONE)),
            late=Count("id", filter=done_late_q()),
            overdue=Count("id", filter=overdue_q(today)),
            reported=Count("id", filter=reported_q(period)),
            due_soon=Count("id", filter=due_soon_q(today)),
        )
        .order_by()
    )


def dashboard_upcoming(
    *, reach: Reach, filters: DashboardFilters, today: datetime.date, limit: int = 10
) -> list[Assignment]:
    """The nearest open deadlines within the reach. The few rows are chosen on the
    assignments alone (the partial index on open work), then loaded with their task and
    plan: joining first would join every candidate."""
    soon = dashboard_scope(reach, filters).filter(due_soon_q(today))
    nearest = soon.order_by("due", "id").values("pk")[:limit]
    return list(_with_task(Assignment.objects.filter(pk__in=nearest)).order_by("due", "id"))


def dashboard_totals(rows: list[UnitRow]) -> UnitRow:
    """The totals line: the sum of the unit rows (no query of its own)."""
    total = UnitRow(unit=None)
    for row in rows:
        for key, value in row.counts.items():
            total.counts[key] += value
        total.reported += row.reported
        total.due_soon += row.due_soon
    return total


def dashboard_plans(units: QuerySet[OrgUnit]) -> QuerySet[Plan]:
    """Plans the filter offers: those owned by a body among `units` (pass the person's
    PLAN_VIEW units: a unit's people see the plans of their body)."""
    return (
        Plan.objects.filter(owner__in=units)
        .select_related("document")
        .defer("document__extraction")
        .order_by("-year", "-created_at")
    )


def assignment_list(
    *,
    reach: Reach,
    filters: DashboardFilters,
    today: datetime.date,
    period: Period,
    status: str | None = None,
    reported: str | None = None,
    open_only: bool = False,
    due_soon: bool = False,
) -> QuerySet[Assignment]:
    """The drill-down list: assignments in scope, with their status and report state
    annotated by the same SQL rules the dashboard counts with."""
    queryset = dashboard_scope(reach, filters)
    if open_only:
        queryset = queryset.exclude(state=DONE)
    if due_soon:
        queryset = queryset.filter(due_soon_q(today))
    queryset = queryset.annotate(status=status_case(today), report_state=report_state_case(period))
    if status in TaskStatus.values:
        queryset = queryset.filter(status=status)
    if reported in ReportState.values:
        queryset = queryset.filter(report_state=reported)
    return _with_task(queryset).order_by(
        Coalesce("due", Value(datetime.date.max)), "task__plan_id", "task__position", "unit_id"
    )


# --- home panels (web.home.PANEL_DATA) --------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """The leadership's home panel: the dashboard's totals and the units most behind."""

    totals: UnitRow
    behind: list[UnitRow]
    period: Period

    @property
    def items(self) -> list[tuple[Any, str, int]]:
        """(label, status key, count) for each of the four categories."""
        return [(s.label, s.value, self.totals.counts[s]) for s in TaskStatus]


def home_overview(user: User) -> list[Overview]:
    """One overview of everything the person may follow, or nothing before any plan."""
    import django.utils.timezone

    units = units_for(user, Action.DASHBOARD_VIEW)
    today = django.utils.timezone.localdate()
    filters = DashboardFilters()
    period = dashboard_period(filters, today)
    rows = dashboard_by_unit(
        reach=dashboard_reach(units, filters), filters=filters, today=today, period=period
    )
    if not rows:
        return []
    behind = sorted((r for r in rows if r.overdue), key=lambda r: -r.overdue)[:5]
    return [Overview(totals=dashboard_totals(rows), behind=behind, period=period)]


def home_attention(user: User) -> list[Assignment]:
    """The Office's home panel: overdue work of the units it follows, oldest first."""
    import django.utils.timezone

    units = units_for(user, Action.REMINDER_SEND)
    return list(overdue_assignments(units, django.utils.timezone.localdate())[:8])
