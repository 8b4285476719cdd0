"""Writes of tracking: progress reports with evidence, the Office's edits, the audit trail.

Every write here runs in one transaction that also records an AuditEntry, and checks the
version the person started from (optimistic concurrency): if someone else changed the
assignment meanwhile, `Conflict` is raised and nothing is written, so the page can show
both versions and keep what the person typed.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongthu.org.permissions import Action, can
from phongthu.plans.models import Assignment, AssignmentState, Task, TimeframeKind
from phongthu.text import clean, nfc
from phongthu.tracking.counts import Facts, dashboard_counts_apply
from phongthu.tracking.evidence import CheckedFile, EvidenceRejected, evidence_check
from phongthu.tracking.metrics import metrics_clean
from phongthu.tracking.models import AuditEntry, Evidence, ProgressUpdate
from phongthu.tracking.status import reporting_period

NARRATIVE_MAX = 20_000
MAX_FILES = 10


class ProgressError(ValueError):
    """The input cannot be recorded; the message is for the person (Vietnamese)."""


class Conflict(Exception):
    """Someone changed the assignment since the person opened it; nothing was written."""

    def __init__(self, *, expected_version: int, current: Assignment) -> None:
        self.expected_version = expected_version
        self.current_version = current.version
        self.current = current
        super().__init__(
            _(
                "Someone else updated this task while you were editing it (you started from "
                "version %(expected)s; it is now version %(current)s). Nothing was saved. "
                "Compare the two versions below; what you typed is kept in the form."
            )
            % {"expected": expected_version, "current": current.version}
        )


# --- audit trail ---------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    entity: models.Model,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    task: Task | int | None = None,
) -> AuditEntry:
    """Keep one change. Other apps (reminders, inspections) record through here too."""
    actor_user = actor if isinstance(actor, User) else None
    task_id = task.pk if isinstance(task, Task) else task
    return AuditEntry.objects.create(
        actor=actor_user,
        entity_type=entity._meta.model_name or type(entity).__name__.lower(),
        entity_id=entity.pk,
        task_id=task_id,
        action=action,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )


ASSIGNMENT_FIELDS = ("state", "percent", "completed_on", "due", "last_reported_at", "version")


def assignment_snapshot(assignment: Assignment) -> dict[str, Any]:
    """The assignment's current state as the audit trail and the conflict page show it."""
    return _jsonable({name: getattr(assignment, name) for name in ASSIGNMENT_FIELDS})


def _update_snapshot(update: ProgressUpdate) -> dict[str, Any]:
    return _jsonable(
        {
            "status": update.status,
            "narrative": update.narrative,
            "percent": update.percent,
            "metrics": update.metrics,
            "period_key": update.period_key,
        }
    )


# --- evidence ---------------------------------------------------------------------------------


def evidence_store(checked: CheckedFile) -> str:
    """Put the bytes under their sha256 (once); returns the storage name.

    Stored before the database rows: if the transaction then fails, an unreferenced blob
    remains, which is harmless (same bytes, same name) — never a row without its file.
    """
    name = checked.storage_name
    if not default_storage.exists(name):
        if checked.source is None:
            raise ProgressError(
                _("The file %(name)s is no longer available; choose it again.")
                % {"name": checked.name}
            )
        checked.source.seek(0)
        name = default_storage.save(name, File(checked.source, name=name))
    return name


def _checked(files: Sequence[CheckedFile | UploadedFile]) -> list[CheckedFile]:
    if len(files) > MAX_FILES:
        raise ProgressError(_("At most %(n)s files per report.") % {"n": MAX_FILES})
    checked = []
    for item in files:
        if isinstance(item, CheckedFile):
            checked.append(item)
        else:
            try:
                checked.append(evidence_check(name=item.name or "", file=item))
            except EvidenceRejected as exc:
                raise ProgressError(str(exc)) from None
    return checked


def _evidence_add(
    *, update: ProgressUpdate, files: list[CheckedFile], by: User | None
) -> list[Evidence]:
    added = []
    for checked in files:
        evidence = Evidence(
            update=update,
            sha256=checked.sha256,
            filename=checked.name,
            content_type=checked.kind.content_type,
            extension=checked.kind.extension,
            size=checked.size,
            uploaded_by=by,
        )
        evidence.file.name = evidence_store(checked)
        evidence.save()
        audit_record(
            actor=by,
            entity=evidence,
            action="evidence.add",
            before=None,
            after={
                "update": update.pk,
                "filename": evidence.filename,
                "sha256": evidence.sha256,
                "size": evidence.size,
            },
            task=update.assignment.task_id,
        )
        added.append(evidence)
    return added


# --- progress -------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    """Typed text as kept: NFC, line breaks kept (the unit's own layout), other control
    characters dropped (PostgreSQL refuses NUL; none has a meaning in a report)."""
    value = nfc((value or "").replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def _percent(value: int | None, state: AssignmentState) -> int | None:
    """The percentage as kept: done is 100 % (given as such, or left empty)."""
    if value is None:
        return 100 if state == AssignmentState.DONE else None
    if not 0 <= value <= 100:
        raise ProgressError(_("The percentage must be between 0 and 100."))
    if state == AssignmentState.DONE and value != 100:
        raise ProgressError(
            _("A finished task is 100 percent done: write 100 or leave the percentage empty.")
        )
    return value


def _state(value: str) -> AssignmentState:
    try:
        return AssignmentState(value)
    except ValueError:
        raise ProgressError(_("Choose a valid status.")) from None


def _locked(assignment: Assignment, expected_version: int) -> Assignment:
    """The assignment's row, locked for this transaction; Conflict if it moved on."""
    current = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("task", "task__plan", "unit")
        .get(pk=assignment.pk)
    )
    if current.version != expected_version:
        raise Conflict(expected_version=expected_version, current=current)
    return current


