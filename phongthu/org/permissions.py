"""Who may do what, where. The one place every page, API endpoint and command asks.

A membership (unit + role) grants actions; each grant reaches a scope:
- UNIT: the member's own unit and what hangs below it;
- BODY: the whole body the unit belongs to (the Sở and all its units);
- TREE: everything under the root of the tree (a province-wide reader such as the
  provincial command, which receives reports from every department).
A higher body sees everything below it because its BODY scope is its own subtree.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as Person
from django.db.models import Q, QuerySet

from phongthu.org.models import Membership, OrgUnit, Role
from phongthu.org.queries import body_of, root_of


class Action(enum.StrEnum):
    ORG_VIEW = "org.view"
    ORG_MANAGE = "org.manage"
    PLAN_VIEW = "plan.view"
    PLAN_IMPORT = "plan.import"
    PLAN_EDIT = "plan.edit"
    SUBPLAN_WRITE = "subplan.write"
    PROGRESS_VIEW = "progress.view"
    PROGRESS_REPORT = "progress.report"
    DASHBOARD_VIEW = "dashboard.view"
    REMINDER_SEND = "reminder.send"
    REMINDER_ANSWER = "reminder.answer"
    INSPECTION_RECORD = "inspection.record"
    REPORT_VIEW = "report.view"
    REPORT_DRAFT = "report.draft"
    REPORT_SUBMIT = "report.submit"
    REPORT_COMPILE = "report.compile"
    REPORT_APPROVE = "report.approve"
    DOCUMENT_REGISTER = "document.register"


class Scope(enum.IntEnum):
    UNIT = 1
    BODY = 2
    TREE = 3


A = Action
# A unit's periodic report (báo cáo của phòng, đơn vị): its staff prepare it (REPORT_DRAFT:
# the form pre-filled from their progress, saved as a draft), its head sends it to the
# Office in the unit's name (REPORT_SUBMIT), as a Trưởng phòng signs what the unit sends.
# A unit with no head account (no one holds UNIT_HEAD there) is not left unable to
# report: its staff then send it themselves, as the person in charge (phụ trách) would.
# That last rule depends on who holds a role, not on the role, so reporting applies it
# (`reporting.queries.may_submit`); the matrix stays role × action.
_UNIT_MEMBER = {
    A.ORG_VIEW: Scope.BODY,
    A.PLAN_VIEW: Scope.BODY,
    A.PROGRESS_VIEW: Scope.UNIT,
    A.PROGRESS_REPORT: Scope.UNIT,
    A.REMINDER_ANSWER: Scope.UNIT,
    A.REPORT_DRAFT: Scope.UNIT,
}

# The role × action matrix (DESIGN.md §2). Tests walk every cell of it.
GRANTS: dict[Role, dict[Action, Scope]] = {
    Role.LEADERSHIP: {
        A.ORG_VIEW: Scope.BODY,
        A.PLAN_VIEW: Scope.BODY,
        A.PROGRESS_VIEW: Scope.BODY,
        A.DASHBOARD_VIEW: Scope.BODY,
        A.REPORT_VIEW: Scope.BODY,
        A.REPORT_APPROVE: Scope.BODY,
    },
    Role.OFFICE: {
        A.ORG_VIEW: Scope.BODY,
        A.PLAN_VIEW: Scope.BODY,
        A.PLAN_IMPORT: Scope.BODY,
        A.PLAN_EDIT: Scope.BODY,
        A.PROGRESS_VIEW: Scope.BODY,
        A.DASHBOARD_VIEW: Scope.BODY,
        A.REMINDER_SEND: Scope.BODY,
        A.INSPECTION_RECORD: Scope.BODY,
        A.REPORT_VIEW: Scope.BODY,
        A.REPORT_COMPILE: Scope.BODY,
        # The Office is a unit too: it leads tasks and reports on them like any other.
        A.PROGRESS_REPORT: Scope.UNIT,
        A.REMINDER_ANSWER: Scope.UNIT,
        A.SUBPLAN_WRITE: Scope.UNIT,
        A.REPORT_DRAFT: Scope.UNIT,
        A.REPORT_SUBMIT: Scope.UNIT,
    },
    Role.UNIT_HEAD: {
        **_UNIT_MEMBER,
        A.SUBPLAN_WRITE: Scope.UNIT,
        A.REPORT_SUBMIT: Scope.UNIT,
    },
    Role.UNIT_STAFF: dict(_UNIT_MEMBER),
    Role.CLERK: {
        A.ORG_VIEW: Scope.BODY,
        A.PLAN_VIEW: Scope.BODY,
        A.REPORT_VIEW: Scope.BODY,
        A.DOCUMENT_REGISTER: Scope.BODY,
    },
    Role.HIGHER_BODY: {
        A.ORG_VIEW: Scope.TREE,
        A.PLAN_VIEW: Scope.TREE,
        A.PROGRESS_VIEW: Scope.TREE,
        A.DASHBOARD_VIEW: Scope.TREE,
        A.REPORT_VIEW: Scope.TREE,
    },
    Role.ADMIN: {
        A.ORG_VIEW: Scope.BODY,
        A.ORG_MANAGE: Scope.BODY,
    },
}


@dataclass(frozen=True)
class Grant:
    role: Role
    unit: OrgUnit
    prefix: str  # the materialised path the grant reaches


User = Person | AnonymousUser


def memberships_of(user: User) -> list[Membership]:
    """The user's memberships, loaded once per user object (a request keeps one)."""
    if not user.is_authenticated:
        return []
    cached: list[Membership] | None = getattr(user, "_phongthu_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit"))
        user.__dict__["_phongthu_memberships"] = cached
    return cached


