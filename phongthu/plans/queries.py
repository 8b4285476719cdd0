"""Reads of plans for pages: lists, the plan as its document lays it out, the cascade, coverage.

Every function returns rows with their related rows already loaded, so a page costs the
same few queries however many tasks its plan has. What a person may see is decided by
`org.permissions`; `plans_visible` is the one scoped read the others start from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet

from phongthu.documents.models import Citation
from phongthu.org.models import BODY_KINDS, OrgUnit, Role
from phongthu.org.permissions import Action, memberships_of, units_for
from phongthu.plans.models import (
    Assignment,
    AssignmentRole,
    AssignmentState,
    Plan,
    PlanStatus,
    Task,
    TaskGroup,
)
from phongthu.text import sort_key

Person = User | AnonymousUser


# --- Lists ------------------------------------------------------------------------------------


def plans_visible(user: Person) -> QuerySet[Plan]:
    """The plans whose owner the user may see plans of (their body; a province-wide reader
    sees every body)."""
    return Plan.objects.filter(owner__in=units_for(user, Action.PLAN_VIEW))


def plan_list(
    user: Person, *, year: int | None = None, status: str | None = None
) -> QuerySet[Plan]:
    """The plan list page: newest year first, with their document, owner and task count."""
    plans = (
        plans_visible(user)
        .select_related("document", "owner", "parent__document")
        .annotate(task_count=Count("tasks"))
        .order_by("-year", "owner__path", "parent_id", "-created_at")
    )
    if year is not None:
        plans = plans.filter(year=year)
    if status:
        plans = plans.filter(status=status)
    return plans


def plan_years(user: Person) -> list[int]:
    """The years the user's plans cover, for the list's filter."""
    years = plans_visible(user).order_by("-year").values_list("year", flat=True).distinct()
    return list(years)


def home_plans(user: Person, *, limit: int = 8) -> list[Plan]:
    """The Office's home panel: the body's own plans in force or in draft, newest first."""
    plans = (
        plan_list(user)
        .filter(parent=None)
        .exclude(status=PlanStatus.CLOSED)
        .order_by("-year", "status", "-created_at")
    )
    return list(plans[:limit])


# --- One plan ---------------------------------------------------------------------------------


def plan_get(pk: int) -> Plan | None:
    """One plan with what its header and cascade links need."""
    return (
        Plan.objects.select_related(
            "document",
            "owner",
            "monitoring_unit",
            "parent__document",
            "parent__owner",
            "previous__document",
            "previous__owner",
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class UnitEntry:
    """A lead or support cell entry: a unit, or a collective as printed with its units."""

    label: str
    units: list[str] = field(default_factory=list)

    @property
    def is_collective(self) -> bool:
        return len(self.units) > 1


@dataclass
class TaskRow:
    task: Task
    leads: list[UnitEntry]
    supports: list[UnitEntry]


@dataclass
class GroupRows:
    group: TaskGroup | None
    rows: list[TaskRow]


def _entries(assignments: list[Assignment]) -> list[UnitEntry]:
    """Units as the cell printed them: a collective ("Các phòng, đơn vị thuộc Sở") stays one
    entry listing its units; entries and units in Vietnamese order."""
    printed: dict[str, list[OrgUnit]] = {}
    for assignment in assignments:
        printed.setdefault(assignment.as_printed or assignment.unit.name, []).append(
            assignment.unit
        )
    entries = []
    for label, units in printed.items():
        names = sorted((u.name for u in units), key=sort_key)
        entries.append(UnitEntry(label if len(names) > 1 else names[0], names))
    return sorted(entries, key=lambda e: sort_key(e.label))


def plan_task_rows(plan: Plan) -> list[GroupRows]:
    """The task table: groups in order, each with its tasks, leads and supports."""
    tasks = (
        plan.tasks.select_related("parent_task__group", "parent_task__plan__document")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit"))
        )
        .order_by("position", "pk")
    )
    by_group: dict[int | None, list[TaskRow]] = {}
    for task in tasks:
        assignments = list(task.assignments.all())
        by_group.setdefault(task.group_id, []).append(
            TaskRow(
                task,
                leads=_entries([a for a in assignments if a.role == AssignmentRole.LEAD]),
                supports=_entries([a for a in assignments if a.role == AssignmentRole.SUPPORT]),
            )
        )
    result = [GroupRows(None, by_group.pop(None))] if None in by_group else []
    for group in plan.groups.order_by("position", "pk"):
        result.append(GroupRows(group, by_group.pop(group.pk, [])))
    return result


def plan_citations(plan: Plan) -> QuerySet[Citation]:
    """The documents the plan cites, with the plan each resolved one belongs to."""
    return plan.document.citations.select_related(
        "resolved__plan__owner", "resolved__issuer_unit"
    ).order_by("position")


@dataclass
class Cascade:
    """Where the plan stands: the plans above it, and the plans that carry it out."""

    above: list[Plan]
    subplans: Sequence[Plan]
    implemented_by: list[Plan]
    next_plans: list[Plan]


def plan_cascade(plan: Plan) -> Cascade:
    above = list(plan.implements.select_related("document", "owner").order_by("-year"))
    if plan.parent is not None and all(p.pk != plan.parent_id for p in above):
        above.insert(0, plan.parent)
    subplans = list(
        plan.subplans.select_related("document", "owner").annotate(task_count=Count("tasks"))
    )
    subplans.sort(key=lambda p: sort_key(p.owner.name))
    implemented_by = list(
        plan.implemented_by.exclude(parent=plan)
        .select_related("document", "owner")
        .order_by("owner__path")
    )
    next_plans = list(plan.next_plans.select_related("document").order_by("year"))
    return Cascade(above, subplans, implemented_by, next_plans)


def plan_coverage(plan: Plan) -> QuerySet[Task]:
    """The plan's tasks that no task of any of its units' sub-plans carries out."""
    covering = Task.objects.filter(parent_task=OuterRef("pk"), plan__parent=plan)
    return plan.tasks.filter(~Exists(covering)).select_related("group").order_by("position", "pk")


def plan_units_without_subplan(plan: Plan) -> list[OrgUnit]:
    """Units that lead a task of the plan and have not written their detailed plan yet."""
    units = (
        OrgUnit.objects.filter(assignments__task__plan=plan, assignments__role=AssignmentRole.LEAD)
        .exclude(kind__in=BODY_KINDS)
        .exclude(plans__parent=plan)
        .distinct()
    )
    return sorted(units, key=lambda u: sort_key(u.name))


def parent_task_choices(plan: Plan) -> QuerySet[Task]:
    """The tasks of a plan, in order, as a sub-plan task picks the one it carries out."""
    return plan.tasks.select_related("group").order_by("position", "pk")


# --- Home panels ------------------------------------------------------------------------------


def unit_assignments(units: list[OrgUnit], *, limit: int = 10) -> list[Assignment]:
    """Open work of the units in plans in force: the nearest deadline first, undated last."""
    if not units:
        return []
    rows = (
        Assignment.objects.filter(unit__in=units, task__plan__status=PlanStatus.ACTIVE)
        # `exclude(state=DONE)` is the predicate of the partial index on open work.
        .exclude(state=AssignmentState.DONE)
        .select_related("unit", "task__plan__document", "task__group")
        .order_by(F("due").asc(nulls_last=True), "task__plan_id", "task__position")
    )
    return list(rows[:limit])


def home_unit_tasks(user: Person) -> list[Assignment]:
    """The unit head's and unit staff's home panel: their unit's tasks with deadlines."""
    units = [m.unit for m in memberships_of(user) if m.role in {Role.UNIT_HEAD, Role.UNIT_STAFF}]
    return unit_assignments(units)
