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

from phongthu.documents.models import DocumentStatus
from phongthu.documents.services import document_create, register_issue
from phongthu.followup.models import Notification, NotificationKind
from phongthu.followup.queries import office_people
from phongthu.org.display import person_name
from phongthu.org.models import OrgUnit
from phongthu.org.permissions import Action, can, memberships_of
from phongthu.org.queries import unit_resolve
from phongthu.plans.models import Plan, PlanStatus
from phongthu.reporting import queries
from phongthu.reporting.content import (
    compile_sections,
    plan_reference,
    task_lines,
)
from phongthu.reporting.deadlines import MAX_DAYS, deadline_from_directives
from phongthu.reporting.facts import deadline_for
from phongthu.reporting.models import (
    CompiledReport,
    CompiledStatus,
    DeadlineSource,
    PlanReporting,
    ReportDispatch,
    ReportRequest,
    RequestKind,
    UnitReport,
    UnitReportFile,
    UnitReportStatus,
)
from phongthu.reporting.periods import Period, PeriodKind, cadence_kind, period_containing
from phongthu.reporting.render import REPORT_CODE, REPORT_TYPE
from phongthu.text import clean, format_date, nfc, search_key
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


def _require(user: User | None, action: Action, unit: OrgUnit) -> None:
    if user is not None and not can(user, action, unit):
        raise PermissionDenied


def _text(value: str, *, limit: int = TEXT_LIMIT) -> str:
    """Free text as people type it: NFC, lines kept, outer spaces gone."""
    text = nfc((value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(text) > limit:
        raise ReportingError(
            _("The text is too long: at most %(limit)d characters.") % {"limit": limit}
        )
    return text


def _notice(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _NOTICE_LIMIT else text[: _NOTICE_LIMIT - 1] + "…"


def _notify(*, users: Iterable[User], kind: NotificationKind, text: str, link: str) -> None:
    Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, text=_notice(text), link=link) for user in users]
    )


