"""`phongthu worker`: runs the queued read jobs from the database, and the clock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from phongthu.cli import main
from phongthu.clock.models import ClockRun
from phongthu.imports.models import ImportStatus, PlanImport
from phongthu.imports.services import plan_import_start

ROOT = Path(__file__).resolve().parents[2]
CALLS: list[int] = []


def counted_job() -> None:
    CALLS.append(1)


@pytest.mark.django_db(transaction=True)
def test_worker_burst_runs_the_queued_read(personas, unit, capsys):
    # given an upload, committed, whose read job waits in the database queue
    with transaction.atomic():
        plan_import = plan_import_start(
            data="Kế hoạch\n\nNội dung thử nghiệm.\n".encode(),
            filename="thu.txt",
            owner=unit("so-khcn"),
            by=personas.office,
        )
    job = DBTaskResult.objects.get()
    assert job.status == "READY"

    # when the worker processes what is queued
    assert main(["worker", "--burst"]) == 0

    # then the import is read and the job is recorded as done
    plan_import.refresh_from_db()
    assert plan_import.status == ImportStatus.READY
    assert plan_import.extraction["source"]["filename"] == "thu.txt"
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    assert "Đã xử lý 1 việc" in capsys.readouterr().out
    # nothing left: a second burst has nothing to do
    assert main(["worker", "--burst"]) == 0
    assert "Đã xử lý 0 việc" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_worker_fires_the_clock_once_across_restarts(monkeypatch):
    CALLS.clear()
    job = "tests.imports.test_worker.counted_job"
    monkeypatch.setattr("phongthu.clock.services.CLOCK_JOBS", [(job, 3600)])

    assert main(["worker", "--burst"]) == 0
    assert main(["worker", "--burst"]) == 0  # a restarted worker, within the hour

    assert CALLS == [1]
    assert ClockRun.objects.filter(job__name=job).count() == 1
    assert main(["worker", "--burst", "--no-clock"]) == 0
    assert CALLS == [1]


def test_worker_stops_gracefully_on_sigterm(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PHONGTHU_", "DATABASE"))}
    env.update(PHONGTHU_DATA_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    subprocess.run(
        [sys.executable, "-m", "phongthu", "init"], env=env, cwd=ROOT, check=True, timeout=300
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "phongthu", "worker", "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert worker.stdout is not None
        first = worker.stdout.readline()
        assert "đang chạy" in first

        worker.send_signal(signal.SIGTERM)
        rest = worker.communicate(timeout=60)[0]
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0
    assert "đã dừng" in rest


def test_worker_interval_must_be_sensible(capsys):
    with pytest.raises(SystemExit):
        main(["worker", "--interval", "-1"])
    assert "không phải số giây" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_a_job_for_a_deleted_import_does_nothing(personas, unit):
    with transaction.atomic():
        plan_import = plan_import_start(
            data=b"Ke hoach\n", filename="a.txt", owner=unit("so-khcn"), by=None
        )
    PlanImport.objects.filter(pk=plan_import.pk).delete()
    assert main(["worker", "--burst"]) == 0
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
