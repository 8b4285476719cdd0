"""Tracking pages: the units' task list, an assignment with its reports, the dashboard.

Thin callers: permissions through `org.permissions`, reads through `tracking.queries`,
writes through `tracking.services`.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongthu.org.models import OrgUnit
from phongthu.org.permissions import Action, can, units_for
from phongthu.plans.models import Assignment, Plan, TimeframeKind
from phongthu.tracking import queries
from phongthu.tracking.display import (
    STATUS_CLASS,
    audit_line,
    period_label,
    report_label,
    role_label,
    state_label,
    status_label,
)
from phongthu.tracking.forms import AssignmentEditForm, ProgressForm
from phongthu.tracking.metrics import metric_label, metrics_for
from phongthu.tracking.models import Evidence
from phongthu.tracking.services import (
    Conflict,
    ProgressError,
    assignment_snapshot,
    assignment_update,
    progress_submit,
)
from phongthu.tracking.status import (
    ReportState,
    TaskStatus,
    days_left,
    ongoing_report_state,
    reporting_period,
    task_status,
)

PAGE_SIZE = 50
# Up to this many units in reach, the dashboard lists the nearest deadlines.
UPCOMING_LIST_UNITS = 1000
# The labels of our entries in the main menu (web.navigation): written here too so the
# msgids live in this app's catalogue.
MENU_LABELS = (gettext_lazy("Tasks"), gettext_lazy("Dashboard"))


def _today() -> datetime.date:
    return timezone.localdate()


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


# --- filters shared by the list, the dashboard and its API -----------------------------------


def _scope(
    request: HttpRequest, action: Action
) -> tuple[queries.Reach, list[Plan], queries.DashboardFilters]:
    """Where the person stands and the filters, each kept only if within reach.

    The unit comes first (it decides the reach); the plans offered are those of the
    units around where one stands (the chain above and the level below), so a country-
    wide view does not list every plan in the country.
    """
    user = request.user
    units = units_for(user, action)
    unit_id = _int(request.GET.get("unit"))
    unit = units.filter(pk=unit_id).first() if unit_id else None
    reach = queries.dashboard_reach(units, queries.DashboardFilters(unit=unit))
    plans = list(
        queries.dashboard_plans(units_for(user, Action.PLAN_VIEW)).filter(
            owner_id__in=reach.choices()
        )
    )
    plan_id = _int(request.GET.get("plan"))
    plan = next((p for p in plans if p.pk == plan_id), None)
    year = _int(request.GET.get("year"))
    if year is not None and not 2000 <= year <= 2200:
        year = None
    own = unit is not None and request.GET.get("own") == "1"
    return reach, plans, queries.DashboardFilters(plan=plan, year=year, unit=unit, own=own)


def _filter_context(
    reach: queries.Reach, plans: list[Plan], filters: queries.DashboardFilters
) -> dict[str, Any]:
    """The filter form: plans and years within reach, and the units one may move to
    from where one stands (up the chain, or down one level), never thousands at once."""
    offered = queries.reach_units(reach, reach.choices())
    by_id = {u.pk: u for u in offered}
    return {
        "plans": plans,
        "years": sorted({p.year for p in plans}, reverse=True),
        "filter_units": offered,
        "crumbs": [by_id[i] for i in reach.crumbs() if i in by_id] if filters.unit else [],
        "filters": filters,
    }


def _query_string(filters: queries.DashboardFilters, **extra: Any) -> str:
    params: dict[str, Any] = {}
    if filters.plan is not None:
        params["plan"] = filters.plan.pk
    if filters.year is not None:
        params["year"] = filters.year
    if filters.unit is not None:
        params["unit"] = filters.unit.pk
        if filters.own:
            params["own"] = 1
    params.update({k: v for k, v in extra.items() if v not in (None, "")})
    return urlencode(params)


# --- the task list ----------------------------------------------------------------------------


@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    """ "Nhiệm vụ của đơn vị": a unit sees its own; the Office and leadership all of the body."""
    user = request.user
    if not can(user, Action.PROGRESS_VIEW):
        raise PermissionDenied
    reach, plans, filters = _scope(request, Action.PROGRESS_VIEW)
    today = _today()
    period = queries.dashboard_period(filters, today, plans)
    status = request.GET.get("status") or None
    reported = request.GET.get("reported") or None
    listing = queries.assignment_list(
        reach=reach,
        filters=filters,
        today=today,
        period=period,
        status=status,
        reported=reported,
        open_only=request.GET.get("open") == "1",
        due_soon=request.GET.get("soon") == "1",
    )
    page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_row(a, today) for a in page.object_list]
    wide = can(user, Action.DASHBOARD_VIEW)
    return render(
        request,
        "tracking/task_list.html",
        {
            "page": page,
            "rows": rows,
            "wide": wide,
            "period": period,
            "status": status,
            "reported": reported,
            "statuses": TaskStatus.choices,
            "status_title": status_label(status) if status in TaskStatus.values else "",
            "reported_title": report_label(reported) if reported in ReportState.values else "",
            "soon": request.GET.get("soon") == "1",
            "query": _query_string(
                filters, status=status, reported=reported, soon=request.GET.get("soon")
            ),
            "keep": [
                (k, v)
                for k, v in (
                    ("status", status),
                    ("reported", reported),
                    ("soon", request.GET.get("soon")),
                )
                if v
            ],
            **_filter_context(reach, plans, filters),
        },
    )


def _row(assignment: Any, today: datetime.date) -> dict[str, Any]:
    status = TaskStatus(assignment.status)
    ongoing = assignment.task.kind == TimeframeKind.ONGOING
    return {
        "a": assignment,
        "status": status,
        "status_label": status.label,
        "status_class": STATUS_CLASS[status],
        "role": role_label(assignment.role),
        "state": state_label(assignment.state),
        "ongoing": ongoing,
        "report_label": report_label(assignment.report_state) if ongoing else "",
        "reported": assignment.report_state == ReportState.REPORTED,
        "days_left": days_left(due=assignment.due, today=today),
    }


# --- one assignment ---------------------------------------------------------------------------


def _assignment_or_404(request: HttpRequest, pk: int) -> Assignment:
    assignment = queries.assignment_for_page(pk)
    if assignment is None:
        raise Http404
    if not can(request.user, Action.PROGRESS_VIEW, assignment.unit):
        raise PermissionDenied
    return assignment


@require_http_methods(["GET", "POST"])
def assignment_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The assignment: its status, the progress form, its reports and its history."""
    assignment = _assignment_or_404(request, pk)
    may_report = can(request.user, Action.PROGRESS_REPORT, assignment.unit)
    keys = metrics_for(assignment.task.content)
    conflict: Conflict | None = None
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied
        form = ProgressForm(request.POST, request.FILES, metric_keys=keys)
        if form.is_valid():
            try:
                progress_submit(
                    assignment=assignment,
                    by=request.user,  # type: ignore[arg-type]
                    status=form.cleaned_data["status"],
                    narrative=form.cleaned_data["narrative"],
                    percent=form.cleaned_data["percent"],
                    metrics=form.metrics(),
                    files=form.checked,
                    expected_version=form.cleaned_data["version"],
                )
            except Conflict as exc:
                conflict = exc
            except ProgressError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The progress report has been recorded."))
                return redirect("tracking:assignment", pk=assignment.pk)
        if conflict is not None:
            # Show the form again with the person's text and files, now based on the
            # current version: sending it again is a choice made after seeing both.
            tokens = form.kept_tokens
            data = request.POST.copy()
            data["version"] = str(conflict.current_version)
            form = ProgressForm(data, metric_keys=keys)
            form.is_valid()
            form.kept_tokens = tokens
    else:
        form = ProgressForm(
            initial={
                "status": assignment.state,
                "percent": assignment.percent,
                "version": assignment.version,
            },
            metric_keys=keys,
        )
    status = 409 if conflict is not None else (400 if form.errors else 200)
    return render(
        request,
        "tracking/assignment.html",
        _assignment_context(
            request, assignment, form=form, conflict=conflict, may_report=may_report
        ),
        status=status,
    )