def _audit(by: User | None, entity: Model, action: str, after: dict[str, Any]) -> None:
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
    _require(by, Action.REPORT_COMPILE, plan.owner)
    if not 0 <= deadline_days <= MAX_DAYS:
        raise ReportingError(
            _("The deadline must be from 0 to %(max)d days after the cut-off.") % {"max": MAX_DAYS}
        )
    row = plan_reporting(plan)
    row.deadline_days = deadline_days
    row.source = DeadlineSource.OFFICE
    row.updated_by = by
    row.save(update_fields=["deadline_days", "source", "updated_by", "updated_at"])
    _audit(by, row, "reporting.deadline", {"plan": plan.pk, "deadline_days": deadline_days})
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
    _notify(
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
) -> tuple[ReportRequest, bool]:
    """Open the periodic request of `period` (by the Office, or by the clock when `by` is
    None); returns it and whether it is new. Opening a period already open returns the
    request made before: idempotent, also for two clocks at once."""
    _require(by, Action.REPORT_COMPILE, plan.owner)
    _open_allowed(plan)
    existing = queries.periodic_request(plan, period.key)
    if existing is not None:
        return existing, False
    if deadline is None:
        deadline = deadline_for(cutoff=period.end, deadline_days=plan_reporting(plan).deadline_days)
    if deadline < period.end:
        raise ReportingError(_("The deadline cannot be before the cut-off of the period."))
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
            _audit(by, request, "reporting.open", {"plan": plan.pk, "period": period.key})
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
    _require(by, Action.REPORT_COMPILE, plan.owner)
    _open_allowed(plan)
    today = today or timezone.localdate()
    title = clean(title)
    question = _text(question, limit=5000)
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
    _audit(by, request, "reporting.open", {"plan": plan.pk, "title": title})
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
        request, created = request_open_periodic(plan=plan, period=period, by=None)
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
    """Save a unit's report as a draft, or submit it (`submit`). Only the people who
    submit for the unit may (REPORT_SUBMIT), only for a unit the plan assigns work to,
    and only while it is a draft or was returned. `expected_version` is the version the
    form was opened on (None: a report not made yet)."""
    _require(by, Action.REPORT_SUBMIT, unit)
    if not queries.is_responsible(request.plan, unit):
        raise ReportingError(_("The plan assigns no task to this unit: it has nothing to report."))
    values: dict[str, Any] = {
        "results": _text(results),
        "difficulties": _text(difficulties),
        "next_steps": _text(next_steps),
        "proposals": _text(proposals),
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
        _audit(by, report, "reporting.submit", {"request": request.pk, "unit": unit.pk})
        _notify(
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
    _require(by, Action.REPORT_COMPILE, report.request.plan.owner)


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
    _audit(by, locked, "reporting.accept", {"status": locked.status})
    return locked


@transaction.atomic
def unit_report_return(*, report: UnitReport, by: User, reason: str) -> UnitReport:
    """The Office sends a report back to its unit, saying why; the unit edits and sends
    it again (its timeliness stays that of its first submission)."""
    _review_allowed(by, report)
    reason = _text(reason, limit=2000)
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
    _audit(by, locked, "reporting.return", {"reason": reason})
    _notify(
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
    _require(by, Action.REPORT_COMPILE, request.plan.owner)
    if not queries.is_responsible(request.plan, unit):
        raise ReportingError(_("The plan assigns no task to this unit: it has nothing to report."))
    reason = _text(reason, limit=2000)
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
    _notify(
        users=queries.submitting_people([unit]),
        kind=NotificationKind.REMINDER,
        text=_("The deadline of %(title)s for your unit is now %(due)s.")
        % {"title": request.title, "due": format_date(due)},
        link=unit_report_link(report),
    )
    return report


# --- the compiled report -------------------------------------------------------------------------


def _symbol(plan: Plan) -> str:
    """'BC-KHCN': the report's code, then the issuer's part of the plan's own symbol."""
    symbol = plan.document.symbol or ""
    issuer_part = symbol.split("-", 1)[1] if "-" in symbol else ""
    return f"{REPORT_CODE}-{issuer_part}" if issuer_part else REPORT_CODE


def report_recipients(plan: Plan) -> list[dict[str, str]]:
    """The plan's recipients marked b/c (for report), as printed: the report goes to them."""
    found = []
    for item in plan.document.recipients or []:
        if not isinstance(item, dict) or not item.get("name"):
            continue
        purpose = search_key(str(item.get("purpose") or "")).replace(" ", "")
        if purpose in {"b/c", "bc", "debaocao", "baocao", "d/b/c"}:
            found.append({"name": clean(item["name"]), "purpose": "b/c"})
    return found


def _leadership_recipient(plan: Plan) -> str:
    """How the plan names its body's leadership ("Lãnh đạo Sở"), for the report's list."""
    for item in plan.document.recipients or []:
        name = clean(str(item.get("name") or "")) if isinstance(item, dict) else ""
        if name and unit_resolve(name, within=plan.owner).collective == "leadership":
            return name
    return "Lãnh đạo cơ quan"


def compiled_title(request: ReportRequest) -> str:
    if not request.period_key:
        return request.title
    label = request.title.removeprefix("Báo cáo ").strip()
    subject = clean(request.plan.document.title or "")
    lowered = subject[:1].lower() + subject[1:]
    for prefix in ("kế hoạch ", "thực hiện "):
        lowered = lowered.removeprefix(prefix)
    # The plan's year is in the period's label already.
    words = lowered.split()
    if len(words) >= 2 and words[-2] == "năm" and words[-1].isdigit():
        lowered = " ".join(words[:-2])
    return f"Kết quả thực hiện {lowered} {label}".strip()


def _draft_sections(request: ReportRequest, issuer: str, today: datetime.date) -> dict[str, str]:
    sections = compile_sections(
        request=request,
        lines=task_lines(request, today),
        columns=queries.request_columns(request, today),
        unit_reports=queries.unit_reports_for_compiling(request),
        today=today,
        issuer=issuer,
    )
    return {
        "opening": sections.opening,
        "results": sections.results,
        "difficulties": sections.difficulties,
        "next_steps": sections.next_steps,
        "proposals": sections.proposals,
    }


@transaction.atomic
def compiled_report_create(
    *, request: ReportRequest, by: User, today: datetime.date | None = None
) -> CompiledReport:
    """The Office starts the Báo cáo of a request: a draft document with its sections
    pre-filled from the data. A request has one; asking again returns it."""
    plan = request.plan
    _require(by, Action.REPORT_COMPILE, plan.owner)
    existing = CompiledReport.objects.filter(request=request).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    source = plan.document
    issuer = source.issuer or plan.owner.name
    archive = ["VT"]
    if plan.monitoring_unit is not None and plan.monitoring_unit.short_name:
        archive.append(plan.monitoring_unit.short_name)
    document = document_create(
        extraction={
            "document": {
                "type": REPORT_TYPE,
                "type_code": REPORT_CODE,
                "symbol": _symbol(plan),
                "reference": f"/{_symbol(plan)}",
                "issuer": issuer,
                "issuer_parent": source.issuer_parent,
                "place": source.place,
                "title": compiled_title(request),
                "signer": {
                    "authority": source.signer_authority,
                    "on_behalf_of": source.signer_on_behalf_of,
                    "position": source.signer_position,
                    "name": "",
                },
                "recipients": [
                    *report_recipients(plan),
                    {"name": _leadership_recipient(plan), "purpose": ""},
                ],
                "archive": archive,
            }
        },
        issuer_unit=plan.owner,
        by=by,
        status=DocumentStatus.DRAFT,
    )
    report = CompiledReport.objects.create(
        request=request,
        document=document,
        created_by=by,
        **_draft_sections(request, issuer, today),
    )
    _audit(by, report, "reporting.compile", {"request": request.pk})
    return report


def _compiled_locked(report: CompiledReport, expected_version: int | None) -> CompiledReport:
    locked = CompiledReport.objects.select_for_update().select_related("document").get(pk=report.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(expected=expected_version, current=locked.version)
    return locked


@transaction.atomic
def compiled_report_save(
    *,
    report: CompiledReport,
    by: User,
    title: str,
    opening: str,
    results: str,
    difficulties: str,
    next_steps: str,
    proposals: str,
    expected_version: int,
) -> CompiledReport:
    """The Office edits the report in the page, while it is being compiled."""
    _require(by, Action.REPORT_COMPILE, report.request.plan.owner)
    title = clean(title)
    if not title:
        raise ReportingError(_("Give the report a title."))
    values = {
        "opening": _text(opening),
        "results": _text(results),
        "difficulties": _text(difficulties),
        "next_steps": _text(next_steps),
        "proposals": _text(proposals),
    }
    if not values["results"]:
        raise ReportingError(_("Write the results of the period."))
    locked = _compiled_locked(report, expected_version)
    if locked.status != CompiledStatus.DRAFT:
        raise ReportingError(
            _("The report has been sent for approval and can no longer be edited.")
        )
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*values, "version", "updated_at"])
    locked.document.title = title
    locked.document.save(update_fields=["title", "updated_at"])
    return locked


@transaction.atomic
def compiled_report_refill(
    *, report: CompiledReport, by: User, today: datetime.date | None = None
) -> CompiledReport:
    """Fill the sections again from today's data (the Office's edits are replaced)."""
    _require(by, Action.REPORT_COMPILE, report.request.plan.owner)
    locked = _compiled_locked(report, None)
    if locked.status != CompiledStatus.DRAFT:
        raise ReportingError(
            _("The report has been sent for approval and can no longer be edited.")
        )
    issuer = locked.document.issuer or report.request.plan.owner.name
    values = _draft_sections(report.request, issuer, today or timezone.localdate())
    for name, value in values.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save(update_fields=[*values, "version", "updated_at"])
    return locked


def _move(
    report: CompiledReport, *, by: User, action: Action, source: str, target: str, audit: str
) -> CompiledReport:
    _require(by, action, report.request.plan.owner)
    locked = _compiled_locked(report, None)
    if locked.status != source:
        raise ReportingError(_("The report is no longer at this step; reload the page."))
    locked.status = target
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    _audit(by, locked, audit, {"status": target})
    return locked


@transaction.atomic
def compiled_report_submit(*, report: CompiledReport, by: User) -> CompiledReport:
    """The Office sends the report to the leadership for approval."""
    locked = _move(
        report,
        by=by,
        action=Action.REPORT_COMPILE,
        source=CompiledStatus.DRAFT,
        target=CompiledStatus.AWAITING_APPROVAL,
        audit="reporting.send_for_approval",
    )
    return locked


@transaction.atomic
def compiled_report_send_back(*, report: CompiledReport, by: User, reason: str) -> CompiledReport:
    """The leadership sends the report back to the Office, saying what to change."""
    reason = _text(reason, limit=2000)
    if not reason:
        raise ReportingError(_("Say what should be changed."))
    locked = _move(
        report,
        by=by,
        action=Action.REPORT_APPROVE,
        source=CompiledStatus.AWAITING_APPROVAL,
        target=CompiledStatus.DRAFT,
        audit="reporting.send_back",
    )
    plan = report.request.plan
    _notify(
        users=office_people(plan.monitoring_unit),
        kind=NotificationKind.REMINDER,
        text=_("The report %(title)s was sent back: %(reason)s")
        % {"title": locked.document.title, "reason": reason},
        link=reverse("reporting:compiled", args=[locked.pk]),
    )
    return locked


def _signer(by: User, body: OrgUnit) -> dict[str, str]:
    """The approver signs: "GIÁM ĐỐC", or "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" for a deputy."""
    position = ""
    for membership in memberships_of(by):
        if membership.unit.path.startswith(body.path) and membership.position:
            position = membership.position
            break
    position = clean(position) or "Giám đốc"
    key = search_key(position)
    if key.startswith("pho "):
        head = position.split(" ", 1)[1]
        head = head[:1].upper() + head[1:]
        return {"authority": "KT.", "on_behalf_of": head, "position": position}
    return {"authority": "", "on_behalf_of": "", "position": position}


@transaction.atomic
def compiled_report_approve(*, report: CompiledReport, by: User) -> CompiledReport:
    """The leadership approves the report; the approver is its signer."""
    locked = _move(
        report,
        by=by,
        action=Action.REPORT_APPROVE,
        source=CompiledStatus.AWAITING_APPROVAL,
        target=CompiledStatus.APPROVED,
        audit="reporting.approve",
    )
    locked.approved_by = by
    locked.approved_at = timezone.now()
    locked.save(update_fields=["approved_by", "approved_at"])
    signer = _signer(by, report.request.plan.owner)
    document = locked.document
    document.signer_name = person_name(by)
    document.signer_position = signer["position"]
    document.signer_authority = signer["authority"]
    document.signer_on_behalf_of = signer["on_behalf_of"]
    document.save(
        update_fields=[
            "signer_name",
            "signer_position",
            "signer_authority",
            "signer_on_behalf_of",
            "updated_at",
        ]
    )
    return locked


@transaction.atomic
def compiled_report_issue(
    *, report: CompiledReport, by: User, today: datetime.date | None = None
) -> CompiledReport:
    """The clerk gives the approved report the next number of the body's register and
    sends it to its recipients: each dispatch recorded, the e-mail with the PDF queued
    for after commit."""
    plan = report.request.plan
    _require(by, Action.DOCUMENT_REGISTER, plan.owner)
    locked = _compiled_locked(report, None)
    if locked.status != CompiledStatus.APPROVED:
        raise ReportingError(_("Only an approved report can be numbered and sent."))
    register_issue(document=locked.document, body=plan.owner, on=today)
    now = timezone.now()
    locked.status = CompiledStatus.ISSUED
    locked.issued_by = by
    locked.issued_at = now
    locked.version += 1
    locked.save(update_fields=["status", "issued_by", "issued_at", "version", "updated_at"])
    dispatches = report_dispatch(report=locked, now=now)
    _audit(
        by,
        locked,
        "reporting.issue",
        {"reference": locked.document.reference, "sent_to": [d.name for d in dispatches]},
    )
    return locked


def report_dispatch(*, report: CompiledReport, now: datetime.datetime) -> list[ReportDispatch]:
    """Record the report sent to each recipient marked b/c (resolved to a unit through the
    organisation's aliases) and queue its e-mail. Sending again adds nobody twice."""
    from phongthu.reporting.jobs import report_emails_enqueue

    plan = report.request.plan
    made = []
    for item in report.document.recipients or []:
        if not isinstance(item, dict) or item.get("purpose") != "b/c":
            continue
        name = clean(str(item.get("name") or ""))
        resolution = unit_resolve(name, within=plan.owner)
        unit = resolution.units[0] if resolution.resolved and not resolution.collective else None
        dispatch, created = ReportDispatch.objects.get_or_create(
            report=report,
            name=name[:255],
            defaults={
                "purpose": "b/c",
                "unit": unit,
                "emails": queries.receiving_emails(unit) if unit is not None else [],
                "sent_at": now,
            },
        )
        if created:
            made.append(dispatch)
    if any(d.emails for d in made):
        report_emails_enqueue(report.pk)
    return made
