from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClockConfig(AppConfig):
    name = "phongthu.clock"
    label = "clock"
    verbose_name = _("Scheduled jobs")
