"""Reporting pages: requests, the units' reports, the grid, the compiled report and its
files. Thin callers: permissions through `org.permissions` (and `reporting.queries` for
who reads a body's reporting), reads through `reporting.queries`, writes through
`reporting.services`.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongthu.documents.render import Format, RenderedFile
from phongthu.documents.render.pdf import PdfUnavailable, RenderError
from phongthu.org.models import OrgUnit
from phongthu.org.permissions import Action, can
from phongthu.plans.models import Plan
from phongthu.reporting import compiled, queries, services, xlsx
from phongthu.reporting.content import task_lines, unit_prefill
from phongthu.reporting.facts import Timeliness
from phongthu.reporting.forms import (
    AdHocForm,
    CompiledForm,
    DeadlineForm,
    ExtendForm,
    OpenPeriodForm,
    ReturnForm,
    SendBackForm,
    UnitReportForm,
)
from phongthu.reporting.models import (
    CompiledReport,
    CompiledStatus,
    ReportRequest,
    UnitReport,
    UnitReportFile,
    UnitReportStatus,
)
from phongthu.reporting.periods import Period, PeriodKind, periods_between
from phongthu.reporting.render import compiled_render
from phongthu.text import search_key
from phongthu.tracking.metrics import METRICS

logger = logging.getLogger(__name__)

# The labels of our entries in the main menu (web.navigation), kept in this catalogue.
MENU_LABELS = (gettext_lazy("Reports of the body"), gettext_lazy("Unit reports"))
STATE_CLASS = {
    Timeliness.ON_TIME: "rp-on-time",
    Timeliness.LATE: "rp-late",
    Timeliness.MISSING: "rp-missing",
    Timeliness.PENDING: "rp-pending",
}


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware guarantees a signed-in person on every page here.
    assert isinstance(request.user, User)
    return request.user


def _today() -> datetime.date:
    return timezone.localdate()


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    plan = queries.plan_for_reporting(plan_id)
    if plan is None:
        raise Http404
    if not queries.reads_body(request.user, plan.owner):
        raise PermissionDenied
    return plan


def _compiling_plan(request: HttpRequest, plan_id: int) -> Plan:
    plan = queries.plan_for_reporting(plan_id)
    if plan is None:
        raise Http404
    if not can(request.user, Action.REPORT_COMPILE, plan.owner):
        raise PermissionDenied
    return plan


def _request(pk: int) -> ReportRequest:
    found = queries.request_get(pk)
    if found is None:
        raise Http404
    return found


def _download(data: bytes, media_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-cache"
    return response


# --- lists ---------------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """ "Báo cáo": the plans whose reporting the person follows, and the compiled reports
    they may read (for a higher body: those sent to it)."""
    user = _user(request)
    if not can(user, Action.REPORT_VIEW):
        raise PermissionDenied
    return render(
        request,
        "reporting/index.html",
        {
            "plans": list(queries.reporting_plans(user)),
            "reports": list(queries.compiled_visible(user)[:100]),
        },
    )


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """ "Báo cáo của đơn vị": the requests made of the units the person reports for."""
    user = _user(request)
    if not can(user, Action.REPORT_DRAFT):
        raise PermissionDenied
    owed = queries.owed_reports(user, _today())
    return render(
        request,
        "reporting/mine.html",
        {"owed": [(o, STATE_CLASS[o.state]) for o in owed[:200]]},
    )


# --- a plan: grid, requests, deadline ------------------------------------------------------------


def _grid_context(plan: Plan) -> dict[str, Any]:
    grid = queries.completeness_grid(plan, _today())
    return {
        "grid": grid,
        "headings": list(zip(grid.requests, grid.headings, strict=True)),
        "grid_rows": [
            {
                "row": row,
                "rates": row.rates,
                "cells": [(cell, STATE_CLASS[cell.state]) for cell in row.cells],
            }
            for row in grid.rows
        ],
        "totals": grid.rates,
    }


def _open_periods(plan: Plan) -> list[Period]:
    """The periods the Office may open for a plan: those of its cadence in its year, and
    the year itself."""
    kind = services.plan_period_kind(plan) or PeriodKind.QUARTERLY
    first = datetime.date(plan.year, 1, 1)
    last = datetime.date(plan.year, 12, 14)
    periods = [p for p in periods_between(kind, first, last) if p.year == plan.year]
    if kind != PeriodKind.YEARLY:
        periods += [p for p in periods_between(PeriodKind.YEARLY, last, last)]
    return periods


@require_GET
def plan_page(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    user = _user(request)
    may_compile = can(user, Action.REPORT_COMPILE, plan.owner)
    reporting = services.plan_reporting(plan)
    return render(
        request,
        "reporting/plan.html",
        {
            "plan": plan,
            "reporting": reporting,
            "may_compile": may_compile,
            "deadline_form": DeadlineForm(initial={"deadline_days": reporting.deadline_days}),
            "open_form": OpenPeriodForm(periods=_open_periods(plan)) if may_compile else None,
            **_grid_context(plan),
        },
    )


@require_POST
def plan_deadline(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _compiling_plan(request, plan_id)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.plan_reporting_set(
                plan=plan, by=_user(request), deadline_days=form.cleaned_data["deadline_days"]
            )
        except services.ReportingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The report deadline of the plan has been saved."))
    else:
        messages.error(request, _("The deadline must be a whole number of days from 0 to 45."))
    return redirect("reporting:plan", plan_id=plan.pk)


@require_POST
def request_open(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The Office opens a period's request by hand (the clock opens the current one)."""
    plan = _compiling_plan(request, plan_id)
    form = OpenPeriodForm(request.POST, periods=_open_periods(plan))
    if form.is_valid():
        try:
            opened, created = services.request_open_periodic(
                plan=plan,
                period=form.chosen(),
                by=_user(request),
                deadline=form.cleaned_data["deadline"],
                today=_today(),
                past_deadline=form.cleaned_data["past_deadline"],
            )
        except services.ReportingError as exc:
            # Shown on the form itself, beside the deadline the Office is to change.
            form.add_error("deadline", str(exc))
        else:
            if created:
                messages.success(request, _("The request has been sent to the units."))
            else:
                messages.info(request, _("This period's request was already open."))
            return redirect("reporting:request", pk=opened.pk)
    reporting = services.plan_reporting(plan)
    return render(
        request,
        "reporting/plan.html",
        {
            "plan": plan,
            "reporting": reporting,
            "may_compile": True,
            "deadline_form": DeadlineForm(initial={"deadline_days": reporting.deadline_days}),
            "open_form": form,
            **_grid_context(plan),
        },
        status=400,
    )


