"""Writes of the compiled report (Báo cáo): made pre-filled from the data, edited by the
Office, approved by the leadership, numbered in the register by the clerk and sent to
the plan's recipients marked b/c. Each step checks the acting person's right itself and
moves the report on one step only (a report at another step raises `ReportingError`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phongthu.documents.models import Document, DocumentStatus
from phongthu.documents.services import document_create, document_fields, register_issue
from phongthu.followup.models import NotificationKind
from phongthu.followup.queries import office_people
from phongthu.org.display import person_name
from phongthu.org.models import OrgUnit
from phongthu.org.permissions import Action, memberships_of
from phongthu.org.queries import unit_resolve
from phongthu.plans.models import Plan
from phongthu.reporting import queries
from phongthu.reporting.content import compile_sections, task_lines
from phongthu.reporting.models import (
    CompiledReport,
    CompiledStatus,
    ReportDispatch,
    ReportRequest,
)
from phongthu.reporting.render import REPORT_CODE, REPORT_TYPE
from phongthu.reporting.services import (
    Conflict,
    ReportingError,
    audit,
    clean_text,
    notify,
    require,
)
from phongthu.text import clean, search_key

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


def _document_extraction(request: ReportRequest) -> dict[str, Any]:
    """The report's document as an extraction: the plan's issuer, place and signer, the
    report's code, its title, and its recipients (those of the plan marked b/c, and the
    body's leadership)."""
    plan = request.plan
    source = plan.document
    archive = ["VT"]
    if plan.monitoring_unit is not None and plan.monitoring_unit.short_name:
        archive.append(plan.monitoring_unit.short_name)
    return {
        "document": {
            "type": REPORT_TYPE,
            "type_code": REPORT_CODE,
            "symbol": _symbol(plan),
            "reference": f"/{_symbol(plan)}",
            "issuer": source.issuer or plan.owner.name,
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
    }


@transaction.atomic
def compiled_report_create(
    *, request: ReportRequest, by: User, today: datetime.date | None = None
) -> CompiledReport:
    """The Office starts the Báo cáo of a request: a draft document with its sections
    pre-filled from the data. A request has one; asking again returns it."""
    plan = request.plan
    require(by, Action.REPORT_COMPILE, plan.owner)
    existing = CompiledReport.objects.filter(request=request).first()
    if existing is not None:
        return existing
    extraction = _document_extraction(request)
    document = document_create(
        extraction=extraction, issuer_unit=plan.owner, by=by, status=DocumentStatus.DRAFT
    )
    report = CompiledReport.objects.create(
        request=request,
        document=document,
        created_by=by,
        **_draft_sections(request, document.issuer, today or timezone.localdate()),
    )
    audit(by, report, "reporting.compile", {"request": request.pk})
    return report


def compiled_preview(*, request: ReportRequest, today: datetime.date) -> CompiledReport:
    """The report as the Office would start it, not saved (what `phongthu report` prints
    for a period no one has compiled yet). `request` may be unsaved too."""
    values = document_fields(_document_extraction(request))
    document = Document(**values, issuer_unit=request.plan.owner, status=DocumentStatus.DRAFT)
    return CompiledReport(
        request=request,
        document=document,
        **_draft_sections(request, document.issuer, today),
    )


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
    require(by, Action.REPORT_COMPILE, report.request.plan.owner)
    title = clean(title)
    if not title:
        raise ReportingError(_("Give the report a title."))
    values = {
        "opening": clean_text(opening),
        "results": clean_text(results),
        "difficulties": clean_text(difficulties),
        "next_steps": clean_text(next_steps),
        "proposals": clean_text(proposals),
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
    require(by, Action.REPORT_COMPILE, report.request.plan.owner)
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
    report: CompiledReport, *, by: User, action: Action, source: str, target: str, step: str
) -> CompiledReport:
    require(by, action, report.request.plan.owner)
    locked = _compiled_locked(report, None)
    if locked.status != source:
        raise ReportingError(_("The report is no longer at this step; reload the page."))
    locked.status = target
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    audit(by, locked, step, {"status": target})
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
        step="reporting.send_for_approval",
    )
    return locked


@transaction.atomic
def compiled_report_send_back(*, report: CompiledReport, by: User, reason: str) -> CompiledReport:
    """The leadership sends the report back to the Office, saying what to change."""
    reason = clean_text(reason, limit=2000)
    if not reason:
        raise ReportingError(_("Say what should be changed."))
    locked = _move(
        report,
        by=by,
        action=Action.REPORT_APPROVE,
        source=CompiledStatus.AWAITING_APPROVAL,
        target=CompiledStatus.DRAFT,
        step="reporting.send_back",
    )
    plan = report.request.plan
    notify(
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
        step="reporting.approve",
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
    require(by, Action.DOCUMENT_REGISTER, plan.owner)
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
    audit(
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
