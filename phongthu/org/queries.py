"""Reads of the organisation: subtrees, bodies, and resolving names as documents write them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet

from phongthu.org.display import person_name
from phongthu.org.models import BODY_KINDS, Membership, OrgUnit, OrgUnitAlias, UnitKind
from phongthu.text import clean, person_sort_key, search_key, sort_key


def units_below(unit: OrgUnit, *, include_self: bool = True) -> QuerySet[OrgUnit]:
    units = OrgUnit.objects.filter(path__startswith=unit.path)
    return units if include_self else units.exclude(pk=unit.pk)


def ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The unit's ancestors, root first, in one query."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part][:-1]
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def body_of(unit: OrgUnit) -> OrgUnit:
    """The body a unit belongs to: itself if it is one, else its nearest body ancestor."""
    if unit.kind in BODY_KINDS:
        return unit
    for ancestor in reversed(ancestors(unit)):
        if ancestor.kind in BODY_KINDS:
            return ancestor
    return unit


def root_of(unit: OrgUnit) -> OrgUnit:
    chain = ancestors(unit)
    return chain[0] if chain else unit


def body_units(body: OrgUnit) -> list[OrgUnit]:
    """The units (phòng, đơn vị) that make up a body, in Vietnamese name order."""
    units = OrgUnit.objects.filter(parent=body).exclude(kind__in=BODY_KINDS)
    return sorted(units, key=lambda u: sort_key(u.name))


def sorted_units(units: QuerySet[OrgUnit] | list[OrgUnit]) -> list[OrgUnit]:
    return sorted(units, key=lambda u: sort_key(u.name))


# --- Names as documents write them -------------------------------------------------------------

# Collective expressions, matched on the search key (no case, no diacritics). Each names a
# set of units relative to the body that wrote the document.
_UNITS_OF_BODY = re.compile(
    r"^(tat ca |toan the )?cac (phong|don vi|ban|bo phan)\b.*"
    r"(thuoc|truc thuoc|cua|chuyen mon|$)",
)
_LEADERSHIP = re.compile(r"^(lanh dao|ban giam doc|ban lanh dao|giam doc)( (so|co quan|don vi))?$")
_DEPARTMENTS = re.compile(r"^cac (so|co quan)\b.*(ban|nganh)")


@dataclass(frozen=True)
class Resolution:
    """What a name in a document stands for.

    `collective` is None for a single unit, else "units" (every unit of the body),
    "leadership" (the body's leadership, i.e. the body itself) or "departments".
    `units` is empty when the name matched nothing: a person must map it.
    """

    text: str
    units: list[OrgUnit] = field(default_factory=list)
    collective: str | None = None

    @property
    def resolved(self) -> bool:
        return bool(self.units)


def unit_lookup(name: str, *, within: OrgUnit) -> OrgUnit | None:
    """Find one unit by name, short name or alias: first in the body, then the whole tree.

    A unit's own name and short name are stored as aliases too, so this is one
    indexed equality on the folded key.

    Two bodies can each have a "Văn phòng"; looking inside the writer's body first
    gives the one the document means.
    """
    key = search_key(name).strip(" .;,:")
    if not key:
        return None
    body = body_of(within)
    for scope in (body, root_of(body)):
        alias_ids = OrgUnitAlias.objects.filter(
            key=key, unit__path__startswith=scope.path
        ).values_list("unit_id", flat=True)
        matches = list(OrgUnit.objects.filter(pk__in=list(alias_ids)))
        if len(matches) == 1:
            return matches[0]
        if matches:
            # Ambiguous in the whole tree: prefer the one inside the writer's body.
            inside = [u for u in matches if u.path.startswith(body.path)]
            if len(inside) == 1:
                return inside[0]
            return None
    return None


def unit_resolve(text: str, *, within: OrgUnit) -> Resolution:
    """Resolve a lead/support cell entry or a recipient line to the units it names."""
    text = clean(text)
    key = search_key(text).rstrip(" .;,")
    body = body_of(within)
    if _LEADERSHIP.match(key):
        return Resolution(text, [body], "leadership")
    if _DEPARTMENTS.match(key):
        departments = OrgUnit.objects.filter(
            parent=root_of(body), kind=UnitKind.DEPARTMENT
        ).order_by("name")
        return Resolution(text, sorted_units(list(departments)), "departments")
    if _UNITS_OF_BODY.match(key) and unit_lookup(text, within=within) is None:
        return Resolution(text, body_units(body), "units")
    unit = unit_lookup(text, within=within)
    return Resolution(text, [unit] if unit else [], None)


def units_matching(term: str) -> Q:
    """A filter for a name search box (diacritics-insensitive is done by the caller's key)."""
    return Q(name__icontains=term) | Q(short_name__icontains=term)


@dataclass
class TreeNode:
    unit: OrgUnit
    children: list[TreeNode] = field(default_factory=list)


def org_tree(units: QuerySet[OrgUnit] | list[OrgUnit]) -> list[TreeNode]:
    """Nest a set of units into a forest; siblings in Vietnamese name order, bodies first."""
    nodes = {u.pk: TreeNode(u) for u in units}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)

    def order(siblings: list[TreeNode]) -> None:
        siblings.sort(key=lambda n: (n.unit.kind not in BODY_KINDS, sort_key(n.unit.name)))
        for sibling in siblings:
            order(sibling.children)

    order(roots)
    return roots


# --- People, for the administrator's pages -----------------------------------------------------
# `scope` is the units the reader manages (permissions.units_for(user, Action.ORG_MANAGE));
# it is taken as an argument because permissions imports this module.


def people_in(scope: QuerySet[OrgUnit]) -> list[User]:
    """Everyone holding a role in `scope`, in Vietnamese name order (given name first).

    Each person's `managed_roles` holds only their roles inside `scope`: what they do in
    another body is not this reader's business. Two queries, however many people.
    """
    people = (
        User.objects.filter(memberships__unit__in=scope)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(unit__in=scope).select_related("unit"),
                to_attr="managed_roles",
            )
        )
    )
    return sorted(people, key=lambda p: (person_sort_key(person_name(p)), p.username))


def person_in(scope: QuerySet[OrgUnit], pk: int) -> User | None:
    """One person holding a role in `scope`, with all their roles and units loaded."""
    return (
        User.objects.filter(pk=pk, memberships__unit__in=scope)
        .distinct()
        .prefetch_related(Prefetch("memberships", Membership.objects.select_related("unit")))
        .first()
    )


def units_with_aliases(scope: QuerySet[OrgUnit]) -> list[OrgUnit]:
    return list(scope.prefetch_related("aliases"))
