"""Following the work up: reminders (đôn đốc), inspections (kiểm tra), notifications.

A reminder goes to one unit about one plan, optionally naming the unit's assignments it is
about. Each person of the unit gets a `ReminderDelivery` (the in-app notice, the e-mail and
whether it was read); the unit answers with `ReminderAnswer`s. Reminders the worker's clock
sends carry a `dedupe_key`, unique, so the clock never sends the same reminder twice even
when two workers sweep at once.

An inspection records what the Office found at a unit; a `Finding` may give rise to a
follow-up task in the inspected plan. `Notification` is the in-app feed of each person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.org.models import OrgUnit
from phongthu.plans.models import Assignment, Plan, Task


class Trigger(models.TextChoices):
    MANUAL = "manual", _("Sent by the Office")
    DUE_IN_7 = "due_in_7", _("7 days before the deadline")
    DUE_IN_3 = "due_in_3", _("3 days before the deadline")
    DUE_IN_1 = "due_in_1", _("1 day before the deadline")
    OVERDUE = "overdue", _("Overdue")
    PERIOD_REPORT_DUE = "period_report_due", _("Period report due")


class Reminder(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("plan")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("unit")
    )
    assignments = models.ManyToManyField(
        Assignment, blank=True, related_name="reminders", verbose_name=_("tasks")
    )
    message = models.TextField(_("message"))
    # None when the worker's clock sent it.
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    trigger = models.CharField(_("reason"), max_length=20, choices=Trigger.choices)
    # The deadline the reminder is about (a task's due date, a period report's deadline).
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    period_key = models.CharField(max_length=12, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "-created_at"], name="reminder_unit_recent"),
            models.Index(fields=["trigger", "due_on"], name="reminder_trigger_due"),
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} — {self.unit}"


class ReminderDelivery(models.Model):
    """A reminder as one person received it: in the app at once, by e-mail from the worker."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    delivered_at = models.DateTimeField(_("delivered at"), auto_now_add=True)
    email = models.EmailField(_("e-mail"), blank=True)
    email_sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    email_error = models.TextField(_("e-mail error"), blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["reminder", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "user"], name="unique_reminder_delivery")
        ]
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")

    def __str__(self) -> str:
        return f"{self.reminder} → {self.user}"


class ReminderAnswer(models.Model):
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="answers")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    text = models.TextField(_("answer"))
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        ordering = ["reminder", "created_at", "pk"]
        verbose_name = _("answer to a reminder")
        verbose_name_plural = _("answers to reminders")

    def __str__(self) -> str:
        return self.text[:80]


class Inspection(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("plan")
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("inspected unit"),
    )
    date = models.DateField(_("date of the inspection"))
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="inspections",
        verbose_name=_("inspectors"),
    )
    # Inspectors who have no account here (from another body), one per line.
    inspector_names = models.TextField(_("other inspectors"), blank=True)
    conclusion = models.TextField(_("conclusion"))
    recommendations = models.TextField(_("recommendations"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["unit", "-date"], name="inspection_unit_date")]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.unit} — {self.date:%d/%m/%Y}"

    @property
    def inspector_name_list(self) -> list[str]:
        return [line.strip() for line in self.inspector_names.splitlines() if line.strip()]


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("finding"))
    follow_up_task = models.ForeignKey(
        Task,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspection_findings",
        verbose_name=_("follow-up task"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "position", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:80]


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    REMINDER_ANSWER = "reminder_answer", _("Answer to a reminder")
    INSPECTION = "inspection", _("Inspection")
    FOLLOW_UP_TASK = "follow_up_task", _("Follow-up task")


class Notification(models.Model):
    """One line of a person's in-app feed. The text is written when it is sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    text = models.CharField(_("text"), max_length=500)
    link = models.CharField(_("link"), max_length=500, blank=True)
    # A reminder's notice and its delivery are read together.
    delivery = models.ForeignKey(
        ReminderDelivery,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            # The unread badge on every page counts these: written `read_at IS NULL`,
            # as the count filters, so the partial index serves it.
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.text[:80]
