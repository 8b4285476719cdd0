"""Two people send a report on the same assignment at the same moment: one wins, the other
gets the conflict, and nothing is half-written. Real concurrent transactions, so this runs
where the database has row locks (PostgreSQL); the sequential case is in test_progress."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection, connections

from phongthu.plans.models import Assignment
from phongthu.tracking.models import AuditEntry, ProgressUpdate
from phongthu.tracking.services import Conflict, progress_submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_reports_one_wins_one_conflicts(plan, personas):
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    pk = Assignment.objects.get(task__plan=plan, task__label="1", unit__code="so-khcn-tt").pk
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def send(text: str) -> None:
        try:
            assignment = Assignment.objects.select_related("task", "unit").get(pk=pk)
            barrier.wait(timeout=10)
            progress_submit(
                assignment=assignment,
                by=personas.unit_head,
                status="in_progress",
                narrative=text,
                percent=None,
                metrics={},
                files=[],
                expected_version=1,
            )
            outcomes.append("saved")
        except Conflict as exc:
            outcomes.append(f"conflict {exc.expected_version}->{exc.current_version}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(f"Báo cáo {i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict 1->2", "saved"]
    assert ProgressUpdate.objects.count() == 1
    assert Assignment.objects.get(pk=pk).version == 2
    assert AuditEntry.objects.filter(action="assignment.report").count() == 1


def _run(target, errors: list[BaseException]) -> threading.Thread:
    def body() -> None:
        try:
            target()
        except BaseException as exc:  # the assertion on `errors` reports it
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


def _finish(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()


def test_kept_dashboard_counts_survive_simultaneous_writes_and_a_recount(plan, personas):
    """Two reports on two assignments of one unit in one plan (the same counts row) and a
    recount of every row, all at once: the rows still equal the assignments."""
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    from phongthu.tracking.counts import dashboard_counts_rebuild
    from tests.tracking.conftest import DAY
    from tests.tracking.test_counts import at, kept, recount

    dashboard_counts_rebuild(DAY)
    pks = list(
        Assignment.objects.filter(task__plan=plan, unit__code="so-khcn-tt")
        .order_by("task__label")
        .values_list("pk", flat=True)
    )
    assert len(pks) == 2
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def send(pk: int) -> None:
        assignment = Assignment.objects.select_related("task", "unit").get(pk=pk)
        barrier.wait(timeout=10)
        progress_submit(
            assignment=assignment,
            by=personas.unit_head,
            status="done",
            narrative="Đã hoàn thành",
            percent=None,
            metrics={},
            files=[],
            expected_version=assignment.version,
            now=at(DAY),
        )

    def recount_all() -> None:
        barrier.wait(timeout=10)
        dashboard_counts_rebuild(DAY)

    _finish([_run(lambda pk=pk: send(pk), errors) for pk in pks] + [_run(recount_all, errors)])
    assert errors == []
    assert Assignment.objects.filter(pk__in=pks, state="done").count() == 2
    assert kept() == recount(DAY)


@pytest.mark.parametrize("counted", ["never", "yesterday"])
def test_a_recount_waits_for_the_write_in_flight(plan, personas, unit, counted):
    """A write is in its transaction when the recount for a new day starts — the very
    first recount, or the one after midnight. The recount waits for it, so the write is
    neither lost (counted before it committed, its difference applied to rows the
    recount then replaced, or to none) nor counted twice."""
    if connection.vendor != "postgresql":
        pytest.skip("the in-memory SQLite test database has no concurrent writers")
    from django.db import transaction

    from phongthu.plans.task_add import task_add
    from phongthu.tracking.counts import dashboard_counts_rebuild
    from phongthu.tracking.models import DashboardCount, DashboardCountsAsOf
    from tests.tracking.conftest import DAY
    from tests.tracking.test_counts import kept, recount

    if counted == "never":
        assert not DashboardCountsAsOf.objects.exists()
        assert not DashboardCount.objects.exists()
    else:
        dashboard_counts_rebuild(DAY - datetime.timedelta(days=1))
    written, go = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        with transaction.atomic():
            task_add(
                plan=plan,
                content="Khắc phục tồn tại sau kiểm tra",
                lead=unit("so-khcn-qlcn"),
                due=DAY + datetime.timedelta(days=5),
                by=personas.office,
            )
            written.set()
            assert go.wait(timeout=10)

    writer = _run(write, errors)
    assert written.wait(timeout=10)
    recounter = _run(lambda: dashboard_counts_rebuild(DAY), errors)
    recounter.join(timeout=1)
    waited = recounter.is_alive()  # still waiting for the write's transaction
    go.set()
    _finish([writer, recounter])
    assert errors == []
    assert waited
    assert DashboardCountsAsOf.objects.get().as_of == DAY
    assert kept() == recount(DAY)
