"""Plans and the work they assign.

A plan's table rows become `Task`s in `TaskGroup`s; each task is assigned to units as lead
(chủ trì) or support (phối hợp). The schedule read from the timeframe text (kind, start,
due, recurrence) is stored beside the text as printed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phongthu.documents.models import Document
from phongthu.org.models import OrgUnit


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In force")
    CLOSED = "closed", _("Closed")


class Plan(models.Model):
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="plan", verbose_name=_("document")
    )
    owner = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("owner")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    # From the directives of "Tổ chức thực hiện"
    monitoring_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitored_plans",
        verbose_name=_("monitoring unit"),
    )
    reports_to = models.CharField(_("reports to"), max_length=255, blank=True)
    reporting_cadence = models.JSONField(_("reporting cadence"), default=list, blank=True)
    # The cascade: the plans this one carries out, the plan a unit's sub-plan details,
    # and the plan this one was rolled over from.
    implements = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="implemented_by",
        verbose_name=_("carries out"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subplans",
        verbose_name=_("detailed plan of"),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_plans",
        verbose_name=_("rolled over from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-created_at"]
        constraints = [
            # A plan rolls over once per year: a second click finds the draft already made.
            models.UniqueConstraint(fields=["previous", "year"], name="unique_rollover_per_year")
        ]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.document.title or str(self.document)


class TaskGroup(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups")
    label = models.CharField(_("label"), max_length=20, blank=True)
    title = models.TextField(_("title"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")

    def __str__(self) -> str:
        return f"{self.label}. {self.title}" if self.label else self.title


class TimeframeKind(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    # A context: "Deadline" alone is also a form label elsewhere ("Thời hạn"), while
    # the kind of timeframe reads "Có thời hạn"; one msgid cannot say both.
    DEADLINE = "deadline", pgettext_lazy("timeframe kind", "Deadline")
    PERIOD = "period", _("Period")
    RECURRING = "recurring", _("Recurring")
    UNSPECIFIED = "unspecified", _("Unspecified")


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    group = models.ForeignKey(
        TaskGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    label = models.CharField(_("number"), max_length=20, blank=True)
    content = models.TextField(_("content"))
    output = models.TextField(_("expected result"), blank=True)
    timeframe_text = models.CharField(_("timeframe"), max_length=255, blank=True)
    kind = models.CharField(
        _("kind of timeframe"),
        max_length=12,
        choices=TimeframeKind.choices,
        default=TimeframeKind.UNSPECIFIED,
    )
    start = models.DateField(_("start"), null=True, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    recurrence = models.CharField(
        _("recurrence"), max_length=12, choices=Recurrence.choices, blank=True
    )
    position = models.PositiveIntegerField(default=0)
    parent_task = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("carries out the task"),
    )
    # The task of last year's plan this one was copied from (rollover), so a unit's
    # sub-plan rolled over after its parent can point at the parent's new task.
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_tasks",
        verbose_name=_("rolled over from"),
    )
    # Optimistic concurrency: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "position"]
        indexes = [models.Index(fields=["plan", "due"], name="task_plan_due")]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.label}. {self.content[:80]}" if self.label else self.content[:80]


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    SUPPORT = "support", _("Support")


class AssignmentState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Assignment(models.Model):
    """A task given to one unit, as lead or support, with the unit's current state of it.

    The current state (state, percent, completed_on, last_reported_at) is written in the
    same transaction as the progress update that changes it: reading "the latest update
    of every task" from millions of updates is far too slow for a dashboard. `due` copies
    the task's deadline so "open work of a unit by deadline" is one partial index.
    What the state *means* (on time, late, overdue) is decided by the one status function.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=10, choices=AssignmentRole.choices)
    as_printed = models.CharField(_("as printed"), max_length=255, blank=True)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=AssignmentState.choices,
        default=AssignmentState.NOT_STARTED,
    )
    percent = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    last_reported_at = models.DateTimeField(_("last reported at"), null=True, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    # Optimistic concurrency: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["task", "role", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "role"], name="unique_assignment")
        ]
        indexes = [
            models.Index(fields=["unit", "role"], name="assignment_unit_role"),
            models.Index(fields=["unit", "state"], name="assignment_unit_state"),
            # Written as `state <> 'done'`: queries must use the same predicate
            # (exclude(state=DONE)) or SQLite will not use the partial index.
            models.Index(
                fields=["unit", "due"],
                condition=~models.Q(state="done"),
                name="assignment_open_due",
            ),
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.task} — {self.unit} ({self.get_role_display()})"
