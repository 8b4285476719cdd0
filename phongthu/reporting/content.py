"""What a report says, from the data: a unit's pre-filled report, the compiled report's
sections, and the table of every task with its lead unit, status and result.

Everything here reads; nothing writes. Statuses are the tracking rules
(`tracking.status.task_status`), asked "as of" the report's cut-off: a task reported done
after the cut-off was not done yet at the cut-off, so the report of that period does not
count it done. Figures are those of the progress reports (`tracking.metrics`), summed
over the latest report of each assignment in the window.

Texts are plain lines: a line "1. …" is a numbered heading, "- …" an item, any other
line a paragraph; the renderer and the page read them the same way.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
)

from phongthu.org.models import BODY_KINDS, OrgUnit
from phongthu.plans.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Plan,
    Task,
    TimeframeKind,
)
from phongthu.reporting.facts import Timeliness
from phongthu.reporting.models import ReportRequest, UnitReport
from phongthu.reporting.periods import cadence_kind, period_containing
from phongthu.text import format_date, search_key, sort_key
from phongthu.tracking.metrics import DOCUMENTS_REVIEWED, PARTICIPANTS, SESSIONS
from phongthu.tracking.models import ProgressUpdate
from phongthu.tracking.status import TaskStatus, period_bounds, task_status

DONE = AssignmentState.DONE.value


@dataclass(frozen=True)
class Window:
    """The days a report covers, inclusive (the `tracking.status.PeriodLike` shape)."""

    start: datetime.date
    end: datetime.date


def window_of(request: ReportRequest) -> Window:
    return Window(request.start, request.cutoff)


def as_of(request: ReportRequest, today: datetime.date) -> datetime.date:
    """The day statuses are read at: the cut-off, or today while the period runs."""
    return min(today, request.cutoff)


def status_at(assignment: Assignment, day: datetime.date) -> TaskStatus:
    """The tracking status of an assignment as it stood on `day`."""
    state, completed = assignment.state, assignment.completed_on
    if state == DONE and completed is not None and completed > day:
        # Done later than `day`: on that day the work was still in hand.
        state, completed = AssignmentState.IN_PROGRESS.value, None
    return task_status(
        kind=assignment.task.kind,
        due=assignment.due,
        state=state,
        completed_on=completed,
        today=day,
    )


# --- which tasks a period counts -----------------------------------------------------------------

# The plan's own tasks are made by its import, in one transaction: a task made within this
# long of the plan's row came with it. A task made later was added to the plan then (a
# corrective task after an inspection finding, `plans.task_add`).
IMPORT_WINDOW = datetime.timedelta(minutes=5)


def task_in_period_q(request: ReportRequest, prefix: str = "") -> Q:
    """The tasks of the plan a report counts (on Task, or through `prefix`, e.g. "task__").

    A period counts a task that existed by its cut-off: one of the plan as issued (its
    import may be years later than the plan; the plan's tasks are all of the plan's
    periods), or one added on or before the cut-off; also one whose deadline falls by
    then, or one reported on within or before the period (its report shows it existed).
    A task added after the cut-off belongs to later periods only: a report of 15/06 –
    14/12/2025 never counts a task made on 29/11/2026.
    """
    _first, after = period_bounds(window_of(request))
    came_with_plan = ExpressionWrapper(
        F("plan__created_at") + Value(IMPORT_WINDOW), output_field=DateTimeField()
    )
    reported = ProgressUpdate.objects.filter(assignment__task=OuterRef("pk")).filter(
        Q(created_at__lt=after) | _updates_q(request)
    )
    condition = (
        Q(created_at__lt=after)
        | Q(created_at__lte=came_with_plan)
        | Q(due__lte=request.cutoff)
        | Q(Exists(reported))
    )
    tasks = Task.objects.filter(plan_id=request.plan_id).filter(condition)
    return Q(**{f"{prefix}pk__in": tasks.values("pk")})


# --- progress in a window ------------------------------------------------------------------------


def _updates_q(request: ReportRequest) -> Q:
    first, after = period_bounds(window_of(request))
    inside = Q(created_at__gte=first, created_at__lt=after)
    # An ongoing task's report names its period: one sent a few days after the cut-off
    # for this period still belongs to it.
    return inside | Q(period_key=request.period_key) if request.period_key else inside


def latest_updates(
    request: ReportRequest, *, unit: OrgUnit | None = None
) -> dict[int, ProgressUpdate]:
    """The latest progress report of each assignment of the plan in the request's window
    (of one unit's assignments when `unit` is given), by assignment id."""
    updates = ProgressUpdate.objects.filter(assignment__task__plan_id=request.plan_id).filter(
        _updates_q(request)
    )
    if unit is not None:
        updates = updates.filter(assignment__unit=unit)
    latest: dict[int, ProgressUpdate] = {}
    for update in updates.select_related("assignment__task", "assignment__unit").order_by(
        "created_at", "pk"
    ):
        latest[update.assignment_id] = update
    return latest


def _sum_figures(updates: Iterable[ProgressUpdate]) -> dict[str, int]:
    total: dict[str, int] = {}
    for update in updates:
        for key, value in (update.metrics or {}).items():
            if isinstance(value, int) and not isinstance(value, bool):
                total[key] = total.get(key, 0) + value
    return total


def figures_sentence(figures: dict[str, int]) -> str:
    """'tổ chức 3 buổi (lượt), 120 lượt người tham gia; rà soát 12 văn bản' (Vietnamese,
    as the document prints it), or '' without figures."""
    parts = []
    if figures.get(SESSIONS) or figures.get(PARTICIPANTS):
        held = []
        if figures.get(SESSIONS):
            held.append(f"tổ chức {figures[SESSIONS]} buổi, cuộc")
        if figures.get(PARTICIPANTS):
            held.append(f"{figures[PARTICIPANTS]} lượt người tham gia")
        parts.append(" với ".join(held))
    if figures.get(DOCUMENTS_REVIEWED):
        parts.append(f"rà soát {figures[DOCUMENTS_REVIEWED]} văn bản")
    return "; ".join(parts)


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters for a notice (never for the document itself):
    cut at the last word that fits, before a trailing punctuation mark, then "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head and not text[limit - 1].isspace():
        head = head.rsplit(" ", 1)[0]  # never inside a word ("nội b…")
    return head.rstrip(" ,;:.-–") + "…"


def _task_name(task: Task) -> str:
    """A task as a report writes it: its number and its whole content. An official report
    never cuts a task short: a clipped line ("quy chế nội b…") misquotes the plan."""
    text = task.content.rstrip(".")
    return f"{task.label}. {text}" if task.label else text


def _unit_name(unit: OrgUnit) -> str:
    # The full name: short names ("VP", "TTr") are the archive's codes, not how a report
    # names a unit.
    return unit.name


# --- a unit's report, pre-filled -----------------------------------------------------------------


def unit_prefill(request: ReportRequest, unit: OrgUnit, today: datetime.date) -> dict[str, Any]:
    """A unit's report as its progress reports in the window already tell it."""
    latest = latest_updates(request, unit=unit)
    results = []
    for update in sorted(latest.values(), key=lambda u: (u.assignment.task.position, u.pk)):
        assignment = update.assignment
        role = "" if assignment.role == AssignmentRole.LEAD else " (phối hợp)"
        state = AssignmentState(update.status).label
        percent = f", {update.percent}%" if update.percent is not None else ""
        narrative = " ".join(update.narrative.split())
        results.append(f"- {_task_name(assignment.task)}{role}: {narrative} ({state}{percent}).")
    day = as_of(request, today)
    open_work = (
        Assignment.objects.filter(task__plan_id=request.plan_id, unit=unit)
        .filter(task_in_period_q(request, "task__"))
        .exclude(state=DONE)
        .select_related("task")
        .order_by("task__position", "pk")
    )
    difficulties, next_steps = [], []
    following = _next_window(request)
    for assignment in open_work:
        status = status_at(assignment, day)
        if status == TaskStatus.OPEN_OVERDUE and assignment.due is not None:
            difficulties.append(
                f"- {_task_name(assignment.task)}: chưa hoàn thành, quá hạn "
                f"{format_date(assignment.due)}."
            )
        elif assignment.task.kind == TimeframeKind.ONGOING or (
            assignment.due is not None and assignment.due <= following.end
        ):
            due = f" (hạn {format_date(assignment.due)})" if assignment.due else ""
            next_steps.append(f"- {_task_name(assignment.task)}{due}.")
    return {
        "results": "\n".join(results),
        "difficulties": "\n".join(difficulties),
        "next_steps": "\n".join(next_steps),
        "proposals": "",
        "figures": _sum_figures(latest.values()),
    }


def _next_window(request: ReportRequest) -> Window:
    """The period after the request's cut-off, in the plan's own cadence."""
    kind = cadence_kind(list(request.plan.reporting_cadence or []))
    following = period_containing(kind, request.cutoff + datetime.timedelta(days=1))
    return Window(following.start, following.end)


# --- the table of every task ---------------------------------------------------------------------


@dataclass
class TaskLine:
    """One row of the appendix and of the task-status XLSX."""

    group_label: str
    group_title: str
    label: str
    content: str
    leads: list[str]
    statuses: list[tuple[str, TaskStatus]]  # (lead unit, status), one per lead
    result: str
    due: datetime.date | None
    timeframe: str

    @property
    def status_text(self) -> str:
        if len(self.statuses) == 1:
            return str(self.statuses[0][1].label)
        return "; ".join(f"{unit}: {status.label}" for unit, status in self.statuses)


def task_lines(request: ReportRequest, today: datetime.date) -> list[TaskLine]:
    """Every task of the plan, group by group, with its lead units, their status at the
    cut-off and the latest result they reported by then. A fixed four queries."""
    day = as_of(request, today)
    tasks = (
        Task.objects.filter(plan_id=request.plan_id)
        .filter(task_in_period_q(request))
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(role=AssignmentRole.LEAD)
                .select_related("unit", "task")
                .order_by("pk"),
                to_attr="leads",
            )
        )
        # The plan's own groups first, in its order, so they keep its numbering (I → 1,
        # II → 2); tasks outside any group (added later, e.g. to remedy a finding) after.
        .order_by(F("group__position").asc(nulls_last=True), "position", "pk")
    )
    _first, after = period_bounds(window_of(request))
    results: dict[int, ProgressUpdate] = {}
    reported = (
        ProgressUpdate.objects.filter(
            assignment__task__plan_id=request.plan_id,
            assignment__role=AssignmentRole.LEAD,
        )
        .filter(Q(created_at__lt=after) | _updates_q(request))
        .only("assignment_id", "narrative", "created_at")
        .order_by("created_at", "pk")
    )
    for update in reported:
        results[update.assignment_id] = update
    lines = []
    for task in tasks:
        leads: list[Assignment] = list(getattr(task, "leads", []))
        names = []
        for assignment in leads:
            name = assignment.as_printed or assignment.unit.name
            if name not in names:
                names.append(name)
        narratives = [" ".join(results[a.pk].narrative.split()) for a in leads if a.pk in results]
        lines.append(
            TaskLine(
                group_label=task.group.label if task.group else "",
                group_title=task.group.title if task.group else "",
                label=task.label,
                content=task.content,
                leads=names,
                statuses=[(_unit_name(a.unit), status_at(a, day)) for a in leads],
                result=" ".join(narratives),
                due=task.due,
                timeframe=task.timeframe_text,
            )
        )
    return lines


