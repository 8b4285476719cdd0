"""Firing the periodic jobs of CLOCK_JOBS: once per period, across restarts and workers.

A job is due when it never fired or its last firing is at least a period ago. Firing
starts with one conditional UPDATE of the job's row ("set last_fired_at = now where it
is still old enough"): the database lets exactly one caller win it, so a restarted
worker, or a second worker beside the first, does not fire the job again within the
same period. The run itself is then recorded as a `ClockRun` with its outcome.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence

from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from phongthu.clock import CLOCK_JOBS
from phongthu.clock.models import ClockJob, ClockRun

logger = logging.getLogger(__name__)

# How long the record of a run is kept.
KEEP_RUNS_DAYS = 30
_MESSAGE_LIMIT = 2000


class Clock:
    """The clock of one worker process. Its only memory is the database."""

    def __init__(self, jobs: Sequence[tuple[str, int]] | None = None) -> None:
        self.jobs = list(CLOCK_JOBS if jobs is None else jobs)
        seen: set[str] = set()
        for name, every in self.jobs:
            if every < 1:
                raise ValueError(f"CLOCK_JOBS: {name} must run every 1 second or more")
            if name in seen:
                raise ValueError(f"CLOCK_JOBS: {name} is listed twice")
            seen.add(name)
        self._ids: dict[str, int] = {}

    def tick(self, *, now: datetime.datetime | None = None) -> list[ClockRun]:
        """Fire every job that is due at `now`; return the runs made."""
        now = now or timezone.now()
        runs = []
        for name, every in self.jobs:
            job_id = self._job_id(name, every)
            if _claim(job_id, every=every, now=now):
                runs.append(_run(job_id, name))
        return runs

    def _job_id(self, name: str, every: int) -> int:
        if name not in self._ids:
            job, _created = ClockJob.objects.get_or_create(
                name=name, defaults={"every_seconds": every}
            )
            self._ids[name] = job.pk
        return self._ids[name]


def _claim(job_id: int, *, every: int, now: datetime.datetime) -> bool:
    since = now - datetime.timedelta(seconds=every)
    due = Q(last_fired_at__isnull=True) | Q(last_fired_at__lte=since)
    claimed = ClockJob.objects.filter(due, pk=job_id).update(
        last_fired_at=now, every_seconds=every, updated_at=timezone.now()
    )
    return claimed == 1


def _run(job_id: int, name: str) -> ClockRun:
    run = ClockRun.objects.create(job_id=job_id, started_at=timezone.now())
    try:
        result = import_string(name)()
    except Exception as exc:
        # A broken job must not stop the worker nor the other jobs; its record says why.
        logger.exception("Scheduled job %s failed", name)
        run.succeeded = False
        run.message = f"{type(exc).__name__}: {exc}"[:_MESSAGE_LIMIT]
    else:
        run.succeeded = True
        run.message = "" if result is None else str(result)[:_MESSAGE_LIMIT]
    run.finished_at = timezone.now()
    run.save(update_fields=["succeeded", "message", "finished_at"])
    return run


def clock_tick(
    *, now: datetime.datetime | None = None, jobs: Sequence[tuple[str, int]] | None = None
) -> list[ClockRun]:
    """One tick of a fresh clock: what a worker does each time it wakes."""
    return Clock(jobs).tick(now=now)


def clock_runs_prune() -> str:
    """Forget the records of runs older than KEEP_RUNS_DAYS (itself a periodic job)."""
    limit = timezone.now() - datetime.timedelta(days=KEEP_RUNS_DAYS)
    deleted, _details = ClockRun.objects.filter(started_at__lt=limit).delete()
    return f"Đã xoá {deleted} bản ghi lượt chạy cũ hơn {KEEP_RUNS_DAYS} ngày."
