"""The dashboard's kept counts (tracking.counts) equal a count of the assignments after
every kind of write, and the dashboard reads them only when they are for today."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phongthu.plans.models import Assignment, Task
from phongthu.plans.services import (
    SubplanTaskInput,
    plan_import,
    plan_rollover,
    subplan_create,
)
from phongthu.plans.task_add import task_add
from phongthu.reporting.periods import PeriodKind, period_containing
from phongthu.tracking import queries
from phongthu.tracking.counts import (
    COLUMNS,
    Facts,
    contribution,
    dashboard_counts_apply,
    dashboard_counts_rebuild,
    dashboard_counts_refresh,
)
from phongthu.tracking.models import DashboardCount, DashboardCountsAsOf
from phongthu.tracking.services import assignment_update, progress_submit
from tests.tracking.conftest import DAY, extraction, task

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=7))


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def facts(**overrides: object) -> Facts:
    values: dict[str, object] = {
        "unit_id": 1,
        "plan_id": 1,
        "state": "not_started",
        "due": None,
        "completed_on": None,
        "last_reported_at": None,
    }
    values.update(overrides)
    return Facts(**values)  # type: ignore[arg-type]


def as_columns(values: tuple[int, ...]) -> dict[str, int]:
    return {c: v for c, v in zip(COLUMNS, values, strict=True) if v}


# --- what one assignment adds (the pure function) -----------------------------------------


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ({}, {"n": 1}),
        ({"due": DAY}, {"n": 1, "due_soon": 1}),  # due today: still in time, and due soon
        ({"due": DAY + datetime.timedelta(days=30)}, {"n": 1, "due_soon": 1}),
        ({"due": DAY + datetime.timedelta(days=31)}, {"n": 1}),
        ({"due": DAY - datetime.timedelta(days=1)}, {"n": 1, "overdue": 1}),
        (
            {"state": "done", "due": DAY, "completed_on": DAY},
            {"n": 1, "done": 1},
        ),
        (
            {"state": "done", "due": DAY - datetime.timedelta(days=2), "completed_on": DAY},
            {"n": 1, "done": 1, "late": 1},
        ),
        # reported on 20/05/2024: within May (monthly), Q2 (15/3–14/6), H1 and the year
        (
            {"last_reported_at": at(DAY)},
            {
                "n": 1,
                "reported_monthly": 1,
                "reported_quarterly": 1,
                "reported_half_yearly": 1,
                "reported_yearly": 1,
            },
        ),
        # reported on 10/05: before the monthly period that began on 15/05
        (
            {"last_reported_at": at(datetime.date(2024, 5, 10))},
            {"n": 1, "reported_quarterly": 1, "reported_half_yearly": 1, "reported_yearly": 1},
        ),
    ],
)
def test_contribution_follows_the_status_functions(case, expected):
    assert as_columns(contribution(facts(**case), DAY)) == expected


def test_periods_used_for_reported_are_those_containing_the_day():
    assert period_containing(PeriodKind.MONTHLY, DAY).start == datetime.date(2024, 5, 15)


# --- kept counts equal the assignments, after every write ---------------------------------


def recount(as_of: datetime.date) -> dict[tuple[int, int], dict[str, int]]:
    """What the rows should hold: each assignment's contribution, summed in Python."""
    rows: dict[tuple[int, int], list[int]] = {}
    for assignment in Assignment.objects.select_related("task"):
        row = rows.setdefault((assignment.unit_id, assignment.task.plan_id), [0] * len(COLUMNS))
        for i, value in enumerate(contribution(Facts.of(assignment), as_of)):
            row[i] += value
    return {key: dict(zip(COLUMNS, values, strict=True)) for key, values in rows.items()}


def kept() -> dict[tuple[int, int], dict[str, int]]:
    return {
        (row["unit_id"], row["plan_id"]): {c: row[c] for c in COLUMNS}
        for row in DashboardCount.objects.values("unit_id", "plan_id", *COLUMNS)
        # a row whose assignments all moved on counts nothing and stays harmlessly
        if any(row[c] for c in COLUMNS)
    }


def assert_kept_counts_true(as_of: datetime.date = DAY) -> None:
    assert kept() == recount(as_of)


def report(assignment, by, *, status="in_progress", when=DAY):
    assignment.refresh_from_db()
    return progress_submit(
        assignment=assignment,
        by=by,
        status=status,
        narrative="Đã triển khai",
        percent=None,
        metrics={},
        files=[],
        expected_version=assignment.version,
        now=at(when),
    )


def test_rebuild_counts_the_assignments(plan):
    assert dashboard_counts_rebuild(DAY) == len(recount(DAY))
    assert_kept_counts_true()
    assert DashboardCountsAsOf.objects.get().as_of == DAY