# --- the compiled report's sections --------------------------------------------------------------


@dataclass
class Column:
    """One unit's state for the request, for the compiled report's completeness sentence."""

    unit: OrgUnit
    state: Timeliness
    report: UnitReport | None = None


@dataclass
class Sections:
    opening: str = ""
    results: str = ""
    difficulties: str = ""
    next_steps: str = ""
    proposals: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _counts(statuses: Iterable[TaskStatus]) -> dict[TaskStatus, int]:
    counts = dict.fromkeys(TaskStatus, 0)
    for status in statuses:
        counts[status] += 1
    return counts


def _group_summary(n: int, counts: dict[TaskStatus, int]) -> str:
    done = counts[TaskStatus.DONE_ON_TIME] + counts[TaskStatus.DONE_LATE]
    parts = [f"{done} nhiệm vụ đã hoàn thành"]
    if done:
        parts[0] += (
            f" ({counts[TaskStatus.DONE_ON_TIME]} đúng hạn, {counts[TaskStatus.DONE_LATE]} quá hạn)"
        )
    parts.append(f"{counts[TaskStatus.OPEN_ON_TIME]} nhiệm vụ đang thực hiện trong hạn")
    parts.append(f"{counts[TaskStatus.OPEN_OVERDUE]} nhiệm vụ chưa hoàn thành, quá hạn")
    return f"Tổng số {n} nhiệm vụ: " + "; ".join(parts) + "."


