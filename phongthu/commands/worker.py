"""`phongthu worker`: runs the background jobs and the clock, until it is told to stop.

Background jobs are `django.tasks` tasks kept as rows by the database backend
(django_tasks_db); the worker runs them with that package's own `Worker`, a batch at
a time, and between batches lets the clock (`phongthu.clock`) fire the periodic jobs
that are due. `--burst` processes what is queued, ticks the clock once and exits.

SIGTERM or Ctrl+C stop it gracefully: the job that is running finishes, then the worker
exits. A second signal aborts the running job (which is then recorded as failed).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

from phongthu.cli import django_setup, err, out

logger = logging.getLogger("phongthu.worker")

# Jobs run per batch before the clock gets a turn, so a long queue cannot starve it.
BATCH = 20


class WorkerLoop:
    """The worker's main loop: a batch of queued jobs, a tick of the clock, a short sleep."""

    def __init__(
        self,
        *,
        interval: float = 1.0,
        burst: bool = False,
        clock: bool = True,
        parent_pid: int | None = None,
    ) -> None:
        from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
        from django.utils.crypto import get_random_string
        from django_tasks_db.backend import DatabaseBackend

        from phongthu.clock.services import Clock

        self.interval = interval
        self.burst = burst
        self.parent_pid = parent_pid
        self.clock = Clock() if clock else None
        self.backend_name = DEFAULT_TASK_BACKEND_ALIAS
        # With another backend (e.g. "immediate") there is no queue here to work on.
        self.has_queue = isinstance(task_backends[self.backend_name], DatabaseBackend)
        self.worker_id = get_random_string(32)
        self.stopping = False
        self.jobs_run = 0
        self._batch: Any = None
        # Its Worker announces every batch it starts and ends: once a second here. Only
        # its warnings matter; each job's start and end is logged by django.tasks.
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING)

    # --- signals ----------------------------------------------------------------------------

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:
            # Second signal: abort the running job; the batch records it as failed.
            raise SystemExit(1)
        logger.warning("Đã nhận tín hiệu %s: dừng sau việc đang làm.", signal.strsignal(signum))
        self.stopping = True
        if self._batch is not None:
            self._batch.running = False

    @contextlib.contextmanager
    def signals(self) -> Iterator[None]:
        wanted = [signal.SIGINT, signal.SIGTERM]
        previous = {}
        for signum in wanted:
            with contextlib.suppress(ValueError):  # not the main thread: leave them alone
                previous[signum] = signal.signal(signum, self._on_signal)
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    # --- the loop --------------------------------------------------------------------------

    def run(self) -> int:
        """Run until stopped (or, with burst, until the queue is empty). Returns jobs run."""
        from django.db import close_old_connections

        with self.signals():
            while not self.stopping:
                if self._orphaned():
                    logger.info("Tiến trình cha đã dừng; máy xử lý nền dừng theo.")
                    break
                try:
                    if self.clock is not None:
                        self.clock.tick()
                    ran = self._run_batch()
                except Exception:
                    if self.burst:
                        raise
                    # A database that is briefly away must not end the worker: wait, retry.
                    logger.exception("Máy xử lý nền gặp lỗi; sẽ thử lại.")
                    close_old_connections()
                    ran = 0
                if self.burst and ran < BATCH:
                    break
                if ran == 0:
                    self._sleep(self.interval)
        return self.jobs_run

    def _run_batch(self) -> int:
        """Run up to BATCH queued jobs with django_tasks_db's own Worker; how many ran."""
        if not self.has_queue:
            return 0
        from django_tasks_db.management.commands.db_worker import Worker

        loop = self

        class _Counting(Worker):
            def run_task(self, db_task_result: Any) -> None:
                try:
                    super().run_task(db_task_result)
                finally:
                    loop.jobs_run += 1

        before = self.jobs_run
        self._batch = _Counting(
            queue_names=["*"],
            interval=self.interval,
            batch=True,
            backend_name=self.backend_name,
            startup_delay=False,
            max_tasks=BATCH,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
        try:
            self._batch.run()
        finally:
            self._batch = None
        return self.jobs_run - before

    def _orphaned(self) -> bool:
        return self.parent_pid is not None and os.getppid() != self.parent_pid

    def _sleep(self, seconds: float) -> None:
        # Short naps, so a stop request is honoured within a tenth of a second.
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))


def cmd_worker(args: argparse.Namespace) -> int:
    django_setup()
    loop = WorkerLoop(
        interval=args.interval,
        burst=args.burst,
        clock=not args.no_clock,
        parent_pid=args.with_parent,
    )
    if not loop.has_queue:
        out(
            "Việc nền không xếp hàng trong cơ sở dữ liệu (PHONGTHU_TASKS_BACKEND): "
            "chỉ chạy đồng hồ."
        )
    if args.burst:
        ran = loop.run()
        out(f"Đã xử lý {ran} việc trong hàng đợi.")
        return 0
    # Signals are caught before saying so: a stop request right after is then graceful too.
    with loop.signals():
        out("Máy xử lý nền đang chạy (Ctrl+C để dừng).")
        ran = loop.run()
    out(f"Máy xử lý nền đã dừng sau {ran} việc.")
    return 0


@contextlib.contextmanager
def worker_beside() -> Iterator[subprocess.Popen[bytes]]:
    """Run `phongthu worker` in a child process for as long as the block runs (the demo).

    SIGTERM to this process becomes SystemExit, so the block's `finally` runs and the
    child is stopped gracefully; the child also stops by itself if this process dies.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "phongthu", "worker", "--with-parent", str(os.getpid())]
    )

    def _exit(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    previous: Callable[[int, FrameType | None], Any] | int | None = signal.signal(
        signal.SIGTERM, _exit
    )
    try:
        yield process
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            err("Máy xử lý nền không dừng kịp; buộc dừng.")
            process.kill()
            process.wait()


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise argparse.ArgumentTypeError(f"“{value}” không phải số giây từ 0 đến 3600.")
    return seconds


def register(verb: Callable[[str, Callable[[argparse.Namespace], int], str], Any]) -> None:
    sub = verb("worker", cmd_worker, "Chạy các việc nền (đọc văn bản, nhắc việc) và đồng hồ.")
    sub.add_argument(
        "--burst",
        "--once",
        action="store_true",
        help="Xử lý hết việc đang chờ, chạy đồng hồ một lần rồi thoát.",
    )
    sub.add_argument(
        "--interval",
        metavar="GIÂY",
        type=_seconds,
        default=1.0,
        help="Số giây nghỉ giữa hai lần kiểm tra hàng đợi (mặc định 1).",
    )
    sub.add_argument("--no-clock", action="store_true", help="Không chạy các việc định kỳ.")
    sub.add_argument("--with-parent", type=int, default=None, help=argparse.SUPPRESS)
