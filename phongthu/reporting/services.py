"""Writes of reporting: a plan's deadline, requests, the units' reports and the compiled
report's way through approval, numbering and dispatch.

Every function checks the permission of the person acting (`by`) itself, so pages, the
CLI and jobs cannot forget it; bad input raises `ReportingError` with a Vietnamese
message and changes nothing. A report edited by two people at once raises `Conflict`
(optimistic concurrency, as in tracking). Notifications reuse the follow-up feed
(`followup.models.Notification`); e-mail goes after commit (`reporting.jobs`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phongthu.followup.models import Notification, NotificationKind
from phongthu.followup.queries import office_people
from phongthu.org.models import OrgUnit
from phongthu.org.permissions import Action, can
from phongthu.plans.models import Plan, PlanStatus
from phongthu.reporting import queries
from phongthu.reporting.content import plan_reference, shorten
from phongthu.reporting.deadlines import MAX_DAYS, deadline_from_directives
from phongthu.reporting.facts import deadline_for
from phongthu.reporting.models import (
    DeadlineSource,
    PlanReporting,
    ReportRequest,
    RequestKind,
    UnitReport,
    UnitReportFile,
    UnitReportStatus,
)
from phongthu.reporting.periods import Period, PeriodKind, cadence_kind, period_containing
from phongthu.text import clean, format_date, nfc
from phongthu.tracking.evidence import CheckedFile, EvidenceRejected, evidence_check
from phongthu.tracking.metrics import metrics_clean
from phongthu.tracking.services import audit_record

TEXT_LIMIT = 20_000
MAX_FILES = 10
_NOTICE_LIMIT = 500
PERIODIC_CADENCES = {"periodic", *PeriodKind}


class ReportingError(ValueError):
    """The input cannot be recorded; the message is for the person (Vietnamese)."""


class Conflict(Exception):
    """Someone changed the report since the person opened it; nothing was written."""

    def __init__(self, *, expected: int, current: int) -> None:
        self.expected_version = expected
        self.current_version = current
        super().__init__(
            _(
                "Someone else saved this report while you were editing it (you started "
                "from version %(expected)s; it is now version %(current)s). Nothing was "
                "saved; open the report again to see their changes."
            )
            % {"expected": expected, "current": current}
        )


def require(user: User | None, action: Action, unit: OrgUnit) -> None:
    if user is not None and not can(user, action, unit):
        raise PermissionDenied


def clean_text(value: str, *, limit: int = TEXT_LIMIT) -> str:
    """Free text as people type it: NFC, lines kept, outer spaces gone."""
    text = nfc((value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(text) > limit:
        raise ReportingError(
            _("The text is too long: at most %(limit)d characters.") % {"limit": limit}
        )
    return text


def _notice(text: str) -> str:
    return shorten(text, _NOTICE_LIMIT)


def notify(*, users: Iterable[User], kind: NotificationKind, text: str, link: str) -> None:
    Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, text=_notice(text), link=link) for user in users]
    )


def audit(by: User | None, entity: Model, action: str, after: dict[str, Any]) -> None:
    audit_record(actor=by, entity=entity, action=action, before=None, after=after)


# --- a plan's deadline ---------------------------------------------------------------------------


def _directive_texts(plan: Plan) -> list[str]:
    texts = []
    for directive in (plan.document.extraction or {}).get("directives") or []:
        if isinstance(directive, dict) and directive.get("kind") in {"report", "monitor"}:
            texts.append(str(directive.get("text") or ""))
    return texts


def plan_reporting(plan: Plan) -> PlanReporting:
    """The plan's reporting row, made on first use from its directive (else the default)."""
    found = PlanReporting.objects.filter(plan=plan).first()
    if found is not None:
        return found
    rule = deadline_from_directives(_directive_texts(plan))
    values: dict[str, Any] = {}
    if rule is not None:
        values = {
            "deadline_days": rule.days,
            "source": DeadlineSource.DIRECTIVE,
            "source_text": rule.text,
        }
    try:
        with transaction.atomic():
            return PlanReporting.objects.create(plan=plan, **values)
    except IntegrityError:
        # Another request made it between our read and insert.
        return PlanReporting.objects.get(plan=plan)


@transaction.atomic
def plan_reporting_set(*, plan: Plan, by: User, deadline_days: int) -> PlanReporting:
    """The Office sets the plan's deadline: days after each period's cut-off. Requests
    already open keep the deadline the units were given."""
    require(by, Action.REPORT_COMPILE, plan.owner)
    if not 0 <= deadline_days <= MAX_DAYS:
        raise ReportingError(
            _("The deadline must be from 0 to %(max)d days after the cut-off.") % {"max": MAX_DAYS}
        )
    row = plan_reporting(plan)
    row.deadline_days = deadline_days
    row.source = DeadlineSource.OFFICE
    row.updated_by = by
    row.save(update_fields=["deadline_days", "source", "updated_by", "updated_at"])
    audit(by, row, "reporting.deadline", {"plan": plan.pk, "deadline_days": deadline_days})
    return row