def _task_status(line: TaskLine) -> TaskStatus:
    """A task's own status from its leads': the worst of them (overdue beats open, late
    beats on time), so one lead behind shows the task behind."""
    order = [
        TaskStatus.OPEN_OVERDUE,
        TaskStatus.DONE_LATE,
        TaskStatus.OPEN_ON_TIME,
        TaskStatus.DONE_ON_TIME,
    ]
    found = {status for _unit, status in line.statuses}
    for status in order:
        if status in found:
            return status
    return TaskStatus.OPEN_ON_TIME


def in_sentence(name: str, fallback: str) -> str:
    """A body's name as running text writes it: headers print "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    a sentence says "Sở Khoa học và Công nghệ" (the org tree's spelling)."""
    return fallback if not name or name.isupper() else name


def plan_reference(plan: Plan) -> str:
    """'Kế hoạch số 15/KH-KHCN ngày 12/03/2025 của Sở Khoa học và Công nghệ'."""
    document = plan.document
    words = [document.type or "Kế hoạch"]
    if document.reference and not document.reference.startswith("/"):
        words.append(f"số {document.reference}")
    if document.date is not None:
        words.append(f"ngày {format_date(document.date)}")
    words.append(f"của {in_sentence(document.issuer, plan.owner.name)}")
    return " ".join(words)