@require_POST
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The Office's correction of an assignment, with the same conflict check."""
    assignment = _assignment_or_404(request, pk)
    if not can(request.user, Action.PLAN_EDIT, assignment.unit):
        raise PermissionDenied
    form = AssignmentEditForm(request.POST)
    conflict: Conflict | None = None
    if form.is_valid():
        try:
            assignment_update(
                assignment=assignment,
                by=request.user,  # type: ignore[arg-type]
                expected_version=form.cleaned_data["version"],
                state=form.cleaned_data["state"],
                percent=form.cleaned_data["percent"],
                completed_on=form.cleaned_data["completed_on"],
                due=form.cleaned_data["due"],
                reason=form.cleaned_data["reason"],
            )
        except Conflict as exc:
            conflict = exc
            data = request.POST.copy()
            data["version"] = str(exc.current_version)
            form = AssignmentEditForm(data)
            form.is_valid()
        except ProgressError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The assignment has been updated."))
            return redirect("tracking:assignment", pk=assignment.pk)
    may_report = can(request.user, Action.PROGRESS_REPORT, assignment.unit)
    current = conflict.current if conflict is not None else assignment
    progress_form = ProgressForm(
        initial={"status": current.state, "percent": current.percent, "version": current.version},
        metric_keys=metrics_for(assignment.task.content),
    )
    context = _assignment_context(
        request,
        assignment,
        form=progress_form,
        conflict=conflict,
        may_report=may_report,
        edit_form=form,
        edit_conflict=conflict is not None,
    )
    context["edit_mine"] = {
        "state": state_label(str(form.data.get("state", ""))),
        "due": form.data.get("due") or "—",
        "reason": form.data.get("reason", ""),
    }
    return render(request, "tracking/assignment.html", context, status=409 if conflict else 400)