def test_every_write_keeps_the_counts_true(plan, assignment_of, personas, unit):
    dashboard_counts_rebuild(DAY)
    # a report on an ongoing task, then the deadline task done late, then reopened
    report(assignment_of("1", "so-khcn-tt"), personas.unit_head)
    assert_kept_counts_true()
    late = assignment_of("3", "so-khcn-vp")  # Q1: due 14/3 (or end of March)
    report(late, personas.office, status="done", when=DAY)
    assert_kept_counts_true()
    report(late, personas.office, status="in_progress", when=DAY)
    assert_kept_counts_true()
    # the Office moves a due date and marks work done by hand
    deadline = assignment_of("2", "so-khcn-qlcn")
    deadline.refresh_from_db()
    assignment_update(
        assignment=deadline,
        by=personas.office,
        expected_version=deadline.version,
        state="done",
        percent=None,
        completed_on=DAY - datetime.timedelta(days=1),
        due=DAY - datetime.timedelta(days=5),
        reason="Gia hạn theo chỉ đạo của Giám đốc",
    )
    assert_kept_counts_true()
    # a task added by hand (a finding's follow-up), a unit's own plan, next year's draft
    task_add(
        plan=plan,
        content="Khắc phục tồn tại sau kiểm tra",
        lead=unit("so-khcn-qlcn"),
        due=DAY + datetime.timedelta(days=10),
        by=personas.office,
    )
    assert_kept_counts_true()
    subplan_create(
        parent=plan,
        unit=unit("so-khcn-tt"),
        title="Kế hoạch chi tiết của Thanh tra Sở",
        by=personas.unit_head,
        tasks=[SubplanTaskInput(parent_task=plan.tasks.first(), content="Rà soát quý II")],
    )
    assert_kept_counts_true()
    plan_rollover(plan=plan, by=personas.office)
    assert_kept_counts_true()
    # and a second plan imported
    plan_import(
        extraction=extraction(
            [task("1", "Diễn tập phòng thủ dân sự", ["Văn phòng Sở"], "Tháng 5/2024")],
            title="Kế hoạch diễn tập phòng thủ dân sự năm 2024",
        ),
        owner=unit("so-khcn"),
        by=None,
    )
    assert_kept_counts_true()


def test_writes_before_the_first_count_write_no_counts(plan, assignment_of, personas):
    report(assignment_of("1", "so-khcn-tt"), personas.unit_head)
    assert not DashboardCount.objects.exists()
    assert queries.counts_as_of() is None
    assert dashboard(personas, DAY)[0] == "assignments"
    dashboard_counts_rebuild(DAY)
    assert_kept_counts_true()


def test_recount_and_contribution_agree_on_every_edge(plan, unit):
    """The recount (SQL twins of the status rules) and `contribution` (the status
    functions) on due dates around today and the 30-day window, with and without a
    completion day, and reports on the first and last instants of each kind of period,
    including local times that fall on another day in UTC."""
    tz = timezone.get_current_timezone()

    def local(day: datetime.date, *clock: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(*clock), tzinfo=tz)

    reports: list[datetime.datetime | None] = [None]
    for kind in PeriodKind:
        period = period_containing(kind, DAY)
        before, after = (
            period.start - datetime.timedelta(days=1),
            period.end + datetime.timedelta(days=1),
        )
        reports += [
            local(period.start, 0, 0),
            local(before, 23, 59, 59, 999999),
            local(period.end, 23, 59, 59, 999999),
            local(after, 0, 0),
            local(period.start, 6, 59, 59),  # the day before, in UTC
            local(period.end, 7, 0, 0),  # the day after, in UTC
        ]
    dues = [None] + [DAY + datetime.timedelta(days=d) for d in (-1, 0, 1, 29, 30, 31)]
    cases = [
        (due, state, completed_on, reported)
        for due in dues
        for state, completed_on in (("in_progress", None), ("done", DAY), ("done", None))
        for reported in reports
    ]
    tasks = Task.objects.bulk_create(
        Task(plan=plan, content=f"Nhiệm vụ {i}", kind="deadline", position=1000 + i)
        for i in range(len(cases))
    )
    Assignment.objects.bulk_create(
        Assignment(
            task=task,
            unit=unit("so-khcn-vp"),
            role="lead",
            due=due,
            state=state,
            completed_on=completed_on,
            last_reported_at=reported,
        )
        for task, (due, state, completed_on, reported) in zip(tasks, cases, strict=True)
    )
    dashboard_counts_rebuild(DAY)
    assert_kept_counts_true()