def _reach(user: User, unit: OrgUnit, scope: Scope) -> str:
    """The path prefix a grant on `unit` reaches; memoised on the user object like its
    memberships, so checking many actions in one request costs no further queries."""
    memo: dict[tuple[int, Scope], str] = user.__dict__.setdefault("_phongthu_reach", {})
    key = (unit.pk, scope)
    if key not in memo:
        if scope is Scope.UNIT:
            memo[key] = unit.path
        elif scope is Scope.BODY:
            memo[key] = body_of(unit).path
        else:
            memo[key] = root_of(unit).path
    return memo[key]


def grants(user: User, action: Action) -> list[Grant]:
    """Where the user may take `action`: one entry per membership that allows it."""
    found = []
    for membership in memberships_of(user):
        role = Role(membership.role)
        scope = GRANTS.get(role, {}).get(action)
        if scope is not None:
            found.append(Grant(role, membership.unit, _reach(user, membership.unit, scope)))
    return found


def is_superuser(user: User) -> bool:
    return bool(getattr(user, "is_superuser", False)) and user.is_authenticated


def can(user: User, action: Action, unit: OrgUnit | None = None) -> bool:
    """May `user` take `action` on `unit` (or anywhere at all, when unit is None)?"""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return False
    if is_superuser(user):
        return True
    reach = grants(user, action)
    if unit is None:
        return bool(reach)
    return any(unit.path.startswith(grant.prefix) for grant in reach)


def units_for(user: User, action: Action) -> QuerySet[OrgUnit]:
    """Every unit on which `user` may take `action`, as one queryset."""
    if is_superuser(user):
        return OrgUnit.objects.all()
    prefixes = {grant.prefix for grant in grants(user, action)}
    if not prefixes:
        return OrgUnit.objects.none()
    condition = Q()
    for prefix in prefixes:
        condition |= Q(path__startswith=prefix)
    return OrgUnit.objects.filter(condition)


def roles_of(user: User) -> set[Role]:
    return {Role(m.role) for m in memberships_of(user)}


def grantable_roles(user: User) -> list[Role]:
    """The roles `user` may hand out when managing people.

    An administrator's reach is their body, so they may give only roles whose every grant
    stays inside one body: a role reaching the whole tree (a province-wide reader) would
    let them open other bodies' data through someone they created.
    """
    if not can(user, Action.ORG_MANAGE):
        return []
    if is_superuser(user):
        return list(Role)
    return [
        role
        for role in Role
        if max(GRANTS.get(role, {}).values(), default=Scope.UNIT) <= Scope.BODY
    ]
