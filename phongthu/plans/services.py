"""Writes for plans: import an extraction as tracked work.

`plan_import` is the one door: the web review page, `phongthu import` and the sample
loader all call it. It takes the extraction JSON (as read, or as a person corrected it on
the review page) and writes the document, the plan, its groups, tasks and assignments in
one transaction — or nothing at all.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongthu.documents.models import Citation, Document, DocumentStatus
from phongthu.documents.services import citations_relink, document_create
from phongthu.ingest.parse.timeframe import parse_timeframe
from phongthu.org.models import OrgUnit
from phongthu.org.queries import Resolution, unit_resolve
from phongthu.org.services import org_unit_alias_add
from phongthu.plans.models import (
    Assignment,
    AssignmentRole,
    Plan,
    PlanStatus,
    Task,
    TaskGroup,
)
from phongthu.text import clean


class PlanImportError(Exception):
    """The extraction cannot become a plan; the message is for the person importing."""


class UnresolvedUnits(PlanImportError):
    """Some unit names match no unit: a person must map each before the import goes on."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            _("These units are not known yet; choose the unit each one means: %(names)s")
            % {"names": "; ".join(names)}
        )


@dataclass(frozen=True)
class UnitNames:
    """Every unit name an extraction uses, resolved or not."""

    resolved: dict[str, Resolution]
    unresolved: list[str]