# --- requests ------------------------------------------------------------------------------------


def _request_link(request: ReportRequest) -> str:
    return reverse("reporting:request", args=[request.pk])


def _announce(request: ReportRequest) -> None:
    """Tell the people who submit for each responsible unit that a report is asked."""
    units = queries.responsible_units(request.plan)
    text = _("%(title)s is requested for the plan %(plan)s; deadline %(deadline)s.") % {
        "title": request.title,
        "plan": plan_reference(request.plan),
        "deadline": format_date(request.deadline),
    }
    notify(
        users=queries.submitting_people(units),
        kind=NotificationKind.REMINDER,
        text=text,
        link=_request_link(request),
    )


def _open_allowed(plan: Plan) -> None:
    if plan.status == PlanStatus.DRAFT:
        raise ReportingError(_("A draft plan asks no reports yet: publish it first."))


def request_open_periodic(
    *,
    plan: Plan,
    period: Period,
    by: User | None,
    deadline: datetime.date | None = None,
    today: datetime.date | None = None,
    past_deadline: bool = False,
) -> tuple[ReportRequest, bool]:
    """Open the periodic request of `period` (by the Office, or by the clock when `by` is
    None); returns it and whether it is new. Opening a period already open returns the
    request made before: idempotent, also for two clocks at once.

    A request is never opened with its deadline already past: every unit would be
    "not reported" and any report late the moment it is asked. An Office that wants a
    past period's report after all (a catch-up report, báo cáo bổ sung) gives the units
    a deadline from today on; the message says so. Only when the Office says so
    (`past_deadline`, e.g. to record reports received late on paper) is it opened with
    the deadline as it was."""
    require(by, Action.REPORT_COMPILE, plan.owner)
    _open_allowed(plan)
    existing = queries.periodic_request(plan, period.key)
    if existing is not None:
        return existing, False
    today = today or timezone.localdate()
    if deadline is None:
        deadline = deadline_for(cutoff=period.end, deadline_days=plan_reporting(plan).deadline_days)
    if deadline < period.end:
        raise ReportingError(_("The deadline cannot be before the cut-off of the period."))
    if deadline < today and not past_deadline:
        raise ReportingError(
            _(
                "The deadline %(deadline)s has already passed: every unit would be counted "
                "as not reporting as soon as it is asked. To ask for a catch-up report of "
                "%(period)s, give a new deadline from today (%(today)s) on."
            )
            % {
                "deadline": format_date(deadline),
                "period": period.label,
                "today": format_date(today),
            }
        )
    try:
        with transaction.atomic():
            request = ReportRequest.objects.create(
                plan=plan,
                kind=RequestKind.PERIODIC,
                period_key=period.key,
                title=f"Báo cáo {period.label}",
                start=period.start,
                cutoff=period.end,
                deadline=deadline,
                opened_by=by,
            )
            _announce(request)
            audit(by, request, "reporting.open", {"plan": plan.pk, "period": period.key})
    except IntegrityError:
        found = queries.periodic_request(plan, period.key)
        if found is None:
            raise
        return found, False
    return request, True


@transaction.atomic
def request_open_ad_hoc(
    *,
    plan: Plan,
    by: User,
    title: str,
    question: str,
    start: datetime.date,
    cutoff: datetime.date,
    deadline: datetime.date,
    today: datetime.date | None = None,
) -> ReportRequest:
    """The Office asks the plan's units an ad-hoc question, with its own cut-off (the
    figures run from `start` to `cutoff`) and deadline."""
    require(by, Action.REPORT_COMPILE, plan.owner)
    _open_allowed(plan)
    today = today or timezone.localdate()
    title = clean(title)
    question = clean_text(question, limit=5000)
    if not title:
        raise ReportingError(_("Give the request a title."))
    if not question:
        raise ReportingError(_("Write what the units must report."))
    if start > cutoff:
        raise ReportingError(_("The figures cannot start after the cut-off."))
    if deadline < cutoff:
        raise ReportingError(_("The deadline cannot be before the cut-off."))
    if deadline < today:
        raise ReportingError(_("The deadline cannot be in the past."))
    request = ReportRequest.objects.create(
        plan=plan,
        kind=RequestKind.AD_HOC,
        title=title[:255],
        question=question,
        start=start,
        cutoff=cutoff,
        deadline=deadline,
        opened_by=by,
    )
    _announce(request)
    audit(by, request, "reporting.open", {"plan": plan.pk, "title": title})
    return request


