"""The worker's clock: each periodic job fires once per period, across restarts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from phongthu.clock import CLOCK_JOBS
from phongthu.clock.models import ClockJob, ClockRun
from phongthu.clock.services import Clock, clock_runs_prune, clock_tick

pytestmark = pytest.mark.django_db

CALLS: list[str] = []
JOB = "tests.clock.test_clock.job_that_counts"
BROKEN = "tests.clock.test_clock.job_that_breaks"
HOUR = 3600


def job_that_counts() -> str:
    CALLS.append("ran")
    return f"lần thứ {len(CALLS)}"


def job_that_breaks() -> None:
    raise ValueError("hỏng")


@pytest.fixture(autouse=True)
def _no_calls():
    CALLS.clear()


T0 = datetime.datetime(2024, 3, 1, 8, 0, tzinfo=datetime.UTC)


def at(seconds: float) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


def test_a_job_fires_once_per_period():
    clock = Clock([(JOB, HOUR)])

    assert len(clock.tick(now=at(0))) == 1  # never ran: due at once
    assert clock.tick(now=at(1)) == []
    assert clock.tick(now=at(HOUR - 1)) == []
    assert len(clock.tick(now=at(HOUR))) == 1
    assert clock.tick(now=at(HOUR + 30)) == []

    assert CALLS == ["ran", "ran"]
    runs = ClockRun.objects.filter(job__name=JOB)
    assert runs.count() == 2
    assert all(run.succeeded and run.finished_at for run in runs)
    assert runs.first().message == "lần thứ 2"


def test_a_restarted_clock_does_not_fire_again_within_the_period():
    # given a worker whose clock fired the job, then stopped
    Clock([(JOB, HOUR)]).tick(now=at(0))

    # when a new worker process starts a fresh clock a minute later
    restarted = Clock([(JOB, HOUR)])

    # then the job waits for its period, remembered in the database
    assert restarted.tick(now=at(60)) == []
    assert len(restarted.tick(now=at(HOUR))) == 1
    assert CALLS == ["ran", "ran"]
    assert ClockJob.objects.get(name=JOB).last_fired_at == at(HOUR)


def test_two_workers_at_the_same_moment_fire_the_job_once():
    first, second = Clock([(JOB, HOUR)]), Clock([(JOB, HOUR)])
    assert len(first.tick(now=at(0))) + len(second.tick(now=at(0))) == 1
    assert CALLS == ["ran"]


def test_a_broken_job_is_recorded_and_the_others_still_run():
    runs = clock_tick(now=at(0), jobs=[(BROKEN, 60), (JOB, 60)])

    assert [run.succeeded for run in runs] == [False, True]
    assert "ValueError: hỏng" in runs[0].message
    assert CALLS == ["ran"]
    # it is retried next period, not at every tick
    assert clock_tick(now=at(30), jobs=[(BROKEN, 60)]) == []
    assert len(clock_tick(now=at(60), jobs=[(BROKEN, 60)])) == 1


def test_a_job_that_cannot_be_imported_is_recorded_as_failed():
    (run,) = clock_tick(now=at(0), jobs=[("phongthu.khong_co.viec", 60)])
    assert run.succeeded is False
    assert "phongthu.khong_co" in run.message


def test_the_registry_is_checked():
    with pytest.raises(ValueError, match="listed twice"):
        Clock([(JOB, 60), (JOB, 120)])
    with pytest.raises(ValueError, match="every 1 second"):
        Clock([(JOB, 0)])


def test_every_registered_job_can_be_imported():
    from django.utils.module_loading import import_string

    for name, every in CLOCK_JOBS:
        assert callable(import_string(name))
        assert every >= 1


def test_old_run_records_are_pruned():
    job = ClockJob.objects.create(name=JOB, every_seconds=60)
    old = ClockRun.objects.create(
        job=job, started_at=timezone.now() - datetime.timedelta(days=40), succeeded=True
    )
    recent = ClockRun.objects.create(job=job, started_at=timezone.now(), succeeded=True)

    message = clock_runs_prune()

    assert "1" in message
    assert not ClockRun.objects.filter(pk=old.pk).exists()
    assert ClockRun.objects.filter(pk=recent.pk).exists()
