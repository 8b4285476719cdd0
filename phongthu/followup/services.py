"""Writes of the follow-up work: reminders (by hand and by the clock), their answers,
notifications, inspections and the follow-up tasks of their findings.

Every function checks the permission of the person acting (`by`) itself, so the pages,
the API and the CLI cannot forget it; bad input raises ValidationError with a Vietnamese
message and changes nothing.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phongthu.followup import facts
from phongthu.followup.jobs import reminder_emails_enqueue
from phongthu.followup.models import (
    Finding,
    Inspection,
    Notification,
    NotificationKind,
    Reminder,
    ReminderAnswer,
    ReminderDelivery,
    Trigger,
)
from phongthu.followup.queries import office_people, reminder_recipients
from phongthu.org.display import person_name
from phongthu.org.models import OrgUnit, Role
from phongthu.org.permissions import Action, can
from phongthu.plans.models import Assignment, Plan, PlanStatus, Task
from phongthu.plans.task_add import task_add
from phongthu.reporting.periods import cadence_kind
from phongthu.text import clean, nfc
from phongthu.tracking.status import period_bounds

MESSAGE_LIMIT = 5000
_NOTICE_LIMIT = 500
_DEADLINE_TRIGGERS = (Trigger.DUE_IN_7, Trigger.DUE_IN_3, Trigger.DUE_IN_1, Trigger.OVERDUE)


def tidy(text: str) -> str:
    """Free text as people type it: NFC, control characters dropped, each line cleaned,
    runs of blank lines kept as one paragraph break."""
    text = nfc(text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cs"})
    paragraphs: list[str] = []
    blank = False
    for line in text.split("\n"):
        line = clean(line)
        if not line:
            blank = bool(paragraphs)
            continue
        if blank:
            paragraphs.append("")
            blank = False
        paragraphs.append(line)
    return "\n".join(paragraphs)


def _required_text(value: str, *, message: str, limit: int = MESSAGE_LIMIT) -> str:
    text = tidy(value)
    if not text:
        raise ValidationError(message)
    if len(text) > limit:
        raise ValidationError(
            _("The text is too long: at most %(limit)d characters.") % {"limit": limit}
        )
    return text


def _notice(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _NOTICE_LIMIT else text[: _NOTICE_LIMIT - 1] + "…"


def _notify(
    *, users: Iterable[User], kind: NotificationKind, text: str, link: str
) -> list[Notification]:
    return Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, text=_notice(text), link=link) for user in users]
    )


# --- Reminders ------------------------------------------------------------------------------


def _reminder_create(
    *,
    plan: Plan,
    unit: OrgUnit,
    assignments: Sequence[Assignment],
    message: str,
    sent_by: User | None,
    trigger: Trigger,
    due_on: datetime.date | None = None,
    period_key: str = "",
    dedupe_key: str | None = None,
) -> Reminder:
    """The reminder, one delivery and one notification per person of the unit, and the
    e-mail queued for after commit."""
    reminder = Reminder.objects.create(
        plan=plan,
        unit=unit,
        message=message,
        sent_by=sent_by,
        trigger=trigger,
        due_on=due_on,
        period_key=period_key,
        dedupe_key=dedupe_key,
    )
    if assignments:
        reminder.assignments.set(assignments)
    people = list(reminder_recipients(unit))
    deliveries = ReminderDelivery.objects.bulk_create(
        [ReminderDelivery(reminder=reminder, user=person, email=person.email) for person in people]
    )
    if sent_by is not None:
        headline = _("Reminder from %(sender)s") % {"sender": person_name(sent_by)}
    else:
        headline = _("Automatic reminder")
    link = reverse("followup:reminder-detail", args=[reminder.pk])
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=delivery.user_id,
                kind=NotificationKind.REMINDER,
                text=_notice(f"{headline}: {message}"),
                link=link,
                delivery=delivery,
            )
            for delivery in deliveries
        ]
    )
    if any(delivery.email for delivery in deliveries):
        reminder_emails_enqueue(reminder.pk)
    return reminder


@transaction.atomic
def reminder_send(
    *,
    by: User,
    plan: Plan,
    units: Iterable[OrgUnit],
    assignments: Iterable[Assignment],
    message: str,
) -> list[Reminder]:
    """The Office reminds units about a plan: one reminder per unit, naming the chosen
    tasks of that unit. A chosen task brings its unit along."""
    text = _required_text(message, message=_("Write the message of the reminder."))
    if not can(by, Action.REMINDER_SEND, plan.owner):
        raise PermissionDenied
    chosen = list(assignments)
    in_plan = set(
        Assignment.objects.filter(pk__in=[a.pk for a in chosen], task__plan=plan).values_list(
            "pk", flat=True
        )
    )
    if len(in_plan) != len({a.pk for a in chosen}):
        raise ValidationError(_("A chosen task does not belong to this plan."))
    targets: dict[int, OrgUnit] = {unit.pk: unit for unit in units}
    by_unit: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in chosen:
        by_unit[assignment.unit_id].append(assignment)
        if assignment.unit_id not in targets:
            targets[assignment.unit_id] = assignment.unit
    if not targets:
        raise ValidationError(_("Choose at least one unit or task to remind."))
    for unit in targets.values():
        if not can(by, Action.REMINDER_SEND, unit):
            raise PermissionDenied
    return [
        _reminder_create(
            plan=plan,
            unit=unit,
            assignments=by_unit.get(unit.pk, []),
            message=text,
            sent_by=by,
            trigger=Trigger.MANUAL,
        )
        for unit in targets.values()
    ]


def reminder_read(*, reminder: Reminder, by: User) -> None:
    """The person opened the reminder: their delivery and its notices are read."""
    now = timezone.now()
    ReminderDelivery.objects.filter(reminder=reminder, user=by, read_at__isnull=True).update(
        read_at=now
    )
    notifications_read_for_link(
        by=by, link=reverse("followup:reminder-detail", args=[reminder.pk]), now=now
    )


def _answer_audience(reminder: Reminder) -> list[User]:
    """Who hears of an answer: the sender, or for the clock's reminders the Office that
    monitors the plan (else every Office of the plan's body)."""
    if reminder.sent_by is not None and reminder.sent_by.is_active:
        return [reminder.sent_by]
    plan = reminder.plan
    people = list(office_people(plan.monitoring_unit))
    if not people:
        people = list(
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__role=Role.OFFICE,
                memberships__unit__path__startswith=plan.owner.path,
            )
            .distinct()
            .order_by("pk")
        )
    return people


