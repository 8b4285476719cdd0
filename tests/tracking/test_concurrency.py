"""Two people send a report on the same assignment at the same moment: one wins, the other
gets the conflict, and nothing is half-written. Real concurrent transactions, so this runs
where the database has row locks (PostgreSQL); the sequential case is in test_progress."""

from __future__ import annotations

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
        try:
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
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def recount_all() -> None:
        try:
            barrier.wait(timeout=10)
            dashboard_counts_rebuild(DAY)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(pk,)) for pk in pks]
    threads.append(threading.Thread(target=recount_all))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Assignment.objects.filter(pk__in=pks, state="done").count() == 2
    assert kept() == recount(DAY)