def _assignment_context(
    request: HttpRequest,
    assignment: Assignment,
    *,
    form: ProgressForm,
    conflict: Conflict | None,
    may_report: bool,
    edit_form: AssignmentEditForm | None = None,
    edit_conflict: bool = False,
) -> dict[str, Any]:
    today = _today()
    current = conflict.current if conflict is not None else assignment
    task = assignment.task
    status = task_status(
        kind=task.kind,
        due=current.due,
        state=current.state,
        completed_on=current.completed_on,
        today=today,
    )
    ongoing = task.kind == TimeframeKind.ONGOING
    period = reporting_period(cadence=task.plan.reporting_cadence, day=today)
    history = list(queries.progress_history(assignment))
    may_edit = can(request.user, Action.PLAN_EDIT, assignment.unit)
    if edit_form is None and may_edit:
        edit_form = AssignmentEditForm(
            initial={
                "state": current.state,
                "percent": current.percent,
                "completed_on": current.completed_on,
                "due": current.due,
                "version": current.version,
            }
        )
    # Unit people see the history of their own assignment; those who follow the whole
    # body see everything that happened to the task.
    wide = can(request.user, Action.PROGRESS_VIEW, assignment.task.plan.owner)
    trail = queries.audit_trail(task.pk, assignment=None if wide else assignment)
    return {
        "assignment": assignment,
        "task": task,
        "status": status,
        "status_class": STATUS_CLASS[status],
        "state_text": state_label(current.state),
        "role": role_label(assignment.role),
        "ongoing": ongoing,
        "period": period,
        "report_state": ongoing_report_state(
            last_reported_at=current.last_reported_at, period=period
        ).label,
        "days_left": days_left(due=current.due, today=today),
        "days_late": -(days_left(due=current.due, today=today) or 0),
        "history": [_history_item(u) for u in history],
        "trail": [audit_line(e) for e in trail[:200]],
        "form": form,
        "may_report": may_report,
        "may_edit": may_edit,
        "edit_form": edit_form,
        "edit_conflict": edit_conflict,
        "conflict": conflict,
        "theirs": _theirs(conflict, history) if conflict else None,
    }


def _history_item(update: Any) -> dict[str, Any]:
    return {
        "u": update,
        "state": state_label(update.status),
        "period": period_label(update.period_key) if update.period_key else "",
        "metrics": [(metric_label(k), v) for k, v in (update.metrics or {}).items()],
        "evidence": list(update.evidence.all()),
    }


def _theirs(conflict: Conflict, history: list[Any]) -> dict[str, Any]:
    """The version someone else saved meanwhile: the state and its latest report."""
    snapshot = assignment_snapshot(conflict.current)
    latest = history[0] if history else None
    return {
        "version": conflict.current_version,
        "state": state_label(snapshot["state"]),
        "percent": snapshot["percent"],
        "completed_on": conflict.current.completed_on,
        "due": conflict.current.due,
        "latest": latest,
    }


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("update__assignment__unit"), pk=pk)
    if not can(request.user, Action.PROGRESS_VIEW, evidence.update.assignment.unit):
        raise PermissionDenied
    name = evidence.file.name or ""
    if not name or not default_storage.exists(name):
        raise Http404
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=evidence.filename,
        content_type=evidence.content_type,
    )


# --- the dashboard ----------------------------------------------------------------------------


