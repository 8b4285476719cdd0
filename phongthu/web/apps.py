from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "phongthu.web"
    label = "web"
    verbose_name = _("Web pages")

    def ready(self) -> None:
        # Registers the system checks for tesseract, LibreOffice and the media folder.
        from phongthu.web import checks  # noqa: F401