def _names_used(extraction: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for task in extraction.get("tasks") or []:
        for name in [*(task.get("lead") or []), *(task.get("support") or [])]:
            name = clean(name)
            if name and name not in names:
                names.append(name)
    return names


def plan_units_resolve(
    *, extraction: dict[str, Any], owner: OrgUnit, mapping: dict[str, OrgUnit] | None = None
) -> UnitNames:
    """Resolve every lead/support name through aliases, collectives and the person's mapping."""
    mapping = {clean(k): v for k, v in (mapping or {}).items()}
    resolved: dict[str, Resolution] = {}
    unresolved: list[str] = []
    for name in _names_used(extraction):
        if name in mapping:
            resolved[name] = Resolution(name, [mapping[name]])
            continue
        resolution = unit_resolve(name, within=owner)
        if resolution.resolved:
            resolved[name] = resolution
        else:
            unresolved.append(name)
    return UnitNames(resolved, unresolved)


_YEAR_IN_TITLE = re.compile(r"\b(?:năm|giai đoạn)\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def plan_year(extraction: dict[str, Any]) -> int:
    """The year the plan covers: the one its title names, else the year it was issued."""
    title = (extraction.get("document") or {}).get("title") or ""
    match = _YEAR_IN_TITLE.search(title)
    if match:
        return int(match.group(1))
    year = ((extraction.get("document") or {}).get("date") or {}).get("year")
    return int(year) if year else timezone.localdate().year


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _schedule(task: dict[str, Any], year: int) -> dict[str, Any]:
    """Kind, start, due and recurrence; read again from the text when a person edited it."""
    timeframe = task.get("timeframe") or {}
    text = clean(timeframe.get("text") or "")
    if "kind" not in timeframe or timeframe.get("edited"):
        parsed = parse_timeframe(text, year=year)
        timeframe = {
            "text": text,
            "kind": parsed.kind,
            "start": parsed.start,
            "due": parsed.due,
            "recurrence": parsed.recurrence,
        }
    return {
        "timeframe_text": text,
        "kind": timeframe.get("kind") or "unspecified",
        "start": _date(timeframe.get("start")),
        "due": _date(timeframe.get("due")),
        "recurrence": timeframe.get("recurrence") or "",
    }


def _directives(extraction: dict[str, Any], owner: OrgUnit) -> dict[str, Any]:
    monitoring: OrgUnit | None = None
    reports_to = ""
    cadence: list[str] = []
    for directive in extraction.get("directives") or []:
        kind = directive.get("kind")
        if kind == "monitor" and monitoring is None:
            for name in directive.get("units") or []:
                resolution = unit_resolve(name, within=owner)
                if resolution.resolved and resolution.collective is None:
                    monitoring = resolution.units[0]
                    break
        if kind == "report":
            reports_to = reports_to or (directive.get("to") or "")
            cadence += [c for c in directive.get("cadence") or [] if c not in cadence]
    return {"monitoring_unit": monitoring, "reports_to": reports_to, "reporting_cadence": cadence}


def plan_for_file(sha256: str) -> Plan | None:
    document = Document.objects.filter(sha256=sha256).select_related("plan").first()
    return getattr(document, "plan", None) if document else None


@transaction.atomic
def plan_import(
    *,
    extraction: dict[str, Any],
    owner: OrgUnit,
    by: User | None,
    data: bytes | None = None,
    mapping: dict[str, OrgUnit] | None = None,
    parent: Plan | None = None,
    status: PlanStatus = PlanStatus.ACTIVE,
) -> Plan:
    """Turn an extraction into a plan with its tasks and assignments, atomically.

    The same file imported again returns the plan it made the first time. A unit name
    that resolves to nothing stops the import (UnresolvedUnits) until `mapping` names
    the unit it means; each such mapping is kept as a new alias of that unit.
    """
    sha = (extraction.get("source") or {}).get("sha256") or ""
    if sha:
        existing = plan_for_file(sha)
        if existing is not None:
            return existing
    if not extraction.get("tasks"):
        raise PlanImportError(_("The document has no task table: there is nothing to follow."))
    names = plan_units_resolve(extraction=extraction, owner=owner, mapping=mapping)
    if names.unresolved:
        raise UnresolvedUnits(names.unresolved)
    for written, unit in (mapping or {}).items():
        org_unit_alias_add(unit=unit, alias=written)

    document = document_create(
        extraction=extraction,
        issuer_unit=owner,
        by=by,
        data=data,
        status=DocumentStatus.ISSUED
        if (extraction.get("document") or {}).get("number")
        else DocumentStatus.DRAFT,
    )
    year = plan_year(extraction)
    plan = Plan.objects.create(
        document=document,
        owner=owner,
        year=year,
        status=status,
        parent=parent,
        created_by=by,
        **_directives(extraction, owner),
    )
    _tasks_create(plan=plan, extraction=extraction, names=names, year=year)
    _cascade_link(plan)
    return plan


def _tasks_create(*, plan: Plan, extraction: dict[str, Any], names: UnitNames, year: int) -> None:
    groups: dict[tuple[str, str], TaskGroup] = {}
    assignments: list[Assignment] = []
    for position, item in enumerate(extraction.get("tasks") or []):
        group = None
        if item.get("group"):
            key = (clean(item["group"].get("label") or ""), clean(item["group"].get("title") or ""))
            group = groups.get(key)
            if group is None:
                group = TaskGroup.objects.create(
                    plan=plan, label=key[0], title=key[1], position=len(groups)
                )
                groups[key] = group
        task = Task.objects.create(
            plan=plan,
            group=group,
            label=clean(item.get("label") or ""),
            content=clean(item.get("content") or ""),
            output=clean(item.get("output") or ""),
            position=position,
            **_schedule(item, year),
        )
        seen: set[tuple[int, str]] = set()
        for role, field in ((AssignmentRole.LEAD, "lead"), (AssignmentRole.SUPPORT, "support")):
            for written in item.get(field) or []:
                resolution = names.resolved.get(clean(written))
                for unit in resolution.units if resolution else []:
                    # A unit that leads is not also listed as supporting the same task.
                    if (unit.pk, AssignmentRole.LEAD) in seen or (unit.pk, role) in seen:
                        continue
                    seen.add((unit.pk, role))
                    assignments.append(
                        Assignment(
                            task=task,
                            unit=unit,
                            role=role,
                            as_printed=clean(written),
                            due=task.due,
                        )
                    )
    Assignment.objects.bulk_create(assignments)


def _cascade_link(plan: Plan) -> None:
    """Link the plan to the plans it cites, and plans already here that cite it."""
    for citation in plan.document.citations.select_related("resolved__plan"):
        above = getattr(citation.resolved, "plan", None) if citation.resolved else None
        if above is not None and above.pk != plan.pk:
            plan.implements.add(above)
    citations_relink(document=plan.document)
    below = Plan.objects.filter(
        document__in=Citation.objects.filter(resolved=plan.document).values("document")
    ).exclude(pk=plan.pk)
    for lower in below:
        lower.implements.add(plan)