@transaction.atomic
def reminder_answer(*, reminder: Reminder, by: User, text: str) -> ReminderAnswer:
    """A person of the reminded unit answers; whoever sent the reminder is told."""
    if not can(by, Action.REMINDER_ANSWER, reminder.unit):
        raise PermissionDenied
    body = _required_text(text, message=_("Write your answer."))
    answer = ReminderAnswer.objects.create(reminder=reminder, by=by, text=body)
    reminder_read(reminder=reminder, by=by)
    audience = [person for person in _answer_audience(reminder) if person.pk != by.pk]
    _notify(
        users=audience,
        kind=NotificationKind.REMINDER_ANSWER,
        text=_("%(person)s (%(unit)s) answered the reminder: %(answer)s")
        % {"person": person_name(by), "unit": reminder.unit.name, "answer": body},
        link=reverse("followup:reminder-detail", args=[reminder.pk]),
    )
    return answer


# --- The clock ------------------------------------------------------------------------------


def _deadline_message(trigger: Trigger, *, due: datetime.date, today: datetime.date) -> str:
    day = due.strftime("%d/%m/%Y")
    if trigger == Trigger.OVERDUE:
        return _(
            "The tasks below were due on %(due)s and are not done yet. Please complete them "
            "promptly and report their progress and the reasons for the delay."
        ) % {"due": day}
    left = (due - today).days
    if left <= 0:
        return _(
            "The tasks below are due today, %(due)s. Please complete them on time and report "
            "their progress."
        ) % {"due": day}
    return ngettext(
        "The tasks below are due on %(due)s, %(days)d day from now. Please complete them on "
        "time and report their progress.",
        "The tasks below are due on %(due)s, %(days)d days from now. Please complete them on "
        "time and report their progress.",
        left,
    ) % {"due": day, "days": left}


def _clock_reminder(**fields: object) -> Reminder | None:
    """Create one reminder of the clock, or nothing if another worker made it first."""
    try:
        with transaction.atomic():
            return _reminder_create(sent_by=None, **fields)  # type: ignore[arg-type]
    except IntegrityError:
        return None


