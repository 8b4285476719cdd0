"""Writes for plans: import an extraction as tracked work, sub-plans, and rollover.

`plan_import` is the one door: the web review page, `phongthu import` and the sample
loader all call it. It takes the extraction JSON (as read, or as a person corrected it on
the review page) and writes the document, the plan, its groups, tasks and assignments in
one transaction — or nothing at all.

A unit writes its detailed plan (`subplan_create`, `subplan_task_add`): each of its tasks
points at the parent task it carries out. `plan_rollover` makes next year's draft.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongthu.documents.models import Citation, CitationRole, Document, DocumentStatus
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
from phongthu.tracking.counts import Facts, dashboard_counts_apply


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
        # Who the plan reports to, and how often, is often said in the same sentence that
        # names the monitoring unit ("… theo dõi, đôn đốc …, định kỳ báo cáo Giám đốc Sở").
        if kind in {"report", "monitor"}:
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
    _tasks_create(plan=plan, extraction=extraction, names=names, year=year, parent=parent)
    _cascade_link(plan)
    return plan


def _tasks_create(
    *,
    plan: Plan,
    extraction: dict[str, Any],
    names: UnitNames,
    year: int,
    parent: Plan | None = None,
) -> None:
    groups: dict[tuple[str, str], TaskGroup] = {}
    assignments: list[Assignment] = []
    # A sub-plan's review page may say which parent task each row carries out.
    parent_tasks = set(parent.tasks.values_list("pk", flat=True)) if parent else set()
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
            parent_task_id=item.get("parent_task")
            if item.get("parent_task") in parent_tasks
            else None,
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
    dashboard_counts_apply(after=[Facts.of(a) for a in assignments])


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


# --- Sub-plans: a unit's detailed plan -----------------------------------------------------------


class PlanError(Exception):
    """A plan change that cannot be made; the message is for the person making it."""


# Document types are data as the agency writes them, not interface text.
_PLAN_TYPE = "Kế hoạch"
_PLAN_TYPE_CODE = "KH"
CONTENT_MAX = 4000
TITLE_MAX = 500
TIMEFRAME_MAX = 255


@dataclass(frozen=True)
class SubplanTaskInput:
    """One task of a sub-plan as a person writes it: what, by when, for which parent task."""

    parent_task: Task
    content: str
    timeframe_text: str = ""


def subplan_units_allowed(*, parent: Plan, unit: OrgUnit) -> bool:
    """A sub-plan is written by a unit below the plan's owner (a phòng of the Sở)."""
    return unit.pk != parent.owner_id and unit.path.startswith(parent.owner.path)


def subplan_of(*, parent: Plan, unit: OrgUnit) -> Plan | None:
    return Plan.objects.filter(parent=parent, owner=unit).select_related("document").first()


def _required_text(value: str, *, limit: int, message: str) -> str:
    text = clean(value or "")
    if not text:
        raise PlanError(message)
    if len(text) > limit:
        raise PlanError(_("The text is too long: at most %(limit)d characters.") % {"limit": limit})
    return text


@transaction.atomic
def subplan_create(
    *,
    parent: Plan,
    unit: OrgUnit,
    title: str,
    by: User | None,
    tasks: list[SubplanTaskInput] | tuple[SubplanTaskInput, ...] = (),
) -> Plan:
    """The unit's detailed plan of `parent`: a draft document citing the parent, its tasks.

    One per unit and parent plan; each task points at the parent task it carries out and
    is led by the unit. Everything is written or, on any refusal, nothing.
    """
    if not subplan_units_allowed(parent=parent, unit=unit):
        raise PlanError(_("This unit does not belong to the body that issued the plan."))
    if subplan_of(parent=parent, unit=unit) is not None:
        raise PlanError(_("This unit has already written its detailed plan of this plan."))
    title = _required_text(title, limit=TITLE_MAX, message=_("Write the title of the plan."))
    above = parent.document
    document = Document.objects.create(
        type=_PLAN_TYPE,
        type_code=_PLAN_TYPE_CODE,
        issuer=unit.name,
        issuer_parent=above.issuer,
        issuer_unit=unit,
        place=above.place,
        title=title,
        status=DocumentStatus.DRAFT,
        created_by=by,
    )
    # The detailed plan is written "on the basis of" its parent: the citation is the cascade.
    Citation.objects.create(
        document=document,
        position=0,
        type=above.type,
        reference=above.reference or str(above),
        date=above.date,
        issuer=above.issuer,
        role=CitationRole.BASIS,
        resolved=above,
    )
    plan = Plan.objects.create(
        document=document,
        owner=unit,
        year=parent.year,
        status=PlanStatus.ACTIVE,
        parent=parent,
        created_by=by,
    )
    for item in tasks:
        subplan_task_add(
            plan=plan,
            parent_task=item.parent_task,
            content=item.content,
            timeframe_text=item.timeframe_text,
        )
    return plan