@pytest.mark.django_db(transaction=True)
def test_apply_refuses_to_run_outside_a_transaction():
    # counts written outside the write's transaction could outlive a write rolled back
    with pytest.raises(RuntimeError):
        dashboard_counts_apply(after=[facts()])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["1/so-khcn-tt", "2/so-khcn-qlcn", "2/so-khcn-tt", "3/so-khcn-vp"]),
            st.sampled_from(["report", "update"]),
            st.sampled_from(["not_started", "in_progress", "done"]),
            st.integers(min_value=-120, max_value=120),  # days from DAY
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_sequence_of_writes_keeps_the_counts_true(plan, assignment_of, personas, steps):
    if queries.counts_as_of() != DAY:  # the first example (examples share the database)
        dashboard_counts_rebuild(DAY)
    for target, kind, state, offset in steps:
        label, code = target.split("/")
        assignment = assignment_of(label, code)
        day = DAY + datetime.timedelta(days=offset)
        if kind == "report":
            by = {
                "so-khcn-tt": personas.unit_head,
                "so-khcn-qlcn": personas.other_staff,
                "so-khcn-vp": personas.office,
            }[code]
            report(assignment, by, status=state, when=min(day, DAY))
        else:
            assignment.refresh_from_db()
            assignment_update(
                assignment=assignment,
                by=personas.office,
                expected_version=assignment.version,
                state=state,
                percent=None,
                completed_on=min(day, DAY) if state == "done" else None,
                due=day,
                reason="Điều chỉnh",
            )
    assert_kept_counts_true()


# --- the dashboard reads the kept counts only when they are for today ---------------------


def dashboard(personas, today, **filters):
    from phongthu.org.permissions import Action, units_for

    chosen = queries.DashboardFilters(**filters)
    reach = queries.dashboard_reach(units_for(personas.director, Action.DASHBOARD_VIEW), chosen)
    period = queries.dashboard_period(chosen, today)
    with CaptureQueriesContext(connection) as captured:
        rows = queries.dashboard_by_unit(reach=reach, filters=chosen, today=today, period=period)
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    source = "kept" if f'FROM "{DashboardCount._meta.db_table}"' in tables else "assignments"
    return source, [(r.unit.pk if r.unit else None, r.as_json()) for r in rows]


@pytest.mark.parametrize(
    "filters", [{}, {"year": 2024}, {"year": 2023}, {"plan": "quarterly"}, {"plan": "monthly"}]
)
def test_dashboard_from_kept_counts_equals_counting_the_assignments(
    plan, assignment_of, personas, unit, filters
):
    if filters.get("plan"):
        # a monthly plan counts "reported" in May from 15/5: the report of 10/5 is not in it
        plan.reporting_cadence = [filters["plan"]]
        plan.save(update_fields=["reporting_cadence"])
        filters = {"plan": plan}
    report(assignment_of("1", "so-khcn-tt"), personas.unit_head, when=datetime.date(2024, 5, 10))
    report(assignment_of("2", "so-khcn-tt"), personas.unit_head)
    report(assignment_of("3", "so-khcn-vp"), personas.office, status="done")
    live = dashboard(personas, DAY, **filters)
    assert live[0] == "assignments"  # nothing counted yet
    dashboard_counts_rebuild(DAY)
    from_kept = dashboard(personas, DAY, **filters)
    assert from_kept[0] == "kept"
    assert from_kept[1] == live[1]
    reported = sum(line["reported_this_period"] for _unit, line in live[1])
    if filters.get("year") == 2023:
        assert reported == 0  # no plan of 2023
    else:
        assert reported == (2 if plan.reporting_cadence == ["monthly"] else 3)
    # and for the unit filter, one level down
    below = dashboard(personas, DAY, unit=unit("so-khcn"), **filters)
    DashboardCountsAsOf.objects.all().delete()
    assert dashboard(personas, DAY, unit=unit("so-khcn"), **filters)[1] == below[1]


def test_counts_for_another_day_are_not_read(plan, personas):
    dashboard_counts_rebuild(DAY - datetime.timedelta(days=1))
    assert dashboard(personas, DAY)[0] == "assignments"


def test_the_clock_counts_again_when_the_day_changes(plan, assignment_of, personas):
    from phongthu.clock import CLOCK_JOBS

    assert "phongthu.tracking.counts.dashboard_counts_refresh" in dict(CLOCK_JOBS)
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    # counted yesterday, with a report since (its difference applied as of yesterday)
    dashboard_counts_rebuild(yesterday)
    report(assignment_of("2", "so-khcn-qlcn"), personas.other_staff, status="done")
    assert dashboard(personas, today)[0] == "assignments"  # yesterday's counts: not read
    assert "counted" in dashboard_counts_refresh()
    assert DashboardCountsAsOf.objects.get().as_of == today
    assert_kept_counts_true(today)
    assert dashboard(personas, today)[0] == "kept"
    # the same day again: nothing to do
    counted_at = DashboardCountsAsOf.objects.get().counted_at
    assert "are for" in dashboard_counts_refresh()
    assert DashboardCountsAsOf.objects.get().counted_at == counted_at