def _deadline_reminders(today: datetime.date) -> list[Reminder]:
    low = today - datetime.timedelta(days=facts.CATCH_UP_DAYS)
    high = today + datetime.timedelta(days=max(days for days, _t in facts.BEFORE_DUE))
    candidates = (
        Assignment.objects.filter(due__gte=low, due__lte=high, task__plan__status=PlanStatus.ACTIVE)
        .exclude(state="done")
        .select_related("task__plan", "unit")
        .order_by("due", "pk")
    )
    # What the clock already sent about these deadlines: (assignment, trigger, deadline).
    covered = set(
        Reminder.assignments.through.objects.filter(
            reminder__trigger__in=_DEADLINE_TRIGGERS,
            reminder__due_on__gte=low,
            reminder__due_on__lte=high,
        ).values_list("assignment_id", "reminder__trigger", "reminder__due_on")
    )
    groups: dict[tuple[int, int, Trigger, datetime.date], list[Assignment]] = defaultdict(list)
    for assignment in candidates:
        trigger = facts.due_trigger(due=assignment.due, today=today)
        if trigger is None or assignment.due is None:
            continue
        if (assignment.pk, trigger.value, assignment.due) in covered:
            continue
        groups[(assignment.task.plan_id, assignment.unit_id, trigger, assignment.due)].append(
            assignment
        )
    made = []
    for (plan_id, unit_id, trigger, due), items in groups.items():
        reminder = _clock_reminder(
            plan=items[0].task.plan,
            unit=items[0].unit,
            assignments=items,
            message=_deadline_message(trigger, due=due, today=today),
            trigger=trigger,
            due_on=due,
            # The first task of the group makes the key unique when a task is added to a
            # deadline that was already reminded: the newcomer gets a reminder of its own.
            dedupe_key=f"{trigger.value}:{plan_id}:{unit_id}:{due.isoformat()}:{items[0].pk}",
        )
        if reminder is not None:
            made.append(reminder)
    return made


def _period_reminders(today: datetime.date) -> list[Reminder]:
    made = []
    plans = Plan.objects.filter(status=PlanStatus.ACTIVE).order_by("pk")
    for plan in plans:
        kind = cadence_kind(plan.reporting_cadence or [])
        for report in facts.reports_falling_due(
            kind=kind, deadline_days=facts.report_deadline_days(plan), today=today
        ):
            if report.period.year != plan.year:
                continue
            made += _period_reminders_of_plan(plan, report, today)
    return made


def _period_reminders_of_plan(
    plan: Plan, report: facts.ReportDue, today: datetime.date
) -> list[Reminder]:
    period = report.period
    # A report made since the period began counts, also one made after its cut-off day
    # but before the report's deadline: that is the report the deadline asks for.
    first, _after = period_bounds(period)
    unreported = (
        Assignment.objects.filter(task__plan=plan)
        .exclude(state="done")
        .filter(Q(task__start__isnull=True) | Q(task__start__lte=period.end))
        .filter(Q(last_reported_at__isnull=True) | Q(last_reported_at__lt=first))
        .select_related("task", "unit")
        .order_by("task__position", "pk")
    )
    by_unit: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in unreported:
        by_unit[assignment.unit_id].append(assignment)
    keys = {
        unit_id: f"{Trigger.PERIOD_REPORT_DUE.value}:{plan.pk}:{unit_id}:{period.key}"
        for unit_id in by_unit
    }
    sent = set(
        Reminder.objects.filter(dedupe_key__in=list(keys.values())).values_list(
            "dedupe_key", flat=True
        )
    )
    message = _(
        "The report for %(period)s was due on %(due)s. Your unit has not yet reported the "
        "progress of the tasks below. Please report promptly."
    ) % {"period": period.label, "due": report.due.strftime("%d/%m/%Y")}
    made = []
    for unit_id, items in by_unit.items():
        if keys[unit_id] in sent:
            continue
        reminder = _clock_reminder(
            plan=plan,
            unit=items[0].unit,
            assignments=items,
            message=message,
            trigger=Trigger.PERIOD_REPORT_DUE,
            due_on=report.due,
            period_key=period.key,
            dedupe_key=keys[unit_id],
        )
        if reminder is not None:
            made.append(reminder)
    return made


def reminders_due_sweep(*, today: datetime.date) -> list[Reminder]:
    """The clock's reminders for `today`: 7, 3 and 1 days before a deadline, once a task is
    overdue, and once a period's report is due and a unit has not reported.

    Idempotent: each reminder has a dedupe key (and tasks already reminded for a
    deadline are skipped), so running it any number of times a day sends each once.
    """
    return _deadline_reminders(today) + _period_reminders(today)


