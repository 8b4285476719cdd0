"""Startup checks for the programs phongthu calls (Paperless' habit).

A missing program is a warning that says what to install, never a crash: text and DOCX
plans work without OCR or LibreOffice; only scans and PDF output need them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks

from phongthu.ingest.model import IngestError
from phongthu.ingest.readers.libreoffice import soffice
from phongthu.ingest.readers.tesseract import tesseract


@checks.register(checks.Tags.compatibility)
def external_programs(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    found: list[checks.CheckMessage] = []
    try:
        tesseract()
    except IngestError as exc:
        found.append(
            checks.Warning(
                f"Scanned documents cannot be read: {exc}",
                hint="apt-get install tesseract-ocr tesseract-ocr-vie",
                id="phongthu.W001",
            )
        )
    if soffice() is None:
        found.append(
            checks.Warning(
                "LibreOffice is not installed: .doc files cannot be read and no PDF can be made.",
                hint="apt-get install libreoffice-writer-nogui fonts-liberation2",
                id="phongthu.W002",
            )
        )
    return found


@checks.register(checks.Tags.security, deploy=True)
def site_url_set(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """E-mails link to pages under PHONGTHU_SITE_URL; left at the local default, every
    link in a production e-mail would lead to the reader's own computer."""
    if settings.SITE_URL_SET:
        return []
    return [
        checks.Warning(
            f"PHONGTHU_SITE_URL is not set: links in e-mails lead to {settings.SITE_URL}.",
            hint="Set PHONGTHU_SITE_URL to the address people open, e.g. "
            "https://phongthu.example.gov.vn",
            id="phongthu.W003",
        )
    ]


@checks.register(checks.Tags.files)
def media_folder_writable(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    media = settings.MEDIA_ROOT
    probe = Path(media)
    # The folder may not exist yet; then its nearest existing parent must be writable.
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    # os.access says yes to root everywhere; only writing a file proves it.
    try:
        with tempfile.NamedTemporaryFile(dir=probe):
            writable = True
    except OSError:
        writable = False
    if not writable:
        return [
            checks.Error(
                f"The media folder {media} is not writable: uploads would fail.",
                hint="Set PHONGTHU_MEDIA_ROOT or PHONGTHU_DATA_DIR to a writable folder.",
                id="phongthu.E001",
            )
        ]
    return []
