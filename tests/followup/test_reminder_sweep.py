"""The clock's reminders, on fixed dates: 7, 3 and 1 days before a deadline, once a task
is overdue, once a period's report falls due; each sent once however often it runs."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phongthu.followup import facts
from phongthu.followup.models import Reminder, Trigger
from phongthu.followup.services import reminders_due_sweep
from phongthu.plans.models import Assignment, PlanStatus
from phongthu.plans.task_add import task_add
from phongthu.reporting.periods import PeriodKind

D = datetime.date


BASE = D(2024, 6, 10)


def day(offset: int, base: datetime.date = BASE) -> datetime.date:
    return base + datetime.timedelta(days=offset)


# --- which reminder a deadline calls for (pure) ------------------------------------------------


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (30, None),
        (8, None),
        (7, Trigger.DUE_IN_7),
        (4, Trigger.DUE_IN_7),
        (3, Trigger.DUE_IN_3),
        (2, Trigger.DUE_IN_3),
        (1, Trigger.DUE_IN_1),
        (0, Trigger.DUE_IN_1),  # the day itself is still in time
        (-1, Trigger.OVERDUE),
        (-7, Trigger.OVERDUE),
        (-8, None),  # long past: the Office reminds those by hand
    ],
)
def test_due_trigger(left, expected):
    today = D(2024, 6, 10)
    assert facts.due_trigger(due=day(left, today), today=today) == expected


def test_no_deadline_no_clock_reminder():
    assert facts.due_trigger(due=None, today=D(2024, 6, 10)) is None


@given(
    due=st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    skipped=st.sets(st.integers(min_value=-12, max_value=12)),
)
def test_a_deadline_is_reminded_in_order_each_once(due, skipped):
    """Daily sweeps around a deadline, some days missed (the worker was down): whatever
    is sent comes in the order 7, 3, 1, overdue, each at most once, and the days right
    before and after the deadline always get theirs."""
    sent: list[Trigger] = []
    for offset in range(-12, 13):
        if offset in skipped:
            continue
        trigger = facts.due_trigger(due=due, today=due + datetime.timedelta(days=offset))
        if trigger is not None and trigger not in sent:
            sent.append(trigger)
    order = [Trigger.DUE_IN_7, Trigger.DUE_IN_3, Trigger.DUE_IN_1, Trigger.OVERDUE]
    assert sent == [t for t in order if t in sent]
    if not {-1, 0} <= skipped:
        assert Trigger.DUE_IN_1 in sent
    if not set(range(1, 8)) <= skipped:
        assert Trigger.OVERDUE in sent


def test_period_report_falls_due_five_days_after_the_cut_off():
    # Q2/2024 ends on 14/6; its report is due on 19/6 and reminded until 26/6
    assert (
        facts.reports_falling_due(kind=PeriodKind.QUARTERLY, deadline_days=5, today=D(2024, 6, 18))
        == []
    )
    [report] = facts.reports_falling_due(
        kind=PeriodKind.QUARTERLY, deadline_days=5, today=D(2024, 6, 19)
    )
    assert (report.period.key, report.due) == ("2024-Q2", D(2024, 6, 19))
    assert (
        facts.reports_falling_due(kind=PeriodKind.QUARTERLY, deadline_days=5, today=D(2024, 6, 27))
        == []
    )
    # a plan's own deadline moves it
    [report] = facts.reports_falling_due(
        kind=PeriodKind.MONTHLY, deadline_days=10, today=D(2024, 6, 24)
    )
    assert (report.period.key, report.due) == ("2024-M06", D(2024, 6, 24))


def test_report_deadline_days_reads_the_plan_when_it_has_one():
    class WithDeadline:
        report_deadline_days = 12

    assert facts.report_deadline_days(object()) == 5
    assert facts.report_deadline_days(WithDeadline()) == 12


# --- the sweep on the database ------------------------------------------------------------


@pytest.fixture
def deadlines(plan, unit):
    """Tasks of the plan led by Thanh tra Sở, due at offsets from 10/6/2024."""

    def add(offset: int, content: str | None = None) -> Assignment:
        task = task_add(
            plan=plan,
            content=content or f"Nhiệm vụ hạn {day(offset):%d/%m/%Y}",
            lead=unit("so-khcn-tt"),
            due=day(offset),
            by=None,
        )
        return task.assignments.get()

    return add


def _deadline_reminders(**filters):
    return Reminder.objects.exclude(trigger=Trigger.PERIOD_REPORT_DUE).filter(**filters)


@pytest.mark.django_db
def test_sweep_sends_each_deadline_reminder_once(personas, plan, deadlines):
    in7, in3, in1, late, old, far = (deadlines(o) for o in (7, 3, 1, -5, -30, 20))
    today = D(2024, 6, 10)

    made = reminders_due_sweep(today=today)

    triggers = {
        r.trigger: [a.pk for a in r.assignments.all()]
        for r in made
        if r.trigger != "period_report_due"
    }
    assert triggers == {
        Trigger.DUE_IN_7: [in7.pk],
        Trigger.DUE_IN_3: [in3.pk],
        Trigger.DUE_IN_1: [in1.pk],
        Trigger.OVERDUE: [late.pk],
    }
    for reminder in made:
        assert reminder.sent_by is None
        assert reminder.deliveries.filter(user=personas.unit_head).exists()
    overdue = _deadline_reminders(trigger=Trigger.OVERDUE).get()
    assert overdue.due_on == day(-5)
    assert "05/06/2024" in overdue.message
    # again the same day, and again an hour later: nothing new
    assert reminders_due_sweep(today=today) == []
    assert reminders_due_sweep(today=today) == []
    assert not _deadline_reminders(assignments__in=[old, far]).exists()


@pytest.mark.django_db
def test_daily_sweeps_walk_a_deadline_through_its_reminders(personas, plan, deadlines):
    task = deadlines(10)
    seen = []
    for offset in range(0, 20):
        for reminder in reminders_due_sweep(today=day(offset)):
            if reminder.trigger != Trigger.PERIOD_REPORT_DUE and task in reminder.assignments.all():
                seen.append((reminder.trigger, day(offset)))
    assert seen == [
        (Trigger.DUE_IN_7, day(3)),
        (Trigger.DUE_IN_3, day(7)),
        (Trigger.DUE_IN_1, day(9)),
        (Trigger.OVERDUE, day(11)),
    ]


@pytest.mark.django_db
def test_done_tasks_and_plans_not_in_force_are_not_reminded(personas, plan, unit, deadlines):
    done = deadlines(3)
    Assignment.objects.filter(pk=done.pk).update(state="done")
    draft_task = deadlines(1, "Nhiệm vụ của kế hoạch đã đóng")
    plan_closed = draft_task.task.plan
    assert plan_closed == plan
    plan.status = PlanStatus.CLOSED
    plan.save(update_fields=["status"])

    assert reminders_due_sweep(today=D(2024, 6, 10)) == []


@pytest.mark.django_db
def test_tasks_of_one_unit_with_one_deadline_come_in_one_reminder(personas, plan, deadlines):
    first, second = deadlines(3, "Việc thứ nhất"), deadlines(3, "Việc thứ hai")
    [reminder] = _deadline_reminders_after_sweep(D(2024, 6, 10))
    assert set(reminder.assignments.all()) == {first, second}
    # a task added later with the same deadline still gets its own reminder, once
    third = deadlines(3, "Việc thêm sau")
    [late] = _deadline_reminders_after_sweep(D(2024, 6, 10))
    assert list(late.assignments.all()) == [third]
    assert _deadline_reminders_after_sweep(D(2024, 6, 10)) == []


def _deadline_reminders_after_sweep(today):
    return [r for r in reminders_due_sweep(today=today) if r.trigger != Trigger.PERIOD_REPORT_DUE]


@pytest.mark.django_db
def test_a_reminder_made_meanwhile_by_another_worker_is_not_repeated(
    personas, plan, unit, deadlines
):
    # given another worker already created the reminder (same dedupe key) a moment ago
    task = deadlines(3)
    key = f"due_in_3:{plan.pk}:{task.unit_id}:{task.due.isoformat()}:{task.pk}"
    Reminder.objects.create(
        plan=plan, unit=task.unit, message="…", trigger=Trigger.DUE_IN_3, dedupe_key=key
    )
    # when this worker sweeps, the database's unique key stops the second copy
    assert _deadline_reminders_after_sweep(D(2024, 6, 10)) == []
    assert Reminder.objects.filter(dedupe_key=key).count() == 1


@pytest.mark.django_db
def test_period_report_due_reminds_units_that_have_not_reported(
    personas, plan, unit, assignment_of
):
    from django.utils import timezone

    # given Thanh tra reported on task 1 during Q2/2024, the Office never did
    reported = assignment_of("1", "so-khcn-tt")
    Assignment.objects.filter(pk=reported.pk).update(
        last_reported_at=timezone.make_aware(datetime.datetime(2024, 5, 2, 9, 0))
    )
    # an Office task reported in Q1 only still counts as unreported for Q2
    Assignment.objects.filter(pk=assignment_of("3", "so-khcn-vp").pk).update(
        last_reported_at=timezone.make_aware(datetime.datetime(2024, 2, 2, 9, 0))
    )

    # nothing before the report's deadline (14/6 + 5 days)
    assert [
        r for r in reminders_due_sweep(today=D(2024, 6, 18)) if r.trigger == "period_report_due"
    ] == []
    made = [
        r for r in reminders_due_sweep(today=D(2024, 6, 19)) if r.trigger == "period_report_due"
    ]

    units = {r.unit.code: sorted(a.task.label for a in r.assignments.all()) for r in made}
    # Thanh tra still owes task 2 (it supports it and never reported on it)
    assert units == {"so-khcn-vp": ["1", "3"], "so-khcn-qlcn": ["2"], "so-khcn-tt": ["2"]}
    for reminder in made:
        assert reminder.period_key == "2024-Q2"
        assert reminder.due_on == D(2024, 6, 19)
        assert "Quý II/2024" in reminder.message
    # the next days of the catch-up window send nothing more
    assert [
        r for r in reminders_due_sweep(today=D(2024, 6, 20)) if r.trigger == "period_report_due"
    ] == []


@pytest.mark.django_db
def test_a_report_made_after_the_cut_off_but_before_the_deadline_counts(
    personas, plan, unit, assignment_of
):
    from django.utils import timezone

    a = assignment_of("2", "so-khcn-qlcn")
    Assignment.objects.filter(pk=a.pk).update(
        last_reported_at=timezone.make_aware(datetime.datetime(2024, 6, 17, 16, 0))
    )
    made = [
        r for r in reminders_due_sweep(today=D(2024, 6, 19)) if r.trigger == "period_report_due"
    ]
    assert "so-khcn-qlcn" not in {r.unit.code for r in made}


@pytest.mark.django_db
def test_the_workers_clock_fires_the_sweep(personas, plan, deadlines):
    from django.utils import timezone

    from phongthu.clock import CLOCK_JOBS
    from phongthu.clock.services import Clock

    job = "phongthu.followup.jobs.reminders_clock"
    assert job in dict(CLOCK_JOBS)
    today = timezone.localdate()
    task = deadlines((today + datetime.timedelta(days=3) - BASE).days)

    [run] = Clock([(job, 3600)]).tick()

    assert run.succeeded, run.message
    assert run.message.startswith("1 lời nhắc mới")
    assert Reminder.objects.get(assignments=task).trigger == Trigger.DUE_IN_3
    # within the hour the clock does not fire it again
    assert Clock([(job, 3600)]).tick() == []