def plan_period_kind(plan: Plan) -> PeriodKind | None:
    """The period kind a plan reports on; None when it only reports ad hoc."""
    cadence = list(plan.reporting_cadence or [])
    if cadence and not PERIODIC_CADENCES.intersection(cadence):
        return None
    return cadence_kind(cadence)


def requests_open_due(*, today: datetime.date) -> list[ReportRequest]:
    """The clock's job: open the current period's request of every plan in force that
    reports periodically, in the year the plan covers. Run any number of times a day."""
    made = []
    plans = (
        Plan.objects.filter(status=PlanStatus.ACTIVE, parent__isnull=True)
        .select_related("document", "owner")
        .order_by("pk")
    )
    for plan in plans:
        kind = plan_period_kind(plan)
        if kind is None:
            continue
        period = period_containing(kind, today)
        if period.year != plan.year:
            continue
        request, created = request_open_periodic(plan=plan, period=period, by=None, today=today)
        if created:
            made.append(request)
    return made


# --- a unit's report -----------------------------------------------------------------------------


def _editable(report: UnitReport) -> None:
    if report.status not in (UnitReportStatus.DRAFT, UnitReportStatus.RETURNED):
        raise ReportingError(
            _("This report has been submitted; it can be changed only if the Office returns it.")
        )


def _checked(files: Sequence[CheckedFile | UploadedFile]) -> list[CheckedFile]:
    if len(files) > MAX_FILES:
        raise ReportingError(_("At most %(n)s files per report.") % {"n": MAX_FILES})
    checked = []
    for item in files:
        if isinstance(item, CheckedFile):
            checked.append(item)
            continue
        try:
            checked.append(evidence_check(name=item.name or "", file=item))
        except EvidenceRejected as exc:
            raise ReportingError(str(exc)) from None
    return checked


def _store(checked: CheckedFile) -> str:
    """Put the bytes under their sha256 once; a failed transaction leaves only a harmless
    unreferenced blob, never a row without its file."""
    name = f"reports/{checked.sha256[:2]}/{checked.sha256}.{checked.kind.extension}"
    if not default_storage.exists(name):
        if checked.source is None:
            raise ReportingError(
                _("The file %(name)s is no longer available; choose it again.")
                % {"name": checked.name}
            )
        checked.source.seek(0)
        name = default_storage.save(name, File(checked.source, name=name))
    return name


def _locked_report(request: ReportRequest, unit: OrgUnit) -> UnitReport:
    """The unit's report row, locked; made (as a draft) on first use."""
    try:
        with transaction.atomic():
            UnitReport.objects.get_or_create(
                request=request, unit=unit, defaults={"due": request.deadline}
            )
    except IntegrityError:
        pass  # made by a parallel request: the lock below finds it
    return UnitReport.objects.select_for_update().get(request=request, unit=unit)


@transaction.atomic
def unit_report_save(
    *,
    request: ReportRequest,
    unit: OrgUnit,
    by: User,
    results: str,
    difficulties: str,
    next_steps: str,
    proposals: str,
    figures: dict[str, Any],
    files: Sequence[CheckedFile | UploadedFile] = (),
    expected_version: int | None,
    submit: bool,
    now: datetime.datetime | None = None,
) -> UnitReport:
    """Save a unit's report as a draft, or submit it (`submit`). The unit's people who
    prepare it save drafts (REPORT_DRAFT); its head submits it, or its staff when it has
    no head (`queries.may_submit`); only for a unit the plan assigns work to, and only
    while it is a draft or was returned. `expected_version` is the version the form was
    opened on (None: a report not made yet)."""
    require(by, Action.REPORT_DRAFT, unit)
    if submit and not queries.may_submit(by, unit):
        raise PermissionDenied
    if not queries.is_responsible(request.plan, unit):
        raise ReportingError(_("The plan assigns no task to this unit: it has nothing to report."))
    values: dict[str, Any] = {
        "results": clean_text(results),
        "difficulties": clean_text(difficulties),
        "next_steps": clean_text(next_steps),
        "proposals": clean_text(proposals),
    }
    try:
        values["figures"] = metrics_clean(figures or {})
    except ValueError as exc:
        raise ReportingError(str(exc)) from None
    if submit and not values["results"]:
        raise ReportingError(_("Write the results before submitting the report."))
    checked = _checked(files)
    report = _locked_report(request, unit)
    if expected_version is not None and report.version != expected_version:
        raise Conflict(expected=expected_version, current=report.version)
    _editable(report)
    now = now or timezone.now()
    for name, value in values.items():
        setattr(report, name, value)
    report.version += 1
    fields = [*values, "version", "updated_at"]
    if submit:
        report.status = UnitReportStatus.SUBMITTED
        report.submitted_at = now
        report.submitted_by = by
        report.first_submitted_at = report.first_submitted_at or now
        report.return_reason = ""
        fields += ["status", "submitted_at", "submitted_by", "first_submitted_at", "return_reason"]
    report.save(update_fields=fields)
    for item in checked:
        UnitReportFile.objects.create(
            report=report,
            sha256=item.sha256,
            file=_store(item),
            filename=item.name,
            content_type=item.kind.content_type,
            extension=item.kind.extension,
            size=item.size,
            uploaded_by=by,
        )
    if submit:
        audit(by, report, "reporting.submit", {"request": request.pk, "unit": unit.pk})
        notify(
            users=[p for p in office_people(request.plan.monitoring_unit) if p.pk != by.pk],
            kind=NotificationKind.REMINDER_ANSWER,
            text=_("%(unit)s submitted its report: %(title)s.")
            % {"unit": unit.name, "title": request.title},
            link=unit_report_link(report),
        )
    return report


