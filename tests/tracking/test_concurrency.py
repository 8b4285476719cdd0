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
