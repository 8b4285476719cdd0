"""Uploads on their way to becoming plans: the job row, the review, the confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.org.models import OrgUnit
from phongthu.plans.models import Plan


class ImportStatus(models.TextChoices):
    READING = "reading", _("Reading the document")
    READY = "ready", _("Ready for review")
    FAILED = "failed", _("Could not be read")
    DONE = "done", _("Imported")


class ReadStep(models.TextChoices):
    """Where the background read stands, for the progress shown while it runs."""

    QUEUED = "queued", _("Waiting for the background worker")
    READING = "reading", _("Reading the file (scans are recognised page by page)")
    PARSING = "parsing", _("Finding the header, citations and task table")
    FINISHED = "finished", _("Finished")


def upload_path(instance: PlanImport, filename: str) -> str:
    # Content-addressed: the same bytes land at the same path and are never overwritten.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/{instance.sha256[:2]}/{instance.sha256}.{suffix[:8]}"


class PlanImport(models.Model):
    """One upload on its way to becoming a plan: a job as a row.

    Reading (OCR can take minutes) runs in the worker and leaves its outcome here; the
    review page edits `extraction`; confirming turns it into a plan in one transaction.
    """

    owner = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="plan_imports")
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    file = models.FileField(upload_to=upload_path)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.READING
    )
    step = models.CharField(
        _("step"), max_length=10, choices=ReadStep.choices, default=ReadStep.QUEUED
    )
    message = models.TextField(_("message"), blank=True)
    extraction = models.JSONField(null=True, blank=True)
    # The document's blocks as plain text (paragraphs; tables as rows of cell texts), shown
    # beside the extraction on the review page so the person can check it against the text.
    blocks = models.JSONField(default=list, blank=True)
    # Unit names the person mapped on the review page: name as printed -> OrgUnit pk.
    mapping = models.JSONField(default=dict, blank=True)
    parent_plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("detailed plan of"),
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="planimport_owner_recent")]
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")

    def __str__(self) -> str:
        return self.filename