def _subplan_group(plan: Plan, parent_task: Task) -> TaskGroup | None:
    """The sub-plan's group mirroring the parent task's group, so both read alike."""
    above = parent_task.group
    if above is None:
        return None
    group, _created = TaskGroup.objects.get_or_create(
        plan=plan,
        label=above.label,
        title=above.title,
        defaults={"position": above.position},
    )
    return group


@transaction.atomic
def subplan_task_add(
    *, plan: Plan, parent_task: Task, content: str, timeframe_text: str = ""
) -> Task:
    """Add a task to a unit's sub-plan, led by the unit, carrying out `parent_task`."""
    if plan.parent_id is None:
        raise PlanError(_("Only a unit's detailed plan takes tasks written here."))
    if parent_task.plan_id != plan.parent_id:
        raise PlanError(_("The chosen task is not a task of the plan this one details."))
    content = _required_text(
        content, limit=CONTENT_MAX, message=_("Write what the unit will do for this task.")
    )
    timeframe_text = clean(timeframe_text or "")
    if len(timeframe_text) > TIMEFRAME_MAX:
        raise PlanError(
            _("The text is too long: at most %(limit)d characters.") % {"limit": TIMEFRAME_MAX}
        )
    group = _subplan_group(plan, parent_task)
    last = plan.tasks.order_by("-position").values_list("position", flat=True).first()
    in_group = plan.tasks.filter(group=group).count()
    schedule = _schedule({"timeframe": {"text": timeframe_text, "edited": True}}, plan.year)
    task = Task.objects.create(
        plan=plan,
        group=group,
        label=str(in_group + 1),
        content=content,
        position=0 if last is None else last + 1,
        parent_task=parent_task,
        **schedule,
    )
    assignment = Assignment.objects.create(
        task=task,
        unit=plan.owner,
        role=AssignmentRole.LEAD,
        as_printed=plan.owner.name,
        due=task.due,
    )
    dashboard_counts_apply(after=[Facts.of(assignment)])
    return task


@transaction.atomic
def subplan_task_link(*, task: Task, parent_task: Task | None) -> Task:
    """Say which parent task an (imported) sub-plan task carries out, or that it carries none."""
    if parent_task is not None and (
        task.plan.parent_id is None or parent_task.plan_id != task.plan.parent_id
    ):
        raise PlanError(_("The chosen task is not a task of the plan this one details."))
    task.parent_task = parent_task
    task.version += 1
    task.save(update_fields=["parent_task", "version", "updated_at"])
    return task


# --- Rollover: next year's draft from this year's plan -------------------------------------------


