"""The reads others build on: overdue, upcoming, unreported, scoped lists, the dashboard."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from phongthu.org.models import OrgUnit
from phongthu.org.permissions import Action, units_for
from phongthu.plans.models import Assignment
from phongthu.reporting.periods import parse_period
from phongthu.tracking import queries
from phongthu.tracking.services import progress_submit

pytestmark = pytest.mark.django_db

D = datetime.date


def report(assignment, by, *, day, status="in_progress"):
    return progress_submit(
        assignment=assignment,
        by=by,
        status=status,
        narrative="Báo cáo",
        percent=None,
        metrics={},
        files=[],
        expected_version=assignment.version,
        now=datetime.datetime.combine(
            day, datetime.time(9), tzinfo=timezone.get_current_timezone()
        ),
    )


def codes(queryset):
    return sorted((a.task.label, a.unit.code) for a in queryset)


def test_overdue_assignments(plan, assignment_of, personas, unit):
    # task 2 is due 30/6/2024 (QLCN leads, Thanh tra supports); task 3 is Q1 (due 31/3)
    assert codes(queries.overdue_assignments(None, D(2024, 6, 30))) == [("3", "so-khcn-vp")]
    assert codes(queries.overdue_assignments(None, D(2024, 7, 1))) == [
        ("2", "so-khcn-qlcn"),
        ("2", "so-khcn-tt"),
        ("3", "so-khcn-vp"),
    ]
    # scoped to units; done work is never overdue
    report(
        assignment_of("2", "so-khcn-qlcn"), personas.other_staff, day=D(2024, 7, 2), status="done"
    )
    only = [unit("so-khcn-qlcn").pk, unit("so-khcn-tt").pk]
    assert codes(queries.overdue_assignments(only, D(2024, 7, 3))) == [("2", "so-khcn-tt")]


def test_upcoming_and_due_on(plan):
    assert codes(queries.upcoming_deadlines(None, D(2024, 6, 1), days=30)) == [
        ("2", "so-khcn-qlcn"),
        ("2", "so-khcn-tt"),
    ]
    assert codes(queries.upcoming_deadlines(None, D(2024, 5, 1), days=30)) == []
    assert len(queries.assignments_due_on(None, [D(2024, 6, 30), D(2024, 3, 31)])) == 3


def test_unreported_follow_each_plans_cadence(plan, assignment_of, personas):
    today = D(2024, 5, 20)  # 2024-Q2, 2024-H1
    ongoing = {("1", "so-khcn-tt"), ("1", "so-khcn-vp")}
    assert set(codes(queries.unreported_assignments(None, today))) == ongoing
    # reported in the quarter: no longer unreported
    report(assignment_of("1", "so-khcn-tt"), personas.unit_head, day=D(2024, 4, 1))
    assert codes(queries.unreported_assignments(None, today)) == [("1", "so-khcn-vp")]
    # a report in the previous quarter does not count for this one …
    assert codes(queries.unreported_assignments(None, D(2024, 6, 20))) == [
        ("1", "so-khcn-tt"),
        ("1", "so-khcn-vp"),
    ]
    # … unless the plan reports half-yearly (15/12/2023 – 14/6/2024 is one period)
    plan.reporting_cadence = ["half_yearly"]
    plan.save(update_fields=["reporting_cadence"])
    assert codes(queries.unreported_assignments(None, D(2024, 6, 10))) == [("1", "so-khcn-vp")]
    # a period can be forced
    forced = queries.unreported_assignments(None, today, period=parse_period("2024-Q1"))
    assert len(forced) == 2


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("unit_head", {"so-khcn-tt"}),
        ("other_staff", {"so-khcn-qlcn"}),
        ("office", {"so-khcn-tt", "so-khcn-vp", "so-khcn-qlcn"}),
        ("director", {"so-khcn-tt", "so-khcn-vp", "so-khcn-qlcn"}),
        ("higher_body", {"so-khcn-tt", "so-khcn-vp", "so-khcn-qlcn"}),
        ("other_department", set()),
        ("clerk", set()),
        ("admin", set()),
    ],
)
def test_assignments_for_user_are_scoped(plan, personas, persona, expected):
    found = queries.assignments_for_user(getattr(personas, persona))
    assert {a.unit.code for a in found} == expected


def test_dashboard_rows_and_filters(plan, assignment_of, personas, unit):
    report(assignment_of("1", "so-khcn-tt"), personas.unit_head, day=D(2024, 5, 2))
    report(assignment_of("3", "so-khcn-vp"), personas.office, day=D(2024, 3, 20), status="done")
    report(assignment_of("2", "so-khcn-tt"), personas.unit_head, day=D(2024, 7, 5), status="done")
    units = units_for(personas.office, Action.DASHBOARD_VIEW)
    period = parse_period("2024-Q2")
    rows = queries.dashboard_by_unit(
        reach=queries.dashboard_reach(units, queries.DashboardFilters()),
        filters=queries.DashboardFilters(),
        today=D(2024, 7, 10),
        period=period,
    )
    by_code = {row.unit.code: row for row in rows}
    assert set(by_code) == {"so-khcn-tt", "so-khcn-vp", "so-khcn-qlcn"}
    tt = by_code["so-khcn-tt"]
    assert (tt.assigned, tt.done_on_time, tt.done_late, tt.open_on_time, tt.overdue) == (
        2,
        0,
        1,
        1,
        0,
    )
    assert tt.reported == 1  # the report of 2/5 is in Q2; that of 5/7 is not
    assert by_code["so-khcn-vp"].done_on_time == 1  # Q1 task done 20/3
    assert by_code["so-khcn-qlcn"].overdue == 1
    totals = queries.dashboard_totals(rows)
    # 20/3 is already in Q2 (from 15/3): the Office's report counts too
    assert (totals.assigned, totals.overdue, totals.reported) == (5, 1, 2)
    # a unit filter keeps that unit (and what hangs below it)
    qlcn = queries.DashboardFilters(unit=unit("so-khcn-qlcn"))
    only = queries.dashboard_by_unit(
        reach=queries.dashboard_reach(units, qlcn),
        filters=qlcn,
        today=D(2024, 7, 10),
        period=period,
    )
    assert [r.unit.code for r in only] == ["so-khcn-qlcn"]
    # a year no plan has shows nothing
    none = queries.dashboard_by_unit(
        reach=queries.dashboard_reach(units, queries.DashboardFilters(year=2030)),
        filters=queries.DashboardFilters(year=2030),
        today=D(2024, 7, 10),
        period=period,
    )
    assert none == []


def test_another_body_sees_nothing_of_ours(plan, personas):
    units = units_for(personas.other_department, Action.DASHBOARD_VIEW)
    rows = queries.dashboard_by_unit(
        reach=queries.dashboard_reach(units, queries.DashboardFilters()),
        filters=queries.DashboardFilters(),
        today=D(2024, 7, 10),
        period=parse_period("2024-Q2"),
    )
    assert rows == []
    assert not units.filter(code__startswith="so-khcn").exists()


def test_open_work_queries_use_the_partial_index(plan, unit):
    """The Facts measured: the open-work filter must read `state <> 'done'` for the
    partial index to be used (SQLite ignores it for `state IN (…)`)."""
    queryset = queries.overdue_assignments([unit("so-khcn-tt").pk], D(2024, 7, 1))
    sql, params = queryset.query.sql_with_params()
    assert "<> " in sql or "NOT (" in sql
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        plan_text = " ".join(str(row) for row in cursor.fetchall())
    assert "assignment_open_due" in plan_text, plan_text


def test_units_outside_any_scope_are_not_counted(plan, unit):
    stray = OrgUnit.objects.get(code="so-ct-qlcn")
    task = plan.tasks.first()
    Assignment.objects.create(task=task, unit=stray, role="support")
    units = OrgUnit.objects.filter(path__startswith=unit("so-khcn").path)
    rows = queries.dashboard_by_unit(
        reach=queries.dashboard_reach(units, queries.DashboardFilters()),
        filters=queries.DashboardFilters(),
        today=D(2024, 7, 10),
        period=parse_period("2024-Q2"),
    )
    assert "so-ct-qlcn" not in {r.unit.code for r in rows}


def test_a_wide_reach_shows_bodies_that_open_to_their_units(plan, personas, unit):
    # the provincial command reads the whole province: its lines are the bodies
    units = units_for(personas.higher_body, Action.DASHBOARD_VIEW)
    everything = queries.DashboardFilters()
    reach = queries.dashboard_reach(units, everything)
    rows = queries.dashboard_by_unit(
        reach=reach, filters=everything, today=D(2024, 7, 10), period=parse_period("2024-Q2")
    )
    assert [(r.unit.code, r.is_group, r.assigned) for r in rows] == [("so-khcn", True, 5)]
    offered = {u.code for u in queries.reach_units(reach, reach.choices())}
    assert {"ubnd-tinh", "so-khcn", "so-ct", "bo-chqs"} <= offered
    assert "so-khcn-tt" not in offered  # one level at a time
    # opening the Sở shows its units, as its own Office sees them
    body = queries.DashboardFilters(unit=unit("so-khcn"))
    reach = queries.dashboard_reach(units, body)
    rows = queries.dashboard_by_unit(
        reach=reach, filters=body, today=D(2024, 7, 10), period=parse_period("2024-Q2")
    )
    assert {r.unit.code for r in rows} == {"so-khcn-tt", "so-khcn-vp", "so-khcn-qlcn"}
    assert not any(r.is_group for r in rows)
    assert [u.code for u in queries.reach_units(reach, reach.crumbs())] == ["ubnd-tinh", "so-khcn"]


def test_work_given_to_a_body_itself_is_its_own_line(plan, unit):
    body = unit("so-khcn")
    Assignment.objects.create(task=plan.tasks.first(), unit=body, role="support")
    units = OrgUnit.objects.filter(path__startswith=body.path)
    everything = queries.DashboardFilters()
    rows = queries.dashboard_by_unit(
        reach=queries.dashboard_reach(units, everything),
        filters=everything,
        today=D(2024, 7, 10),
        period=parse_period("2024-Q2"),
    )
    assert rows[0].unit == body and rows[0].assigned == 1 and not rows[0].is_group
