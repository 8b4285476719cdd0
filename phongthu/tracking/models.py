"""What units report and what the system keeps of every change.

A `ProgressUpdate` is one report of a unit on one assignment; the assignment itself keeps
the unit's current state (plans.Assignment), written in the same transaction, so pages
never have to find "the latest update" among millions. `Evidence` files are stored under
their sha256 and never overwritten. `AuditEntry` keeps who changed what, when, and the
values before and after, for every write of this app (and any app that records through
`tracking.services.audit_record`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongthu.org.models import OrgUnit
from phongthu.plans.models import Assignment, AssignmentState, Plan, Task


class ProgressUpdate(models.Model):
    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="progress_updates",
        verbose_name=_("assignment"),
    )
    status = models.CharField(_("status"), max_length=12, choices=AssignmentState.choices)
    narrative = models.TextField(_("what was done"), blank=True)
    percent = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)
    # Counts for propaganda, training and drills: {"sessions": 3, "participants": 120, …};
    # which keys a task calls for is decided by tracking.metrics.metrics_for.
    metrics = models.JSONField(_("figures"), default=dict, blank=True)
    # For ongoing tasks: the reporting period this update reports on ("2024-Q2"); an
    # ongoing task has one report per period, amended rather than duplicated.
    period_key = models.CharField(_("reporting period"), max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period_key"],
                condition=~models.Q(period_key=""),
                name="one_report_per_period",
            )
        ]
        indexes = [models.Index(fields=["assignment", "created_at"], name="update_assignment_at")]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.assignment_id} @ {self.created_at:%Y-%m-%d}: {self.status}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Content-addressed: the same bytes always land at the same path, never replaced.
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class Evidence(models.Model):
    update = models.ForeignKey(
        ProgressUpdate,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("progress update"),
    )
    sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.filename


class AuditEntry(models.Model):
    """One change: who, when, what (entity type and id), and the values before and after.

    `task` is there so "everything that happened to this task" is one indexed lookup,
    whatever the entity (assignment, progress update, evidence, reminder, inspection).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    entity_type = models.CharField(_("entity"), max_length=40)
    entity_id = models.PositiveBigIntegerField()
    # SET_NULL: the history outlives what it describes.
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    action = models.CharField(_("action"), max_length=40)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["task", "at"], name="audit_task_at"),
            models.Index(fields=["entity_type", "entity_id"], name="audit_entity"),
        ]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.entity_type}#{self.entity_id}"


class DashboardCount(models.Model):
    """One unit's assignments in one plan, counted as the dashboard counts them, as of
    `DashboardCountsAsOf.as_of` (see tracking.counts for how it is kept true).

    Counting two million assignments for the whole country takes the database more than
    half a second; adding up one row per unit and plan takes a few milliseconds.
    `reported_<kind>` counts the assignments reported within the period of that kind
    containing the as-of day, one column per kind a plan may report on.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    n = models.IntegerField(default=0)
    done = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)
    due_soon = models.IntegerField(default=0)
    reported_monthly = models.IntegerField(default=0)
    reported_quarterly = models.IntegerField(default=0)
    reported_half_yearly = models.IntegerField(default=0)
    reported_yearly = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "plan"], name="dashboard_count_unit_plan")
        ]
        verbose_name = _("dashboard count")
        verbose_name_plural = _("dashboard counts")

    def __str__(self) -> str:
        return f"unit {self.unit_id}, plan {self.plan_id}: {self.n}"


class DashboardCountsAsOf(models.Model):
    """The day the DashboardCount rows are counted for: a single row (id 1).

    Overdue, due soon and reported-this-period change with the day even when nobody
    writes; the rows are counted again for the new day (tracking.counts), and until then
    the dashboard counts the assignments themselves.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    as_of = models.DateField()
    counted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="counts_as_of_one")]

    def __str__(self) -> str:
        return f"{self.as_of:%d/%m/%Y}"
