"""Reads for the follow-up pages: reminders, notifications, inspections, each scoped by
permission and with its related rows loaded in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet

from phongthu.followup.models import (
    Finding,
    Inspection,
    Notification,
    Reminder,
    ReminderAnswer,
    ReminderDelivery,
)
from phongthu.org.models import BODY_KINDS, Membership, OrgUnit, Role
from phongthu.org.permissions import GRANTS, Action, units_for
from phongthu.org.permissions import User as AnyUser
from phongthu.plans.models import Assignment, Plan, PlanStatus, TimeframeKind
from phongthu.text import sort_key
from phongthu.tracking.status import (
    ReportState,
    is_overdue,
    ongoing_report_state,
    reporting_period,
)

# Who receives a unit's reminders: its members whose role lets them answer one.
ANSWERING_ROLES = tuple(role for role, acts in GRANTS.items() if Action.REMINDER_ANSWER in acts)


def reminder_recipients(unit: OrgUnit) -> QuerySet[User]:
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__unit=unit,
            memberships__role__in=ANSWERING_ROLES,
        )
        .distinct()
        .order_by("pk")
    )


def office_people(unit: OrgUnit | None) -> QuerySet[User]:
    """The Office people of a unit (who hear of answers to reminders the clock sent)."""
    if unit is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__unit=unit, memberships__role=Role.OFFICE)
        .distinct()
        .order_by("pk")
    )


# --- Reminders ------------------------------------------------------------------------------


def _reminder_units(user: AnyUser) -> Q:
    """Reminders a person may open: those to units they remind, or to their own unit."""
    return Q(unit__in=units_for(user, Action.REMINDER_SEND)) | Q(
        unit__in=units_for(user, Action.REMINDER_ANSWER)
    )


def reminders_visible(user: AnyUser) -> QuerySet[Reminder]:
    """The reminders list: newest first, with counts of recipients, reads and answers."""
    return (
        Reminder.objects.filter(_reminder_units(user))
        .select_related("plan__document", "unit", "sent_by")
        .annotate(
            recipients=Count("deliveries", distinct=True),
            read=Count("deliveries", filter=Q(deliveries__read_at__isnull=False), distinct=True),
            answer_count=Count("answers", distinct=True),
            task_count=Count("assignments", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def reminder_get(pk: int) -> Reminder | None:
    return (
        Reminder.objects.select_related("plan__document", "unit", "sent_by")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("task").order_by("task__position", "pk"),
            ),
            Prefetch(
                "deliveries",
                queryset=ReminderDelivery.objects.select_related("user").order_by("pk"),
            ),
            Prefetch(
                "answers", queryset=ReminderAnswer.objects.select_related("by").order_by("pk")
            ),
        )
        .filter(pk=pk)
        .first()
    )


def reminder_plans(user: AnyUser) -> QuerySet[Plan]:
    """Plans the person may send reminders about: those of the bodies they follow."""
    return (
        Plan.objects.filter(owner__in=units_for(user, Action.REMINDER_SEND))
        .exclude(status=PlanStatus.DRAFT)
        .select_related("document", "owner")
        .order_by("-year", "-created_at")
    )


def home_reminders(user: AnyUser, *, limit: int = 5) -> list[Reminder]:
    """The home panel of a unit: the latest reminders to its units not answered yet."""
    return list(
        Reminder.objects.filter(
            unit__in=units_for(user, Action.REMINDER_ANSWER), answers__isnull=True
        )
        .select_related("unit")
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass
class TaskChoice:
    assignment: Assignment
    overdue: bool
    unreported: bool

    @property
    def preselected(self) -> bool:
        return self.overdue or self.unreported


@dataclass
class UnitChoice:
    unit: OrgUnit
    tasks: list[TaskChoice] = field(default_factory=list)

    @property
    def preselected(self) -> bool:
        return any(task.preselected for task in self.tasks)

    @property
    def overdue(self) -> int:
        return sum(task.overdue for task in self.tasks)

    @property
    def unreported(self) -> int:
        return sum(task.unreported for task in self.tasks)


def send_choices(*, user: AnyUser, plan: Plan, today: datetime.date) -> list[UnitChoice]:
    """Every unit of the plan the person may remind, with its open tasks; overdue ones and
    ongoing ones not reported in the current period are pre-selected (tracking's rules)."""
    period = reporting_period(cadence=plan.reporting_cadence or [], day=today)
    assignments = (
        Assignment.objects.filter(task__plan=plan, unit__in=units_for(user, Action.REMINDER_SEND))
        .exclude(state="done")
        .select_related("task", "unit")
        .order_by("task__position", "pk")
    )
    units: dict[int, UnitChoice] = {}
    for assignment in assignments:
        choice = units.setdefault(assignment.unit_id, UnitChoice(assignment.unit))
        choice.tasks.append(
            TaskChoice(
                assignment,
                overdue=is_overdue(due=assignment.due, state=assignment.state, today=today),
                unreported=assignment.task.kind == TimeframeKind.ONGOING
                and ongoing_report_state(
                    last_reported_at=assignment.last_reported_at, period=period
                )
                == ReportState.NOT_REPORTED,
            )
        )
    return sorted(units.values(), key=lambda c: sort_key(c.unit.name))


# --- Notifications --------------------------------------------------------------------------


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


# --- Inspections ----------------------------------------------------------------------------


def _inspection_units(user: AnyUser) -> Q:
    """Inspections a person may read: the Office of the body, whoever may see the
    inspected unit's progress (its own people, the leadership of its body), and the
    members of the inspection team (a subquery: joining the team would repeat rows)."""
    team = Inspection.inspectors.through.objects.filter(user_id=user.pk or 0)
    on_team = team.values("inspection_id")
    return (
        Q(unit__in=units_for(user, Action.INSPECTION_RECORD))
        | Q(unit__in=units_for(user, Action.PROGRESS_VIEW))
        | Q(pk__in=on_team)
    )


def inspections_visible(user: AnyUser) -> QuerySet[Inspection]:
    return (
        Inspection.objects.filter(_inspection_units(user))
        .select_related("plan__document", "unit")
        .annotate(
            finding_count=Count("findings", distinct=True),
            follow_up_count=Count(
                "findings", filter=Q(findings__follow_up_task__isnull=False), distinct=True
            ),
        )
        .order_by("-date", "-pk")
    )


def inspection_get(pk: int) -> Inspection | None:
    return (
        Inspection.objects.select_related("plan__document", "unit", "created_by")
        .prefetch_related(
            "inspectors",
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related("follow_up_task").order_by(
                    "position", "pk"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def finding_get(pk: int) -> Finding | None:
    return (
        Finding.objects.select_related("inspection__unit", "inspection__plan").filter(pk=pk).first()
    )


def inspection_plans(user: AnyUser) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(owner__in=units_for(user, Action.INSPECTION_RECORD))
        .exclude(status=PlanStatus.DRAFT)
        .select_related("document")
        .order_by("-year", "-created_at")
    )


def inspection_units(user: AnyUser) -> list[OrgUnit]:
    """Units the person may inspect, bodies excluded (one inspects a unit of the body)."""
    units = units_for(user, Action.INSPECTION_RECORD).exclude(kind__in=list(BODY_KINDS))
    return sorted(units, key=lambda u: sort_key(u.name))


def inspector_choices(user: AnyUser) -> list[User]:
    """People of the bodies the person inspects for, in Vietnamese name order."""
    members = Membership.objects.filter(unit__in=units_for(user, Action.INSPECTION_RECORD))
    people = get_user_model().objects.filter(is_active=True, pk__in=members.values("user_id"))
    return sorted(people, key=lambda p: sort_key(f"{p.last_name} {p.first_name}"))
