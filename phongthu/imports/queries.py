"""Reads for the imports pages: whose imports a person sees, and what a review needs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from phongthu.imports.models import PlanImport
from phongthu.org.models import BODY_KINDS, OrgUnit
from phongthu.org.permissions import Action, User, can, memberships_of, units_for
from phongthu.org.queries import body_of, units_below
from phongthu.plans.models import Plan
from phongthu.plans.services import plan_units_resolve
from phongthu.text import sort_key

RECENT = 20


def import_owners(user: User) -> list[OrgUnit]:
    """The bodies a person imports plans for: the body of each of their units where
    they hold PLAN_IMPORT (an Office clerk: their Sở)."""
    owners: dict[int, OrgUnit] = {}
    for membership in memberships_of(user):
        body = body_of(membership.unit)
        if body.pk not in owners and can(user, Action.PLAN_IMPORT, body):
            owners[body.pk] = body
    return sorted(owners.values(), key=lambda unit: sort_key(unit.name))


def subplan_owners(user: User, parent: Plan) -> list[OrgUnit]:
    """The units for which a person may import their detailed plan of `parent`: units
    below the plan's owner where they hold SUBPLAN_WRITE (a unit head: their unit)."""
    units = (
        units_for(user, Action.SUBPLAN_WRITE)
        .filter(path__startswith=parent.owner.path)
        .exclude(pk=parent.owner_id)
        .exclude(kind__in=BODY_KINDS)
    )
    return sorted(units, key=lambda unit: sort_key(unit.name))


def may_handle(user: User, plan_import: PlanImport) -> bool:
    """May this person see, review and confirm the import? The Office of its body; and
    for a unit's detailed plan, whoever writes that unit's plans."""
    if can(user, Action.PLAN_IMPORT, plan_import.owner):
        return True
    return plan_import.parent_plan_id is not None and can(
        user, Action.SUBPLAN_WRITE, plan_import.owner
    )


def plan_imports_recent(owners: list[OrgUnit]) -> QuerySet[PlanImport]:
    """The latest imports of these bodies, with what their list shows."""
    return PlanImport.objects.filter(owner__in=owners).select_related(
        "owner", "created_by", "plan__document"
    )[:RECENT]


def plan_import_get(pk: int) -> PlanImport:
    return PlanImport.objects.select_related("owner", "plan", "parent_plan__document").get(pk=pk)


def mapping_choices(owner: OrgUnit) -> list[OrgUnit]:
    """What an unknown unit name can be mapped to: the owner's body, then its units by
    name (a unit's detailed plan names units of the whole body too)."""
    body = body_of(owner)
    units = [u for u in units_below(body) if u.pk != body.pk]
    return [body, *sorted(units, key=lambda unit: sort_key(unit.name))]


def names_to_map(plan_import: PlanImport) -> list[str]:
    """Unit names of the extraction that no alias or collective resolves."""
    if not plan_import.extraction:
        return []
    return plan_units_resolve(extraction=plan_import.extraction, owner=plan_import.owner).unresolved


def mapping_units(plan_import: PlanImport) -> dict[str, OrgUnit]:
    """The stored mapping as units, keeping only units of the import's own body."""
    ids = {int(pk) for pk in (plan_import.mapping or {}).values()}
    allowed = units_below(body_of(plan_import.owner)).in_bulk(list(ids))
    return {
        name: allowed[int(pk)]
        for name, pk in (plan_import.mapping or {}).items()
        if int(pk) in allowed
    }


def extraction_summary(extraction: dict[str, Any] | None) -> dict[str, int]:
    tasks = (extraction or {}).get("tasks") or []
    groups = {
        ((t.get("group") or {}).get("label"), (t.get("group") or {}).get("title"))
        for t in tasks
        if t.get("group")
    }
    return {
        "tasks": len(tasks),
        "groups": len(groups),
        "citations": len((extraction or {}).get("citations") or []),
    }
