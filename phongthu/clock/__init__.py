"""The worker's clock: periodic jobs that `phongthu worker` fires on schedule.

Add a periodic job by appending one line to CLOCK_JOBS: the dotted path of a function
that takes no arguments, and how often it runs, in seconds. For example:

    ("phongthu.tracking.jobs.reminders_send_due", 60 * 60),

The function runs inside the worker process, so it should be quick or enqueue a task
for the heavy part. Whatever it returns is kept (as text) on the record of the run.

Nothing depends on someone clicking: the last firing of every job is a row in the
database (`clock.ClockJob`), claimed with one conditional UPDATE, so a restarted
worker does not fire a job again before its period is over, and two workers never
fire the same job twice for one period. Each run leaves a `clock.ClockRun` row with its
outcome.
"""

from __future__ import annotations

CLOCK_JOBS: list[tuple[str, int]] = [
    ("phongthu.clock.services.clock_runs_prune", 24 * 60 * 60),
    ("phongthu.followup.jobs.reminders_clock", 60 * 60),
    ("phongthu.reporting.jobs.reporting_clock", 60 * 60),
    # The dashboard's kept counts are for one day: count them again soon after midnight.
    ("phongthu.tracking.counts.dashboard_counts_refresh", 5 * 60),
]
