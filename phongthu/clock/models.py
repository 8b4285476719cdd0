"""The clock's memory: when each periodic job last fired, and the outcome of each run."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClockJob(models.Model):
    """One periodic job of CLOCK_JOBS. `last_fired_at` is the claim a worker takes."""

    name = models.CharField(_("job"), max_length=255, unique=True)
    every_seconds = models.PositiveIntegerField(_("every (seconds)"))
    last_fired_at = models.DateTimeField(_("last fired at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name


class ClockRun(models.Model):
    """One firing of a periodic job and how it ended."""

    job = models.ForeignKey(ClockJob, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), null=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["job", "-started_at"], name="clockrun_job_recent")]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self) -> str:
        return f"{self.job} @ {self.started_at:%Y-%m-%d %H:%M:%S}"