def _refresh(target: Assignment, source: Assignment) -> None:
    for name in ASSIGNMENT_FIELDS:
        setattr(target, name, getattr(source, name))


@transaction.atomic
def progress_submit(
    *,
    assignment: Assignment,
    by: User,
    status: str,
    narrative: str,
    percent: int | None,
    metrics: dict[str, Any],
    files: Sequence[CheckedFile | UploadedFile],
    expected_version: int,
    now: datetime.datetime | None = None,
) -> ProgressUpdate:
    """Record a unit's report and the assignment's new current state, atomically.

    - Only a member of the assignment's unit may report (PROGRESS_REPORT at unit scope).
    - `expected_version` is the assignment version the form was opened on; another
      change since then raises `Conflict` and writes nothing.
    - An ongoing task has one report per reporting period (the plan's cadence, quarterly
      by default): reporting again in the same period amends that report, and adds its
      files to it; the audit trail keeps the text it replaced.
    - Done sets `completed_on` to the day it was first reported done (kept when a done
      task is reported again) and 100 % unless a percentage is given; reopening clears it.
    """
    if not can(by, Action.PROGRESS_REPORT, assignment.unit):
        raise PermissionDenied
    state = _state(status)
    narrative = _text(narrative)
    if not narrative:
        raise ProgressError(_("Write what the unit has done."))
    if len(narrative) > NARRATIVE_MAX:
        raise ProgressError(
            _("The report is too long (at most %(n)s characters).") % {"n": NARRATIVE_MAX}
        )
    percent = _percent(percent, state)
    try:
        figures = metrics_clean(metrics or {})
    except ValueError as exc:
        raise ProgressError(str(exc)) from None
    checked = _checked(files)

    now = now or timezone.now()
    today = timezone.localdate(now)
    current = _locked(assignment, expected_version)
    before = assignment_snapshot(current)
    counted_before = Facts.of(current)

    period_key = ""
    if current.task.kind == TimeframeKind.ONGOING:
        period_key = reporting_period(cadence=current.task.plan.reporting_cadence, day=today).key
    existing = (
        ProgressUpdate.objects.filter(assignment=current, period_key=period_key).first()
        if period_key
        else None
    )
    values = {"status": state, "narrative": narrative, "percent": percent, "metrics": figures}
    if existing is not None:
        replaced = _update_snapshot(existing)
        for name, value in values.items():
            setattr(existing, name, value)
        existing.created_by = by
        existing.save(update_fields=[*values, "created_by", "updated_at"])
        update = existing
        audit_record(
            actor=by,
            entity=update,
            action="progress.amend",
            before=replaced,
            after=_update_snapshot(update),
            task=current.task,
        )
    else:
        update = ProgressUpdate.objects.create(
            assignment=current, period_key=period_key, created_by=by, created_at=now, **values
        )
        audit_record(
            actor=by,
            entity=update,
            action="progress.submit",
            before=None,
            after=_update_snapshot(update),
            task=current.task,
        )
    update.assignment = current
    _evidence_add(update=update, files=checked, by=by)

    if state == AssignmentState.DONE:
        completed_on = current.completed_on if current.state == AssignmentState.DONE else today
    else:
        completed_on = None
    current.state = state
    current.percent = percent
    current.completed_on = completed_on
    current.last_reported_at = now
    current.version += 1
    current.save(
        update_fields=[
            "state",
            "percent",
            "completed_on",
            "last_reported_at",
            "version",
            "updated_at",
        ]
    )
    dashboard_counts_apply(before=[counted_before], after=[Facts.of(current)])
    audit_record(
        actor=by,
        entity=current,
        action="assignment.report",
        before=before,
        after=assignment_snapshot(current),
        task=current.task,
    )
    _refresh(assignment, current)
    return update


@transaction.atomic
def assignment_update(
    *,
    assignment: Assignment,
    by: User,
    expected_version: int,
    state: str,
    percent: int | None,
    completed_on: datetime.date | None,
    due: datetime.date | None,
    reason: str,
) -> Assignment:
    """The Office corrects an assignment: its state, completion day or (extended) due date.

    Needs PLAN_EDIT over the unit (the Office of the body). The reason is required and
    kept in the audit trail with the values before and after.
    """
    if not can(by, Action.PLAN_EDIT, assignment.unit):
        raise PermissionDenied
    new_state = _state(state)
    percent = _percent(percent, new_state)
    reason = clean(_text(reason))
    if not reason:
        raise ProgressError(_("Give the reason for the change."))
    today = timezone.localdate()
    if new_state == AssignmentState.DONE:
        completed_on = completed_on or today
        if completed_on > today:
            raise ProgressError(_("The completion date cannot be in the future."))
    else:
        completed_on = None
    current = _locked(assignment, expected_version)
    before = assignment_snapshot(current)
    counted_before = Facts.of(current)
    current.state = new_state
    current.percent = percent
    current.completed_on = completed_on
    current.due = due
    current.version += 1
    current.save(update_fields=["state", "percent", "completed_on", "due", "version", "updated_at"])
    dashboard_counts_apply(before=[counted_before], after=[Facts.of(current)])
    audit_record(
        actor=by,
        entity=current,
        action="assignment.edit",
        before=before,
        after={**assignment_snapshot(current), "reason": reason},
        task=current.task,
    )
    _refresh(assignment, current)
    return current
