"""Reporting: each plan's report deadline, report requests, the units' reports and the
compiled report (Báo cáo) the Office writes for the Director and sends upward.

- `PlanReporting` keeps, per plan, how many days after a period's cut-off (the 14th)
  its reports are due: read from the plan's directive, or set by the Office.
- `ReportRequest` asks the plan's units for a report: periodic (one per period, opened
  by the worker's clock or by the Office) or ad hoc (the Office's own question,
  cut-off and deadline).
- `UnitReport` is one unit's answer: draft → submitted → accepted, or returned with a
  reason. `due` copies the request's deadline so the Office can extend it for one unit
  (as `plans.Assignment.due` copies a task's); whether it came in on time is decided
  by `reporting.facts.timeliness`, never stored.
- `CompiledReport` is the Báo cáo itself: its sections as the Office edits them, its
  `Document` (number, date, signer, recipients) and the way through approval,
  numbering in the register and dispatch (`ReportDispatch`, one row per recipient).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.documents.models import Document
from phongthu.org.models import OrgUnit
from phongthu.plans.models import Plan

# Days after the cut-off a period report is due when neither the directive nor the
# Office says otherwise (the same default the reminders use).
DEFAULT_DEADLINE_DAYS = 5


class DeadlineSource(models.TextChoices):
    DEFAULT = "default", _("Default")
    DIRECTIVE = "directive", _("From the plan's directive")
    OFFICE = "office", _("Set by the Office")


class PlanReporting(models.Model):
    """How a plan reports: its deadline, in days after each period's cut-off."""

    plan = models.OneToOneField(
        Plan, on_delete=models.CASCADE, related_name="reporting", verbose_name=_("plan")
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("days after the cut-off"), default=DEFAULT_DEADLINE_DAYS
    )
    source = models.CharField(
        _("set by"), max_length=10, choices=DeadlineSource.choices, default=DeadlineSource.DEFAULT
    )
    # The directive's words the deadline was read from, shown beside it.
    source_text = models.TextField(_("as the directive says"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan"]
        verbose_name = _("reporting of a plan")
        verbose_name_plural = _("reporting of plans")

    def __str__(self) -> str:
        return f"{self.plan_id}: +{self.deadline_days}"


class RequestKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic")
    AD_HOC = "ad_hoc", _("Ad hoc")


class ReportRequest(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="report_requests", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RequestKind.choices)
    # "2024-Q2" for a periodic request; "" for an ad-hoc one.
    period_key = models.CharField(_("reporting period"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=255)
    question = models.TextField(_("what is asked"), blank=True)
    start = models.DateField(_("figures from"))
    cutoff = models.DateField(_("figures up to"))
    deadline = models.DateField(_("deadline"))
    # None when the worker's clock opened it.
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "cutoff", "pk"]
        constraints = [
            # One periodic request per plan and period, however many clocks or clicks.
            models.UniqueConstraint(
                fields=["plan", "period_key"],
                condition=models.Q(kind="periodic"),
                name="one_periodic_request_per_period",
            )
        ]
        indexes = [models.Index(fields=["plan", "cutoff"], name="request_plan_cutoff")]
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")

    def __str__(self) -> str:
        return self.title


class UnitReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class UnitReport(models.Model):
    request = models.ForeignKey(
        ReportRequest,
        on_delete=models.CASCADE,
        related_name="unit_reports",
        verbose_name=_("report request"),
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="unit_reports", verbose_name=_("unit")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=UnitReportStatus.choices,
        default=UnitReportStatus.DRAFT,
    )
    due = models.DateField(_("deadline"))
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("shortcomings and their causes"), blank=True)
    next_steps = models.TextField(_("key tasks for the next period"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    # Counts of the period (sessions, participants, documents reviewed), as in tracking.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    # The first submission decides timeliness; a report sent back and sent again keeps it.
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    # Optimistic concurrency: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["request", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="one_report_per_unit")
        ]
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")

    def __str__(self) -> str:
        return f"{self.request} — {self.unit}"


def attachment_path(instance: UnitReportFile, filename: str) -> str:
    # Content-addressed: the same bytes always land at the same path, never replaced.
    return f"reports/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class UnitReportFile(models.Model):
    report = models.ForeignKey(
        UnitReport, on_delete=models.CASCADE, related_name="files", verbose_name=_("unit report")
    )
    sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.filename


class CompiledStatus(models.TextChoices):
    DRAFT = "draft", _("Being compiled")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved, awaiting a number")
    ISSUED = "issued", _("Issued and sent")


class CompiledReport(models.Model):
    """The Báo cáo compiled from a request: one per request."""

    request = models.OneToOneField(
        ReportRequest,
        on_delete=models.CASCADE,
        related_name="compiled",
        verbose_name=_("report request"),
    )
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="compiled_report"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CompiledStatus.choices, default=CompiledStatus.DRAFT
    )
    opening = models.TextField(_("opening"), blank=True)
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("shortcomings and their causes"), blank=True)
    next_steps = models.TextField(_("key tasks for the next period"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status"], name="compiled_status")]
        verbose_name = _("compiled report")
        verbose_name_plural = _("compiled reports")

    def __str__(self) -> str:
        return str(self.document)


class ReportDispatch(models.Model):
    """The report sent to one recipient: to whom, when, and how the e-mail went."""

    report = models.ForeignKey(CompiledReport, on_delete=models.CASCADE, related_name="dispatches")
    name = models.CharField(_("recipient as printed"), max_length=255)
    purpose = models.CharField(_("purpose"), max_length=20, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports_received",
        verbose_name=_("receiving unit"),
    )
    emails = models.JSONField(_("e-mail addresses"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent at"))
    email_sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    email_error = models.TextField(_("e-mail error"), blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "name"], name="one_dispatch_per_recipient")
        ]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")

    def __str__(self) -> str:
        return f"{self.report_id} → {self.name}"