@require_http_methods(["GET", "POST"])
def request_ad_hoc(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _compiling_plan(request, plan_id)
    form = AdHocForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.request_open_ad_hoc(plan=plan, by=_user(request), **form.cleaned_data)
        except services.ReportingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The request has been sent to the units."))
            return redirect("reporting:request", pk=made.pk)
    return render(
        request,
        "reporting/ad_hoc.html",
        {"plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
def grid_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    grid = queries.completeness_grid(plan, _today())
    title = f"Tình hình gửi báo cáo của các phòng, đơn vị — {plan.document.title}"
    stem = slugify(search_key(f"bao cao don vi {plan.document.reference} {plan.year}"))
    return _download(xlsx.grid_workbook(grid, title), xlsx.MEDIA_TYPE, f"{stem}.xlsx")


# --- a request -----------------------------------------------------------------------------------


def _request_reader(request: HttpRequest, found: ReportRequest) -> bool:
    """May the person open the request? True if they read the whole body; False if they
    only submit for some of its units (they then see only those)."""
    if queries.reads_body(request.user, found.plan.owner):
        return True
    if can(request.user, Action.REPORT_DRAFT):
        return False
    raise PermissionDenied


@require_GET
def request_page(request: HttpRequest, pk: int) -> HttpResponse:
    found = _request(pk)
    whole = _request_reader(request, found)
    columns = queries.request_columns(found, _today())
    if not whole:
        columns = [c for c in columns if can(request.user, Action.REPORT_DRAFT, c.unit)]
        if not columns:
            raise PermissionDenied
    may_compile = can(request.user, Action.REPORT_COMPILE, found.plan.owner)
    report = queries.compiled_for_request(found) if whole else None
    return render(
        request,
        "reporting/request.html",
        {
            "req": found,
            "label": queries.request_label(found),
            "columns": [(c, STATE_CLASS[c.state]) for c in columns],
            "whole": whole,
            "may_compile": may_compile,
            "compiled": report,
        },
    )


@require_GET
def tasks_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    found = _request(pk)
    if not queries.reads_body(request.user, found.plan.owner):
        raise PermissionDenied
    lines = task_lines(found, _today())
    title = f"Tình hình thực hiện nhiệm vụ — {found.title} — {found.plan.document.title}"
    stem = slugify(search_key(f"tinh hinh nhiem vu {found.period_key or found.pk}"))
    return _download(xlsx.task_status_workbook(lines, title), xlsx.MEDIA_TYPE, f"{stem}.xlsx")


# --- a unit's report -----------------------------------------------------------------------------


def _unit(unit_id: int) -> OrgUnit:
    return get_object_or_404(OrgUnit, pk=unit_id)


def _may_read_unit_report(request: HttpRequest, found: ReportRequest, unit: OrgUnit) -> bool:
    return queries.reads_body(request.user, found.plan.owner) or can(
        request.user, Action.REPORT_DRAFT, unit
    )


def _initial(found: ReportRequest, unit: OrgUnit, report: UnitReport | None) -> dict[str, Any]:
    if report is not None and (report.results or report.status != UnitReportStatus.DRAFT):
        values: dict[str, Any] = {
            "results": report.results,
            "difficulties": report.difficulties,
            "next_steps": report.next_steps,
            "proposals": report.proposals,
            "version": report.version,
        }
        figures = report.figures or {}
    else:
        # Nothing written yet: the unit starts from what its progress reports tell.
        prefill = unit_prefill(found, unit, _today())
        figures = prefill.pop("figures")
        values = {**prefill, "version": report.version if report else None}
    for metric in METRICS:
        values[f"figure_{metric.key}"] = figures.get(metric.key)
    return values


@require_http_methods(["GET", "POST"])
def unit_report(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    found = _request(pk)
    unit = _unit(unit_id)
    if not _may_read_unit_report(request, found, unit):
        raise PermissionDenied
    if not queries.is_responsible(found.plan, unit):
        raise Http404
    user = _user(request)
    report = queries.unit_report_get(found, unit)
    # Staff prepare the unit's report; its head sends it (or staff, when it has none).
    may_draft = can(user, Action.REPORT_DRAFT, unit)
    may_submit = queries.may_submit(user, unit)
    editable = may_draft and (
        report is None or report.status in (UnitReportStatus.DRAFT, UnitReportStatus.RETURNED)
    )
    status = 200
    if request.method == "POST":
        if not may_draft:
            raise PermissionDenied
        form = UnitReportForm(request.POST, request.FILES)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.unit_report_save(
                    request=found,
                    unit=unit,
                    by=user,
                    results=form.cleaned_data["results"],
                    difficulties=form.cleaned_data["difficulties"],
                    next_steps=form.cleaned_data["next_steps"],
                    proposals=form.cleaned_data["proposals"],
                    figures=form.figures(),
                    files=form.checked,
                    expected_version=form.cleaned_data["version"],
                    submit=submit,
                )
            except (services.ReportingError, services.Conflict) as exc:
                form.add_error(None, str(exc))
                status = 409 if isinstance(exc, services.Conflict) else 400
            else:
                if submit:
                    messages.success(request, _("The report has been submitted to the Office."))
                else:
                    messages.success(request, _("The draft has been saved."))
                return redirect("reporting:unit-report", pk=found.pk, unit_id=unit.pk)
        else:
            status = 400
    else:
        form = UnitReportForm(initial=_initial(found, unit, report))
    state = queries.state_of(found, report, _today())
    reviewer = can(user, Action.REPORT_COMPILE, found.plan.owner)
    return render(
        request,
        "reporting/unit_report.html",
        {
            "req": found,
            "unit": unit,
            "report": report,
            "form": form,
            "editable": editable,
            "may_submit": may_submit,
            "reviewer": reviewer,
            "state": state,
            "state_class": STATE_CLASS[state],
            "due": report.due if report else found.deadline,
            "figures": [
                (m.label, (report.figures or {}).get(m.key)) for m in METRICS if report is not None
            ],
            "return_form": ReturnForm(),
            "extend_form": ExtendForm(),
        },
        status=status,
    )


def _reviewed(request: HttpRequest, pk: int, unit_id: int) -> tuple[ReportRequest, UnitReport]:
    found = _request(pk)
    if not can(request.user, Action.REPORT_COMPILE, found.plan.owner):
        raise PermissionDenied
    report = queries.unit_report_get(found, _unit(unit_id))
    if report is None:
        raise Http404
    return found, report


@require_POST
def unit_report_accept(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    _found, report = _reviewed(request, pk, unit_id)
    try:
        services.unit_report_accept(report=report, by=_user(request))
    except services.ReportingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The report has been accepted."))
    return redirect("reporting:unit-report", pk=pk, unit_id=unit_id)


@require_POST
def unit_report_return(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    _found, report = _reviewed(request, pk, unit_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for returning the report."))
    else:
        try:
            services.unit_report_return(
                report=report, by=_user(request), reason=form.cleaned_data["reason"]
            )
        except services.ReportingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The report has been returned to the unit."))
    return redirect("reporting:unit-report", pk=pk, unit_id=unit_id)


@require_POST
def unit_report_extend(request: HttpRequest, pk: int, unit_id: int) -> HttpResponse:
    found = _request(pk)
    if not can(request.user, Action.REPORT_COMPILE, found.plan.owner):
        raise PermissionDenied
    unit = _unit(unit_id)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid new deadline and the reason."))
    else:
        try:
            services.unit_report_extend(
                request=found,
                unit=unit,
                by=_user(request),
                due=form.cleaned_data["due"],
                reason=form.cleaned_data["reason"],
            )
        except services.ReportingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The unit has been given more time."))
    return redirect("reporting:unit-report", pk=pk, unit_id=unit_id)


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(
        UnitReportFile.objects.select_related("report__request__plan__owner", "report__unit"),
        pk=pk,
    )
    if not _may_read_unit_report(request, item.report.request, item.report.unit):
        raise PermissionDenied
    name = item.file.name or ""
    if not name or not default_storage.exists(name):
        raise Http404
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=item.filename,
        content_type=item.content_type,
    )


# --- the compiled report -------------------------------------------------------------------------


@require_POST
def compile_start(request: HttpRequest, pk: int) -> HttpResponse:
    found = _request(pk)
    if not can(request.user, Action.REPORT_COMPILE, found.plan.owner):
        raise PermissionDenied
    report = compiled.compiled_report_create(request=found, by=_user(request))
    return redirect("reporting:compiled", pk=report.pk)


def _compiled(request: HttpRequest, pk: int) -> CompiledReport:
    report = queries.compiled_get(pk)
    if report is None:
        raise Http404
    if not queries.may_read_compiled(request.user, report):
        raise PermissionDenied
    return report


def _compiled_form(report: CompiledReport) -> CompiledForm:
    return CompiledForm(
        initial={
            "title": report.document.title,
            "opening": report.opening,
            "results": report.results,
            "difficulties": report.difficulties,
            "next_steps": report.next_steps,
            "proposals": report.proposals,
            "version": report.version,
        }
    )


@require_http_methods(["GET", "POST"])
def compiled_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = _compiled(request, pk)
    user = _user(request)
    owner = report.request.plan.owner
    may_compile = can(user, Action.REPORT_COMPILE, owner)
    status = 200
    if request.method == "POST":
        if not may_compile:
            raise PermissionDenied
        form = CompiledForm(request.POST)
        if form.is_valid():
            try:
                compiled.compiled_report_save(
                    report=report,
                    by=user,
                    title=form.cleaned_data["title"],
                    opening=form.cleaned_data["opening"],
                    results=form.cleaned_data["results"],
                    difficulties=form.cleaned_data["difficulties"],
                    next_steps=form.cleaned_data["next_steps"],
                    proposals=form.cleaned_data["proposals"],
                    expected_version=form.cleaned_data["version"],
                )
            except (services.ReportingError, services.Conflict) as exc:
                form.add_error(None, str(exc))
                status = 409 if isinstance(exc, services.Conflict) else 400
            else:
                messages.success(request, _("The report has been saved."))
                return redirect("reporting:compiled", pk=report.pk)
        else:
            status = 400
    else:
        form = _compiled_form(report)
    draft = report.status == CompiledStatus.DRAFT
    return render(
        request,
        "reporting/compiled.html",
        {
            "report": report,
            "document": report.document,
            "form": form,
            "editable": may_compile and draft,
            "may_compile": may_compile,
            "may_approve": can(user, Action.REPORT_APPROVE, owner)
            and report.status == CompiledStatus.AWAITING_APPROVAL,
            "may_issue": can(user, Action.DOCUMENT_REGISTER, owner)
            and report.status == CompiledStatus.APPROVED,
            "send_back_form": SendBackForm(),
            "dispatches": list(report.dispatches.all()),
            "reads_body": queries.reads_body(user, owner),
        },
        status=status,
    )


@require_POST
def compiled_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Refill, send for approval, approve, send back or issue: each service checks the
    person's right itself (403 when refused)."""
    report = _compiled(request, pk)
    user = _user(request)
    done: dict[str, str] = {
        "refill": _("The sections have been filled again from the data."),
        "submit": _("The report has been sent to the leadership for approval."),
        "approve": _("The report has been approved."),
        "send-back": _("The report has been sent back to the Office."),
        "issue": _("The report has been numbered and sent to its recipients."),
    }
    if action not in done:
        raise Http404
    try:
        if action == "refill":
            compiled.compiled_report_refill(report=report, by=user)
        elif action == "submit":
            compiled.compiled_report_submit(report=report, by=user)
        elif action == "approve":
            compiled.compiled_report_approve(report=report, by=user)
        elif action == "send-back":
            form = SendBackForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            compiled.compiled_report_send_back(report=report, by=user, reason=reason)
        else:
            compiled.compiled_report_issue(report=report, by=user)
    except services.ReportingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done[action])
    return redirect("reporting:compiled", pk=report.pk)


NO_PDF = gettext_lazy(
    "This server cannot make PDF files yet. Download the DOCX file, which has the same "
    "official format, or ask the system administrator to enable PDF files."
)
PDF_FAILED = gettext_lazy(
    "The PDF file could not be made this time. Try again later, or download the DOCX "
    "file, which has the same official format."
)


def _compiled_file(request: HttpRequest, pk: int, fmt: Format) -> HttpResponse:
    report = _compiled(request, pk)
    try:
        rendered: RenderedFile = compiled_render(report, task_lines(report.request, _today()), fmt)
    except PdfUnavailable as exc:
        logger.warning("PDF of compiled report %s asked for: %s", report.pk, exc)
        messages.error(request, str(NO_PDF))
        return redirect("reporting:compiled", pk=report.pk)
    except RenderError as exc:
        logger.error("PDF of compiled report %s failed: %s", report.pk, exc)
        messages.error(request, str(PDF_FAILED))
        return redirect("reporting:compiled", pk=report.pk)
    return _download(rendered.data, rendered.media_type, rendered.filename)


@require_GET
def compiled_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _compiled_file(request, pk, "docx")


@require_GET
def compiled_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _compiled_file(request, pk, "pdf")