def compile_sections(
    *,
    request: ReportRequest,
    lines: list[TaskLine],
    columns: list[Column],
    unit_reports: list[UnitReport],
    today: datetime.date,
    issuer: str,
) -> Sections:
    """The compiled report's four sections, pre-filled from the data for the Office to edit."""
    plan = request.plan
    issuer = in_sentence(issuer, plan.owner.name)
    window = (
        f"số liệu tính từ ngày {format_date(request.start)} đến ngày {format_date(request.cutoff)}"
    )
    subject = plan.document.title or "kế hoạch"
    subject = subject[:1].lower() + subject[1:]
    if request.question:
        asked = " ".join(request.question.split()).rstrip(".")
        opening = (
            f"Thực hiện {plan_reference(plan)} về {subject}, theo yêu cầu báo cáo đột xuất "
            f"về {asked[:1].lower() + asked[1:]}, {issuer} báo cáo như sau ({window}):"
        )
    else:
        opening = (
            f"Thực hiện {plan_reference(plan)} về {subject}, {issuer} báo cáo kết quả thực "
            f"hiện {request.title.removeprefix('Báo cáo ').strip()} ({window}) như sau:"
        )

    latest = latest_updates(request)
    by_task: dict[int, list[ProgressUpdate]] = defaultdict(list)
    for update in latest.values():
        by_task[update.assignment.task_id].append(update)
    tasks = {t.pk: t for t in Task.objects.filter(plan_id=request.plan_id).select_related("group")}
    groups: dict[tuple[str, str], list[TaskLine]] = {}
    for line in lines:
        groups.setdefault((line.group_label, line.group_title), []).append(line)
    results: list[str] = []
    number = 0
    for (label, title), members in groups.items():
        number += 1
        results.append(f"{number}. {title or 'Các nhiệm vụ khác'}")
        results.append(_group_summary(len(members), _counts(_task_status(m) for m in members)))
        group_updates: list[ProgressUpdate] = []
        for task in tasks.values():
            group_key = (task.group.label, task.group.title) if task.group else ("", "")
            if group_key != (label, title):
                continue
            for update in sorted(by_task.get(task.pk, []), key=lambda u: u.pk):
                group_updates.append(update)
        figures = figures_sentence(_sum_figures(group_updates))
        if figures:
            results.append(f"Kết quả cụ thể: {figures}.")
        for update in sorted(
            group_updates, key=lambda u: (u.assignment.task.position, u.assignment.unit.name)
        ):
            narrative = " ".join(update.narrative.split()).rstrip(".")
            unit = _unit_name(update.assignment.unit)
            results.append(f"- {_task_name(update.assignment.task)}: {narrative} ({unit}).")
    submitted = [c for c in columns if c.state in (Timeliness.ON_TIME, Timeliness.LATE)]
    on_time = [c for c in submitted if c.state == Timeliness.ON_TIME]
    if columns:
        results.append(f"{number + 1}. Việc báo cáo của các phòng, đơn vị")
        sentence = (
            f"Có {len(submitted)}/{len(columns)} phòng, đơn vị gửi báo cáo "
            f"({len(on_time)} đúng hạn, {len(submitted) - len(on_time)} muộn)."
        )
        missing = [c for c in columns if c.state in (Timeliness.MISSING, Timeliness.PENDING)]
        if missing:
            names = ", ".join(_unit_name(c.unit) for c in missing)
            sentence = sentence[:-1] + f"; chưa gửi báo cáo: {names}."
        results.append(sentence)

    difficulties = []
    overdue = [line for line in lines if _task_status(line) == TaskStatus.OPEN_OVERDUE]
    if overdue:
        difficulties.append(
            f"- Còn {len(overdue)} nhiệm vụ chưa hoàn thành đúng thời hạn: "
            + "; ".join(_overdue_item(line) for line in overdue)
            + "."
        )
    late_units = [c for c in columns if c.state != Timeliness.ON_TIME]
    if late_units:
        difficulties.append(
            "- Một số phòng, đơn vị chưa gửi báo cáo hoặc gửi báo cáo chưa đúng thời hạn ("
            + ", ".join(_unit_name(c.unit) for c in late_units)
            + ")."
        )
    difficulties += _from_units(
        unit_reports, "difficulties", listed=[line.content for line in overdue]
    )

    following = _next_window(request)
    next_steps = []
    coming: list[str] = []
    for line in lines:
        status = _task_status(line)
        if status in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE):
            continue
        ongoing = not line.due
        if ongoing or (line.due is not None and line.due <= following.end):
            when = f" (hạn {format_date(line.due)})" if line.due else f" ({line.timeframe})"
            lead = f"; chủ trì: {', '.join(line.leads)}" if line.leads else ""
            next_steps.append(f"- {line.content.rstrip('.')}{when}{lead}.")
            coming.append(line.content)
    next_steps += _from_units(unit_reports, "next_steps", listed=coming)
    proposals = _from_units(unit_reports, "proposals")
    return Sections(
        opening=opening,
        results="\n".join(results),
        difficulties="\n".join(difficulties),
        next_steps="\n".join(next_steps),
        proposals="\n".join(proposals),
    )