def next_year_date(day: datetime.date | None) -> datetime.date | None:
    """The same day a year on; 29 February becomes 28 February."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


_TIMEFRAME_TIME = re.compile(
    r"(?P<date>\b(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)\b)"
    r"|(?P<words>\bngày\s+(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})\s+năm\s+(?P<wy>(?:19|20)\d\d)\b)"
    r"|(?P<year>(?<!\d)(?:19|20)\d\d(?!\d))",
    re.IGNORECASE,
)


def _shift_day(day: int, month: int, year: int) -> int:
    return 28 if (day, month) == (29, 2) and not calendar.isleap(year + 1) else day


def timeframe_next_year(text: str) -> str:
    """A timeframe as printed, a year on: "Trước ngày 29/02/2024" → "Trước ngày 28/02/2025"."""

    def shift(match: re.Match[str]) -> str:
        if match.group("date"):
            day, month, year = int(match["d"]), int(match["m"]), int(match["y"])
            width = len(match["d"])
            return (
                f"{_shift_day(day, month, year):0{width}d}{match['sep']}{match['m']}"
                f"{match['sep']}{year + 1}"
            )
        if match.group("words"):
            day, month, year = int(match["wd"]), int(match["wm"]), int(match["wy"])
            whole = match.group("words")
            head = whole[: match.start("wd") - match.start("words")]
            middle = whole[
                match.end("wd") - match.start("words") : match.start("wy") - match.start("words")
            ]
            width = len(match["wd"])
            return f"{head}{_shift_day(day, month, year):0{width}d}{middle}{year + 1}"
        return str(int(match.group("year")) + 1)

    return _TIMEFRAME_TIME.sub(shift, text)


def text_next_year(text: str, year: int) -> str:
    """Titles and contents name their year ("năm 2024"); only that year moves on.

    Other years in running text are usually dates of cited documents, which stay.
    """
    pattern = re.compile(rf"\b(năm|Năm|NĂM)(\s+){year}(?!\d)")
    return pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{year + 1}", text)


def rollover_of(*, plan: Plan, year: int) -> Plan | None:
    return Plan.objects.filter(previous=plan, year=year).first()


def plan_rollover(*, plan: Plan, by: User | None) -> Plan:
    """Next year's draft of `plan`, made once: asking again returns the same draft.

    A new draft document (no number, no date, the title's year moved on), the groups and
    tasks with their dates a year on (ongoing and recurring tasks kept as they are), the
    citations and assignments copied, and `previous` pointing back here.
    """
    year = plan.year + 1
    existing = rollover_of(plan=plan, year=year)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _rollover_create(plan=plan, year=year, by=by)
    except IntegrityError:
        # Someone else clicked at the same moment; their draft is the one.
        found = rollover_of(plan=plan, year=year)
        if found is None:
            raise
        return found


def _rollover_document(plan: Plan, by: User | None) -> Document:
    source = plan.document
    document = Document.objects.create(
        type=source.type,
        type_code=source.type_code,
        reference=f"/{source.symbol}" if source.symbol else "",
        number="",
        symbol=source.symbol,
        issuer=source.issuer,
        issuer_parent=source.issuer_parent,
        issuer_unit=source.issuer_unit,
        place=source.place,
        title=text_next_year(source.title, plan.year),
        signer_name=source.signer_name,
        signer_position=source.signer_position,
        signer_authority=source.signer_authority,
        signer_on_behalf_of=source.signer_on_behalf_of,
        recipients=source.recipients,
        archive=source.archive,
        status=DocumentStatus.DRAFT,
        created_by=by,
    )
    Citation.objects.bulk_create(
        Citation(
            document=document,
            position=c.position,
            type=c.type,
            reference=c.reference,
            date=c.date,
            issuer=c.issuer,
            role=c.role,
            resolved_id=c.resolved_id,
        )
        for c in source.citations.all()
    )
    return document


def _rollover_create(*, plan: Plan, year: int, by: User | None) -> Plan:
    new_parent = rollover_of(plan=plan.parent, year=year) if plan.parent else None
    draft = Plan.objects.create(
        document=_rollover_document(plan, by),
        owner=plan.owner,
        year=year,
        status=PlanStatus.DRAFT,
        monitoring_unit=plan.monitoring_unit,
        reports_to=plan.reports_to,
        reporting_cadence=plan.reporting_cadence,
        parent=new_parent,
        previous=plan,
        created_by=by,
    )
    draft.implements.set(plan.implements.all())
    groups = {
        g.pk: TaskGroup.objects.create(
            plan=draft,
            label=g.label,
            title=text_next_year(g.title, plan.year),
            position=g.position,
        )
        for g in plan.groups.all()
    }
    parent_tasks = (
        {t.previous_id: t.pk for t in new_parent.tasks.exclude(previous=None)} if new_parent else {}
    )
    assignments: list[Assignment] = []
    for old in plan.tasks.prefetch_related("assignments"):
        task = Task.objects.create(
            plan=draft,
            group=groups.get(old.group_id) if old.group_id else None,
            label=old.label,
            content=text_next_year(old.content, plan.year),
            output=text_next_year(old.output, plan.year),
            timeframe_text=timeframe_next_year(old.timeframe_text),
            kind=old.kind,
            start=next_year_date(old.start),
            due=next_year_date(old.due),
            recurrence=old.recurrence,
            position=old.position,
            parent_task_id=parent_tasks.get(old.parent_task_id),
            previous=old,
        )
        assignments += [
            Assignment(
                task=task, unit_id=a.unit_id, role=a.role, as_printed=a.as_printed, due=task.due
            )
            for a in old.assignments.all()
        ]
    Assignment.objects.bulk_create(assignments)
    dashboard_counts_apply(after=[Facts.of(a) for a in assignments])
    _rollover_adopt_subplans(draft)
    return draft


def _rollover_adopt_subplans(draft: Plan) -> None:
    """Units' sub-plans rolled over before their parent now hang under the parent's draft."""
    tasks = {t.previous_id: t.pk for t in draft.tasks.exclude(previous=None)}
    orphans = Plan.objects.filter(parent=None, year=draft.year, previous__parent=draft.previous_id)
    for orphan in orphans:
        orphan.parent = draft
        orphan.save(update_fields=["parent", "updated_at"])
        for task in orphan.tasks.select_related("previous").exclude(previous=None):
            mapped = tasks.get(task.previous.parent_task_id) if task.previous else None
            if mapped is not None:
                task.parent_task_id = mapped
                task.save(update_fields=["parent_task", "updated_at"])
