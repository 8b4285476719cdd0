"""The contract every reader fulfils, and the limits that keep hostile files harmless.

A reader is a plug-in: it says how sure it is that it can read some bytes (`score`)
and turns them into a `ReadResult` (`read`). The registry in `readers/__init__.py`
asks every reader and hands the file to the most confident one, the way Paperless-ngx
picks a parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from phongthu.ingest.model import ReadResult

# Uploads bigger than this are refused before anything parses them: administrative
# documents are a few megabytes, scans at most tens.
MAX_FILE_BYTES = 50 * 1024 * 1024
# A DOCX is a zip; its parts, once inflated, may not exceed this (zip bombs).
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# No single part may inflate more than this many times its stored size.
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 5_000
# Reading stops after this many pages: a plan is dozens of pages, never thousands.
MAX_PAGES = 300
# Images bigger than this many pixels are refused (decompression bombs).
MAX_IMAGE_PIXELS = 200_000_000
# External programs (tesseract per page, LibreOffice per file) get this long.
OCR_PAGE_TIMEOUT_S = 180
CONVERT_TIMEOUT_S = 180


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What a reader knows besides the bytes."""

    filename: str
    ocr: bool = True
    max_pages: int = MAX_PAGES


@runtime_checkable
class Reader(Protocol):
    """A document reader.

    `score` returns 0 when the reader cannot read the bytes, otherwise a higher
    number the surer it is. It must be cheap: it looks at magic bytes, not content.
    `read` either returns blocks or raises `IngestError` with a Vietnamese message.
    """

    name: str

    def score(self, data: bytes, filename: str) -> int: ...

    def read(self, data: bytes, context: ReadContext) -> ReadResult: ...


def human_size(n: int) -> str:
    """A byte count the way a Vietnamese user reads it in a message."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} byte"