def _overdue_item(line: TaskLine) -> str:
    due = f", hạn {format_date(line.due)}" if line.due else ""
    leads = ", ".join(line.leads)
    return f"{line.content.rstrip('.')} ({leads}{due})"


_LABEL = re.compile(r"^\d+[a-zđ]?[.)]\s+", re.IGNORECASE)
_OVERDUE_SUFFIX = re.compile(r":\s*chưa hoàn thành, quá hạn \d{1,2}/\d{1,2}/\d{4}$")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)$")
_MIN_CLIPPED = 20  # a clipped name shorter than this could be the start of any task


def _restates(line: str, listed: set[str]) -> bool:
    """Does a unit's line only name a task the general list names already? Units start
    from their pre-filled report ("1. <task> (hạn …).", "<task>: chưa hoàn thành, quá hạn
    …"), older drafts with the name clipped ("… quy chế nội b…"); a line with anything
    of the unit's own (what it will do, why it is late) is kept."""
    text = _LABEL.sub("", line.strip()).rstrip(". ")
    text = _OVERDUE_SUFFIX.sub("", text).rstrip(". ")
    for _attempt in range(3):  # "(phối hợp)", "(hạn 30/04/2024)", "(Thường xuyên)"
        clipped = text.endswith("…")
        key = search_key(text.rstrip("…").rstrip(". "))
        if key in listed or (
            clipped and len(key) >= _MIN_CLIPPED and any(k.startswith(key) for k in listed)
        ):
            return True
        shorter = _TRAILING_NOTE.sub("", text).rstrip(". ")
        if shorter == text:
            return False
        text = shorter
    return False


def _task_key(content: str) -> str:
    return search_key(content.rstrip(". "))


def _from_units(
    reports: list[UnitReport], field_name: str, *, listed: Iterable[str] = ()
) -> list[str]:
    """Each unit's own lines of one section, attributed, in Vietnamese unit order; lines
    that only name a task of `listed` (task contents the section lists already) are left
    out, so a task is not written twice ("…; chủ trì: Thanh tra Sở" then "Thanh tra Sở:
    1. …")."""
    keys = {_task_key(content) for content in listed}
    out: list[str] = []
    for report in sorted(reports, key=lambda r: sort_key(r.unit.name)):
        text = getattr(report, field_name) or ""
        for raw in text.splitlines():
            line = raw.strip().lstrip("-•+* ").strip()
            if line and not _restates(line, keys):
                out.append(f"- {_unit_name(report.unit)}: {line}")
    return out


def responsible_unit_filter() -> Q:
    """Units that report on a plan are its assigned units, not bodies ("Lãnh đạo Sở")."""
    return ~Q(kind__in=list(BODY_KINDS))


def sorted_by_name(units: Iterable[OrgUnit]) -> list[OrgUnit]:
    return sorted(units, key=lambda u: sort_key(u.name))