def unit_report_link(report: UnitReport) -> str:
    return reverse("reporting:unit-report", args=[report.request_id, report.unit_id])


def _review_allowed(by: User, report: UnitReport) -> None:
    require(by, Action.REPORT_COMPILE, report.request.plan.owner)


@transaction.atomic
def unit_report_accept(*, report: UnitReport, by: User) -> UnitReport:
    """The Office accepts a submitted report."""
    _review_allowed(by, report)
    locked = UnitReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != UnitReportStatus.SUBMITTED:
        raise ReportingError(_("Only a submitted report can be accepted."))
    locked.status = UnitReportStatus.ACCEPTED
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.version += 1
    locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "version", "updated_at"])
    audit(by, locked, "reporting.accept", {"status": locked.status})
    return locked


@transaction.atomic
def unit_report_return(*, report: UnitReport, by: User, reason: str) -> UnitReport:
    """The Office sends a report back to its unit, saying why; the unit edits and sends
    it again (its timeliness stays that of its first submission)."""
    _review_allowed(by, report)
    reason = clean_text(reason, limit=2000)
    if not reason:
        raise ReportingError(_("Give the reason for returning the report."))
    locked = UnitReport.objects.select_for_update().get(pk=report.pk)
    if locked.status not in (UnitReportStatus.SUBMITTED, UnitReportStatus.ACCEPTED):
        raise ReportingError(_("Only a submitted report can be returned."))
    locked.status = UnitReportStatus.RETURNED
    locked.return_reason = reason
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.version += 1
    locked.save(
        update_fields=[
            "status",
            "return_reason",
            "reviewed_at",
            "reviewed_by",
            "version",
            "updated_at",
        ]
    )
    audit(by, locked, "reporting.return", {"reason": reason})
    notify(
        users=queries.submitting_people([locked.unit]),
        kind=NotificationKind.REMINDER,
        text=_("Your report %(title)s was returned: %(reason)s")
        % {"title": report.request.title, "reason": reason},
        link=unit_report_link(locked),
    )
    return locked


@transaction.atomic
def unit_report_extend(
    *,
    request: ReportRequest,
    unit: OrgUnit,
    by: User,
    due: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> UnitReport:
    """The Office gives one unit more time (gia hạn), for a report not yet submitted."""
    require(by, Action.REPORT_COMPILE, request.plan.owner)
    if not queries.is_responsible(request.plan, unit):
        raise ReportingError(_("The plan assigns no task to this unit: it has nothing to report."))
    reason = clean_text(reason, limit=2000)
    if not reason:
        raise ReportingError(_("Give the reason for the extension."))
    if due < (today or timezone.localdate()):
        raise ReportingError(_("The new deadline cannot be in the past."))
    report = _locked_report(request, unit)
    if report.first_submitted_at is not None:
        raise ReportingError(_("The unit has already submitted this report."))
    before = report.due
    report.due = due
    report.version += 1
    report.save(update_fields=["due", "version", "updated_at"])
    audit_record(
        actor=by,
        entity=report,
        action="reporting.extend",
        before={"due": before},
        after={"due": due, "reason": reason},
    )
    notify(
        users=queries.submitting_people([unit]),
        kind=NotificationKind.REMINDER,
        text=_("The deadline of %(title)s for your unit is now %(due)s.")
        % {"title": request.title, "due": format_date(due)},
        link=unit_report_link(report),
    )
    return report