def _dashboard_data(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not can(user, Action.DASHBOARD_VIEW):
        raise PermissionDenied
    reach, plans, filters = _scope(request, Action.DASHBOARD_VIEW)
    today = _today()
    period = queries.dashboard_period(filters, today, plans)
    rows = queries.dashboard_by_unit(reach=reach, filters=filters, today=today, period=period)
    # The list of upcoming deadlines is for one body or province at a time: across the
    # whole country there is no index to find the ten nearest quickly, and the table's
    # "due soon" column already counts them for every line.
    upcoming: list[Assignment] | None = None
    if len(reach.paths) <= UPCOMING_LIST_UNITS:
        upcoming = queries.dashboard_upcoming(reach=reach, filters=filters, today=today)
    return {
        "reach": reach,
        "plans": plans,
        "filters": filters,
        "today": today,
        "period": period,
        "rows": rows,
        "totals": queries.dashboard_totals(rows),
        "upcoming": upcoming,
    }


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    data = _dashboard_data(request)
    totals = data["totals"]
    filters = data["filters"]
    base = reverse("tracking:tasks")
    bars = [
        {
            "status": status,
            "label": status.label,
            "count": totals.counts[status],
            "class": STATUS_CLASS[status],
            "width": _share(totals.counts[status], totals.assigned),
            "url": f"{base}?{_query_string(filters, status=status.value)}",
        }
        for status in TaskStatus
    ]
    table = [
        {
            "row": row,
            "segments": [
                (STATUS_CLASS[s], _share(row.counts[s], row.assigned), s.label, row.counts[s])
                for s in TaskStatus
            ],
            "links": _drill_links(base, filters, row),
            # a body or province opens on the dashboard, one level down
            "open": f"?{_query_string(_for_unit(filters, row.unit))}" if row.is_group else "",
        }
        for row in data["rows"]
    ]
    return render(
        request,
        "tracking/dashboard.html",
        {
            "period": data["period"],
            "today": data["today"],
            "totals": totals,
            "bars": bars,
            "table": table,
            "upcoming": None
            if data["upcoming"] is None
            else [
                {"a": a, "days_left": days_left(due=a.due, today=data["today"])}
                for a in data["upcoming"]
            ],
            "reported_share": _share(totals.reported, totals.assigned),
            "api_url": f"{reverse('tracking:api-dashboard')}?{_query_string(filters)}",
            "filter_query": _query_string(filters),
            "plan_year_query": _query_string(_for_unit(filters, None)),
            "has_groups": any(row.is_group for row in data["rows"]),
            **_filter_context(data["reach"], data["plans"], filters),
        },
    )


_DRILL: dict[str, dict[str, str]] = {
    "assigned": {},
    "done_on_time": {"status": TaskStatus.DONE_ON_TIME.value},
    "done_late": {"status": TaskStatus.DONE_LATE.value},
    "open_on_time": {"status": TaskStatus.OPEN_ON_TIME.value},
    "overdue": {"status": TaskStatus.OPEN_OVERDUE.value},
    "reported": {"reported": ReportState.REPORTED.value},
    "due_soon": {"soon": "1"},
}


def _drill_links(
    base: str, filters: queries.DashboardFilters, row: queries.UnitRow
) -> dict[str, str]:
    """The task list behind each figure of a line. A line that is not a group (a unit, or
    a body's own work beside its units) counts that unit's own assignments only, so its
    list must not take in the units below it."""
    line = _for_unit(filters, row.unit, own=not row.is_group)
    return {key: f"{base}?{_query_string(line, **params)}" for key, params in _DRILL.items()}


def _for_unit(
    filters: queries.DashboardFilters, unit: OrgUnit | None, *, own: bool = False
) -> queries.DashboardFilters:
    return queries.DashboardFilters(plan=filters.plan, year=filters.year, unit=unit, own=own)


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@require_GET
def api_dashboard(request: HttpRequest) -> JsonResponse:
    """The dashboard as JSON: the same figures, the same permission."""
    data = _dashboard_data(request)
    period = data["period"]
    filters = data["filters"]
    return JsonResponse(
        {
            "today": data["today"].isoformat(),
            "period": {
                "key": period.key,
                "label": period.label,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
            "filters": {
                "plan": filters.plan.pk if filters.plan else None,
                "year": filters.year,
                "unit": filters.unit.pk if filters.unit else None,
            },
            "totals": data["totals"].as_json(),
            "units": [
                {
                    "id": row.unit.pk,
                    "name": row.unit.name,
                    "group": row.is_group,
                    **row.as_json(),
                }
                for row in data["rows"]
                if row.unit is not None
            ],
            "upcoming": [
                {
                    "assignment": a.pk,
                    "task": a.task.label,
                    "content": a.task.content,
                    "unit": a.unit.name,
                    "due": a.due.isoformat() if a.due else None,
                }
                for a in data["upcoming"] or []
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