# --- Notifications --------------------------------------------------------------------------


@transaction.atomic
def notification_read(*, notification: Notification, by: User) -> Notification:
    if notification.user_id != by.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        if notification.delivery_id is not None:
            ReminderDelivery.objects.filter(
                pk=notification.delivery_id, read_at__isnull=True
            ).update(read_at=notification.read_at)
    return notification


def notifications_read_for_link(
    *, by: User, link: str, now: datetime.datetime | None = None
) -> int:
    """The person opened a page: the unread notices pointing to it are read."""
    return Notification.objects.filter(user=by, link=link, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


@transaction.atomic
def notifications_read_all(*, by: User) -> int:
    now = timezone.now()
    ReminderDelivery.objects.filter(
        user=by, read_at__isnull=True, notifications__read_at__isnull=True
    ).update(read_at=now)
    return Notification.objects.filter(user=by, read_at__isnull=True).update(read_at=now)


# --- Inspections ----------------------------------------------------------------------------


@transaction.atomic
def inspection_record(
    *,
    by: User,
    plan: Plan,
    unit: OrgUnit,
    date: datetime.date,
    inspectors: Iterable[User] = (),
    inspector_names: str = "",
    findings: Sequence[str] = (),
    conclusion: str,
    recommendations: str = "",
    today: datetime.date | None = None,
) -> Inspection:
    """Record an inspection of a unit under a plan; the unit's people are told."""
    if not (
        can(by, Action.INSPECTION_RECORD, unit) and can(by, Action.INSPECTION_RECORD, plan.owner)
    ):
        raise PermissionDenied
    if not unit.path.startswith(plan.owner.path):
        raise ValidationError(_("The inspected unit does not belong to the body of the plan."))
    if date > (today or timezone.localdate()):
        raise ValidationError(_("The date of an inspection cannot be in the future."))
    people = list(inspectors)
    names = "\n".join(clean(line) for line in tidy(inspector_names).split("\n") if clean(line))
    if not people and not names:
        raise ValidationError(_("Name at least one inspector."))
    inspection = Inspection.objects.create(
        plan=plan,
        unit=unit,
        date=date,
        inspector_names=names,
        conclusion=_required_text(conclusion, message=_("Write the conclusion of the inspection.")),
        recommendations=tidy(recommendations),
        created_by=by,
    )
    if people:
        inspection.inspectors.set(people)
    texts = [tidy(text) for text in findings]
    Finding.objects.bulk_create(
        [
            Finding(inspection=inspection, position=position, text=text)
            for position, text in enumerate(t for t in texts if t)
        ]
    )
    _notify(
        users=reminder_recipients(unit),
        kind=NotificationKind.INSPECTION,
        text=_("The inspection of %(unit)s on %(date)s has been recorded.")
        % {"unit": unit.name, "date": date.strftime("%d/%m/%Y")},
        link=reverse("followup:inspection-detail", args=[inspection.pk]),
    )
    return inspection


@transaction.atomic
def finding_follow_up(
    *,
    finding: Finding,
    by: User,
    content: str,
    due: datetime.date,
    today: datetime.date | None = None,
) -> Task:
    """A follow-up task for the inspected unit, in the inspected plan, with a deadline."""
    inspection = finding.inspection
    if not can(by, Action.INSPECTION_RECORD, inspection.unit):
        raise PermissionDenied
    text = _required_text(content, message=_("Write what the unit must do."))
    if due < (today or timezone.localdate()):
        raise ValidationError(_("The deadline cannot be in the past."))
    # Locked, so two clicks on "create" make one task.
    locked = Finding.objects.select_for_update().get(pk=finding.pk)
    if locked.follow_up_task_id is not None:
        raise ValidationError(_("This finding already has a follow-up task."))
    task = task_add(plan=inspection.plan, content=text, lead=inspection.unit, due=due, by=by)
    locked.follow_up_task = task
    locked.save(update_fields=["follow_up_task"])
    finding.follow_up_task = task
    _notify(
        users=reminder_recipients(inspection.unit),
        kind=NotificationKind.FOLLOW_UP_TASK,
        text=_("New task for %(unit)s after the inspection of %(date)s, due %(due)s: %(task)s")
        % {
            "unit": inspection.unit.name,
            "date": inspection.date.strftime("%d/%m/%Y"),
            "due": due.strftime("%d/%m/%Y"),
            "task": text,
        },
        link=reverse("followup:inspection-detail", args=[inspection.pk]),
    )
    return task
