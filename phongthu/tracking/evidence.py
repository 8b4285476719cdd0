"""Evidence files checked by what they contain, not by their name.

Accepted: PDF, DOCX, XLSX, PNG and JPEG. A file is recognised from its first bytes; a
DOCX or XLSX must also open as a ZIP whose [Content_Types].xml declares a Word document
or an Excel workbook (macro-enabled .docm/.xlsm are refused: they can carry code).
A renamed file is therefore judged by what it is. Every refusal says why, in Vietnamese.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "application/pdf", "PDF")
PNG = FileKind("png", "image/png", "PNG")
JPEG = FileKind("jpg", "image/jpeg", "JPEG")
DOCX = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "DOCX",
)
XLSX = FileKind(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "XLSX",
)
KINDS = (PDF, DOCX, XLSX, PNG, JPEG)
# What an HTML file input may suggest to the browser (the server decides anyway).
ACCEPT = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"

_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
_OOXML_MACRO = (
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml",
)
_OOXML_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTENT_TYPES_LIMIT = 1024 * 1024


class EvidenceRejected(ValueError):
    """The file is not acceptable evidence; the message says why, for the person."""


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the checks, ready to store (its source is rewound).

    `source` is None for a file checked earlier and already stored under its sha256
    (kept across a form shown again): there is nothing left to read.
    """

    name: str
    kind: FileKind
    size: int
    sha256: str
    source: IO[bytes] | None

    @property
    def storage_name(self) -> str:
        return f"evidence/{self.sha256[:2]}/{self.sha256}.{self.kind.extension}"


def max_bytes() -> int:
    return int(settings.MAX_UPLOAD_BYTES)


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def clean_filename(name: str) -> str:
    """The name as the person knows it, without folders or control characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:190] + dot + ext[:8]) if dot else name[:200]
    return name or "tep-minh-chung"


def detect(source: IO[bytes], size: int) -> FileKind:
    """What the file is, from its content; EvidenceRejected when it is none we accept."""
    source.seek(0)
    head = source.read(1024)
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if b"%PDF-" in head:
        # A PDF ends with %%EOF (maybe followed by a little padding); a text file that
        # merely starts with "%PDF-" does not.
        source.seek(max(0, size - 2048))
        if b"%%EOF" in source.read():
            return PDF
        raise EvidenceRejected(_("The PDF file is incomplete or damaged."))
    if head.startswith(b"PK\x03\x04"):
        return _ooxml(source)
    if head.startswith(_OLE):
        raise EvidenceRejected(
            _(
                "Old Word or Excel files (.doc, .xls) and password-protected files are not "
                "accepted; save the file as DOCX, XLSX or PDF and upload it again."
            )
        )
    raise EvidenceRejected(
        _("This kind of file is not accepted. Upload a PDF, DOCX, XLSX, PNG or JPEG file.")
    )


def _ooxml(source: IO[bytes]) -> FileKind:
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                raise EvidenceRejected(_("The ZIP file is not a Word or Excel document.")) from None
            if info.file_size > _CONTENT_TYPES_LIMIT:
                raise EvidenceRejected(_("The document is damaged."))
            types = archive.read(info).decode("utf-8", "replace").lower()
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise EvidenceRejected(_("The document is damaged.")) from None
    if any(macro in types for macro in _OOXML_MACRO):
        raise EvidenceRejected(
            _("Documents with macros (.docm, .xlsm) are not accepted; save as DOCX or XLSX.")
        )
    for content_type, kind in _OOXML_MAIN.items():
        if content_type in types and _OOXML_PART[kind] in names:
            return kind
    raise EvidenceRejected(
        _("Only Word documents (DOCX) and Excel workbooks (XLSX) are accepted among Office files.")
    )


def evidence_check(*, name: str, file: IO[bytes] | bytes) -> CheckedFile:
    """Check one upload: not empty, within the size limit, and of an accepted kind."""
    source: IO[bytes] = io.BytesIO(file) if isinstance(file, bytes | bytearray) else file
    source.seek(0, io.SEEK_END)
    size = source.tell()
    label = clean_filename(name)
    if size == 0:
        raise EvidenceRejected(_("The file %(name)s is empty.") % {"name": label})
    limit = max_bytes()
    if size > limit:
        raise EvidenceRejected(
            _("The file %(name)s is %(size)s; the largest accepted is %(limit)s.")
            % {"name": label, "size": _size_text(size), "limit": _size_text(limit)}
        )
    try:
        kind = detect(source, size)
    except EvidenceRejected as exc:
        raise EvidenceRejected(f"{label}: {exc}") from None
    digest = hashlib.sha256()
    source.seek(0)
    while chunk := source.read(CHUNK):
        digest.update(chunk)
    source.seek(0)
    return CheckedFile(name=label, kind=kind, size=size, sha256=digest.hexdigest(), source=source)
