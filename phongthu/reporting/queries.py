"""Reads of reporting for pages, the CLI and exports, each with its rows loaded in a fixed
number of queries, and who may read what.

Who reads what (REPORT_VIEW is granted to the leadership, the Office and the clerk of a
body, and to a higher body over its whole tree):
- a body's reporting (requests, the units' reports, the grid, compiled reports) is read
  by those holding REPORT_VIEW *from inside that body* (`reads_body`);
- a higher body reads the compiled reports *sent to it* (`receives`), not the rest:
  the units' drafts are the body's own business;
- a unit's people who prepare its reports (REPORT_DRAFT: its staff and head) read their
  unit's reports and the requests made of it; its head sends them (REPORT_SUBMIT), or
  its staff when the unit has no head (`may_submit`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from phongthu.org.models import OrgUnit
from phongthu.org.permissions import GRANTS, Action, grants, is_superuser, units_for
from phongthu.org.permissions import User as AnyUser
from phongthu.plans.models import Assignment, Plan, PlanStatus
from phongthu.reporting.content import Column, responsible_unit_filter, sorted_by_name
from phongthu.reporting.facts import Rates, Timeliness, rates, timeliness
from phongthu.reporting.models import (
    CompiledReport,
    CompiledStatus,
    ReportDispatch,
    ReportRequest,
    UnitReport,
    UnitReportStatus,
)
from phongthu.reporting.periods import parse_period

# Roles whose people prepare a unit's reports (and hear of requests and returns).
SUBMITTING_ROLES = tuple(r for r, acts in GRANTS.items() if Action.REPORT_DRAFT in acts)
HEAD_ROLES = tuple(r for r, acts in GRANTS.items() if Action.REPORT_SUBMIT in acts)
READING_ROLES = tuple(r for r, acts in GRANTS.items() if Action.REPORT_VIEW in acts)


# --- who reads -----------------------------------------------------------------------------------


def body_ids(user: AnyUser) -> set[int] | None:
    """Ids of the units whose reporting the person reads from inside (None: all of them).

    A grant reaches the units below a prefix; the person reads the reporting of every
    unit between that prefix and their own unit (their body, and their own unit's).
    """
    if is_superuser(user):
        return None
    ids: set[int] = set()
    for grant in grants(user, Action.REPORT_VIEW):
        parts = [p for p in grant.unit.path.strip("/").split("/") if p]
        for depth in range(len(parts)):
            path = "/" + "/".join(parts[: depth + 1]) + "/"
            if path.startswith(grant.prefix):
                ids.add(int(parts[depth]))
    return ids


def reads_body(user: AnyUser, owner: OrgUnit) -> bool:
    ids = body_ids(user)
    return ids is None or owner.pk in ids


def receiving_unit_ids(user: AnyUser) -> set[int] | None:
    """Units whose received reports the person reads: those they are a member of with
    REPORT_VIEW (None: a superuser reads everything)."""
    if is_superuser(user):
        return None
    return {grant.unit.pk for grant in grants(user, Action.REPORT_VIEW)}


def receives(user: AnyUser, report: CompiledReport) -> bool:
    if report.status != CompiledStatus.ISSUED:
        return False
    ids = receiving_unit_ids(user)
    if ids is None:
        return True
    return any(d.unit_id in ids for d in report.dispatches.all())


def may_read_compiled(user: AnyUser, report: CompiledReport) -> bool:
    return reads_body(user, report.request.plan.owner) or receives(user, report)


def drafts_for(user: AnyUser, unit: OrgUnit) -> bool:
    from phongthu.org.permissions import can

    return can(user, Action.REPORT_DRAFT, unit)


def has_head(unit: OrgUnit) -> bool:
    """Has the unit someone active who sends its reports from inside it (its head)?"""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_superuser=False,
            memberships__unit=unit,
            memberships__role__in=HEAD_ROLES,
        )
        .exists()
    )


def may_submit(user: AnyUser, unit: OrgUnit) -> bool:
    """May the person send the unit's report to the Office? Its head may (REPORT_SUBMIT);
    its staff may when the unit has no head, so no unit is left unable to report (see
    the decision in `org.permissions`)."""
    from phongthu.org.permissions import can

    if can(user, Action.REPORT_SUBMIT, unit):
        return True
    return drafts_for(user, unit) and not has_head(unit)


def submits_for(user: AnyUser, unit: OrgUnit) -> bool:
    return may_submit(user, unit)


# --- plans and their units -----------------------------------------------------------------------


def reporting_plans(user: AnyUser) -> QuerySet[Plan]:
    """Plans whose reporting the person follows from inside their body, newest first."""
    plans = Plan.objects.exclude(status=PlanStatus.DRAFT).filter(parent__isnull=True)
    ids = body_ids(user)
    if ids is not None:
        plans = plans.filter(owner_id__in=ids)
    return plans.select_related("document", "owner", "monitoring_unit").order_by(
        "-year", "-created_at"
    )


def plan_for_reporting(pk: int) -> Plan | None:
    return Plan.objects.select_related("document", "owner", "monitoring_unit").filter(pk=pk).first()


def responsible_units(plan: Plan) -> list[OrgUnit]:
    """The units that report on a plan: every unit it assigns a task to, as lead or in
    support, in Vietnamese name order (bodies such as "Lãnh đạo Sở" do not report)."""
    ids = Assignment.objects.filter(task__plan=plan).values("unit_id")
    return sorted_by_name(OrgUnit.objects.filter(responsible_unit_filter(), pk__in=ids))


def is_responsible(plan: Plan, unit: OrgUnit) -> bool:
    return not unit.is_body and Assignment.objects.filter(task__plan=plan, unit=unit).exists()


# --- requests ------------------------------------------------------------------------------------


def plan_requests(plan: Plan) -> list[ReportRequest]:
    return list(
        ReportRequest.objects.filter(plan=plan)
        .select_related("plan__document", "plan__owner", "opened_by")
        .order_by("cutoff", "pk")
    )


def request_get(pk: int) -> ReportRequest | None:
    return (
        ReportRequest.objects.select_related(
            "plan__document", "plan__owner", "plan__monitoring_unit", "opened_by"
        )
        .filter(pk=pk)
        .first()
    )


def periodic_request(plan: Plan, key: str) -> ReportRequest | None:
    return (
        ReportRequest.objects.select_related("plan__document", "plan__owner")
        .filter(plan=plan, kind="periodic", period_key=key)
        .first()
    )


def request_label(request: ReportRequest) -> str:
    """The column heading of a request: "Quý II/2024", or the ad-hoc request's title."""
    if request.period_key:
        try:
            return parse_period(request.period_key).label
        except ValueError:
            return request.period_key
    return request.title


def unit_report_get(request: ReportRequest, unit: OrgUnit) -> UnitReport | None:
    return (
        UnitReport.objects.select_related("unit", "submitted_by", "reviewed_by")
        .prefetch_related("files")
        .filter(request=request, unit=unit)
        .first()
    )


def state_of(request: ReportRequest, report: UnitReport | None, today: datetime.date) -> Timeliness:
    """A unit's state for a request, from its report if it has one (tracking's habit: the
    one rule, `facts.timeliness`, asked with what the row holds)."""
    if report is None:
        return timeliness(first_submitted_at=None, due=request.deadline, today=today)
    return timeliness(first_submitted_at=report.first_submitted_at, due=report.due, today=today)


def request_columns(request: ReportRequest, today: datetime.date) -> list[Column]:
    """Every responsible unit with its report (if any) and its state: three queries."""
    units = responsible_units(request.plan)
    reports = {}
    if request.pk is not None:  # a request not saved (a preview) has no reports yet
        reports = {
            r.unit_id: r
            for r in UnitReport.objects.filter(request=request).select_related(
                "unit", "submitted_by"
            )
        }
    return [
        Column(unit=u, state=state_of(request, reports.get(u.pk), today), report=reports.get(u.pk))
        for u in units
    ]


# --- the grid: units × periods -------------------------------------------------------------------


@dataclass
class GridCell:
    request: ReportRequest
    state: Timeliness
    report: UnitReport | None = None

    @property
    def due(self) -> datetime.date:
        return self.report.due if self.report is not None else self.request.deadline


@dataclass
class GridRow:
    unit: OrgUnit
    cells: list[GridCell] = field(default_factory=list)

    @property
    def rates(self) -> Rates:
        return rates(cell.state for cell in self.cells)


@dataclass
class Grid:
    plan: Plan
    requests: list[ReportRequest]
    rows: list[GridRow]

    @property
    def rates(self) -> Rates:
        total = Rates()
        for row in self.rows:
            total = total + row.rates
        return total

    @property
    def headings(self) -> list[str]:
        return [request_label(r) for r in self.requests]


def completeness_grid(
    plan: Plan, today: datetime.date, *, requests: list[ReportRequest] | None = None
) -> Grid:
    """Units × requests of a plan, each cell the unit's state: three queries whatever the
    number of units and periods (units, requests, their reports)."""
    units = responsible_units(plan)
    if requests is None:
        requests = plan_requests(plan)
    reports: dict[tuple[int, int], UnitReport] = {
        (r.request_id, r.unit_id): r
        for r in UnitReport.objects.filter(request__in=[q.pk for q in requests]).only(
            "pk", "request_id", "unit_id", "status", "due", "first_submitted_at"
        )
    }
    rows = []
    for unit in units:
        row = GridRow(unit)
        for request in requests:
            report = reports.get((request.pk, unit.pk))
            row.cells.append(GridCell(request, state_of(request, report, today), report))
        rows.append(row)
    return Grid(plan, requests, rows)


# --- a unit's own reports ------------------------------------------------------------------------


@dataclass
class Owed:
    """A request made of one of the person's units, with that unit's report and state."""

    request: ReportRequest
    unit: OrgUnit
    report: UnitReport | None
    state: Timeliness


def owed_reports(user: AnyUser, today: datetime.date) -> list[Owed]:
    """The requests made of the units the person submits for, newest deadline first, with
    their report and state. Four queries however many units and requests."""
    units = units_for(user, Action.REPORT_DRAFT).filter(responsible_unit_filter())
    pairs = set(
        Assignment.objects.filter(unit__in=units, task__plan__parent__isnull=True)
        .values_list("task__plan_id", "unit_id")
        .distinct()
    )
    if not pairs:
        return []
    plan_ids = {plan_id for plan_id, _unit in pairs}
    requests = list(
        ReportRequest.objects.filter(plan_id__in=plan_ids)
        .select_related("plan__document", "plan__owner")
        .order_by("-deadline", "-pk")
    )
    unit_ids = {unit_id for _plan, unit_id in pairs}
    by_id = OrgUnit.objects.in_bulk(unit_ids)
    reports = {
        (r.request_id, r.unit_id): r
        for r in UnitReport.objects.filter(
            request__in=[q.pk for q in requests], unit_id__in=unit_ids
        )
    }
    owed = []
    for request in requests:
        for unit in sorted_by_name(by_id[u] for p, u in pairs if p == request.plan_id):
            report = reports.get((request.pk, unit.pk))
            owed.append(Owed(request, unit, report, state_of(request, report, today)))
    return owed


# --- compiled reports ----------------------------------------------------------------------------


def _compiled() -> QuerySet[CompiledReport]:
    return CompiledReport.objects.select_related(
        "document", "request__plan__document", "request__plan__owner", "approved_by"
    )


def compiled_get(pk: int) -> CompiledReport | None:
    return (
        _compiled()
        .select_related("request__plan__monitoring_unit", "created_by", "issued_by")
        .prefetch_related("dispatches__unit")
        .filter(pk=pk)
        .first()
    )


def compiled_for_request(request: ReportRequest) -> CompiledReport | None:
    return _compiled().prefetch_related("dispatches__unit").filter(request=request).first()


def compiled_visible(user: AnyUser) -> QuerySet[CompiledReport]:
    """Compiled reports of the bodies the person reads, and those sent to them."""
    reports = _compiled()
    ids = body_ids(user)
    if ids is None:
        return reports.order_by("-created_at", "-pk")
    receiving = receiving_unit_ids(user) or set()
    condition = Q(request__plan__owner_id__in=ids) | Q(
        status=CompiledStatus.ISSUED, dispatches__unit_id__in=receiving
    )
    visible = CompiledReport.objects.filter(condition).values("pk")
    return reports.filter(pk__in=visible).order_by("-created_at", "-pk")


def _status_for(user: AnyUser, action: Action, status: str) -> list[CompiledReport]:
    units = units_for(user, action)
    return list(
        _compiled()
        .filter(status=status, request__plan__owner__in=units)
        .order_by("-created_at", "-pk")[:8]
    )


def home_approvals(user: AnyUser) -> list[CompiledReport]:
    """The leadership's home panel: compiled reports waiting for their approval."""
    return _status_for(user, Action.REPORT_APPROVE, CompiledStatus.AWAITING_APPROVAL)


def home_register(user: AnyUser) -> list[CompiledReport]:
    """The clerk's home panel: approved reports waiting for their number."""
    return _status_for(user, Action.DOCUMENT_REGISTER, CompiledStatus.APPROVED)


def home_received(user: AnyUser) -> list[CompiledReport]:
    """The higher body's home panel: the latest reports sent to its units."""
    ids = receiving_unit_ids(user)
    received = _compiled().filter(status=CompiledStatus.ISSUED)
    if ids is not None:
        received = received.filter(
            pk__in=ReportDispatch.objects.filter(unit_id__in=ids).values("report_id")
        )
    return list(received.order_by("-issued_at", "-pk")[:8])


# --- people --------------------------------------------------------------------------------------


def submitting_people(units: Iterable[OrgUnit]) -> QuerySet[User]:
    """Who prepares the reports of these units (their heads and staff; the Office for
    itself): they are told of requests, returns and extensions."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__unit__in=list(units),
            memberships__role__in=SUBMITTING_ROLES,
        )
        .distinct()
        .order_by("pk")
    )


def receiving_emails(unit: OrgUnit) -> list[str]:
    """Where a receiving unit gets its e-mail: the unit's own address, else its people who
    read reports."""
    if unit.email:
        return [unit.email]
    people = (
        get_user_model()
        .objects.filter(is_active=True, memberships__unit=unit, memberships__role__in=READING_ROLES)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return [person.email for person in people]


def unit_reports_for_compiling(request: ReportRequest) -> list[UnitReport]:
    """The units' reports the compiled report draws on: submitted or accepted."""
    if request.pk is None:
        return []
    return list(
        UnitReport.objects.filter(
            request=request,
            status__in=[UnitReportStatus.SUBMITTED, UnitReportStatus.ACCEPTED],
        ).select_related("unit")
    )
