"""Adding one task to a plan after it was imported (e.g. to remedy an inspection finding).

Kept apart from `plans.services` (the import) so the follow-up work of inspections can
add tasks without touching the importer.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from phongthu.org.models import OrgUnit
from phongthu.plans.models import (
    Assignment,
    AssignmentRole,
    Plan,
    Task,
    TaskGroup,
    TimeframeKind,
)
from phongthu.text import clean
from phongthu.tracking.counts import Facts, dashboard_counts_apply


@transaction.atomic
def task_add(
    *,
    plan: Plan,
    content: str,
    lead: OrgUnit,
    due: datetime.date,
    by: User | None,
    group: TaskGroup | None = None,
) -> Task:
    """A task with a deadline, led by `lead`, appended at the end of the plan (or group).

    `by` is who asked for it; the task itself keeps no author (the audit trail does).
    """
    del by
    content = clean(content)
    if not content:
        raise ValueError("A task needs its content.")
    if group is not None and group.plan_id != plan.pk:
        raise ValueError("The group belongs to another plan.")
    last = Task.objects.filter(plan=plan).aggregate(last=Max("position"))["last"]
    task = Task.objects.create(
        plan=plan,
        group=group,
        content=content,
        # Written as plans print a deadline, so it reads like the imported rows.
        timeframe_text=f"Trước ngày {due:%d/%m/%Y}",
        kind=TimeframeKind.DEADLINE,
        due=due,
        position=(last or 0) + 1,
    )
    assignment = Assignment.objects.create(
        task=task, unit=lead, role=AssignmentRole.LEAD, as_printed=lead.name, due=due
    )
    dashboard_counts_apply(after=[Facts.of(assignment)])
    return task
