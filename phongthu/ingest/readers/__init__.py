"""Readers: bytes of a document in, paragraphs and tables in reading order out.

`read(data, filename)` is the one entry point. The reader is chosen by what the bytes
are (magic numbers), never by the file's name, which users get wrong; the name only
tells Markdown from plain text. Every failure is an `IngestError` whose message is
Vietnamese and says what to do.
"""

from __future__ import annotations

import logging

from phongthu.ingest.model import IngestError, ReadResult
from phongthu.ingest.readers.base import (
    MAX_FILE_BYTES,
    MAX_PAGES,
    ReadContext,
    Reader,
    human_size,
)
from phongthu.ingest.readers.docx_reader import DocxReader
from phongthu.ingest.readers.libreoffice import DocReader
from phongthu.ingest.readers.ocr import ImageReader
from phongthu.ingest.readers.pdf_reader import PdfReader
from phongthu.ingest.readers.plain import PlainTextReader

__all__ = ["MAX_FILE_BYTES", "MAX_PAGES", "ReadContext", "Reader", "read", "readers", "register"]

log = logging.getLogger(__name__)

_REGISTRY: list[Reader] = []


def register(reader: Reader) -> Reader:
    """Add a reader; a later one with the same name replaces the earlier."""
    _REGISTRY[:] = [r for r in _REGISTRY if r.name != reader.name]
    _REGISTRY.append(reader)
    return reader


def readers() -> list[Reader]:
    return list(_REGISTRY)


def choose(data: bytes, filename: str) -> Reader | None:
    """The most confident reader for these bytes, or None."""
    best: Reader | None = None
    best_score = 0
    for reader in _REGISTRY:
        score = reader.score(data, filename)
        if score > best_score:
            best, best_score = reader, score
    return best


def read(data: bytes, filename: str, *, ocr: bool = True) -> ReadResult:
    """Read a document; raise `IngestError` (Vietnamese message) when it cannot be read."""
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(
            f"Tệp “{filename}” quá lớn ({human_size(len(data))}); "
            f"chỉ nhận tệp đến {human_size(MAX_FILE_BYTES)}."
        )
    if not data or not data.strip():
        raise IngestError(f"Tệp “{filename}” rỗng, không có nội dung để đọc.")
    reader = choose(data, filename)
    if reader is None:
        raise IngestError(
            f"Không nhận ra định dạng của tệp “{filename}”. Hãy dùng văn bản Word (.docx, .doc), "
            "PDF, ảnh chụp (PNG, JPEG, TIFF) hoặc văn bản thuần (.txt, .md)."
        )
    try:
        return reader.read(data, ReadContext(filename=filename, ocr=ocr))
    except IngestError:
        raise
    except Exception as exc:
        # A file whose structure no reader expected (or a reader bug): the user gets
        # a message, the log keeps the traceback for whoever maintains the reader.
        log.exception("reader %s failed on %s", reader.name, filename)
        raise IngestError(
            f"Không đọc được tệp “{filename}”: cấu trúc tệp bất thường hoặc bị hỏng. "
            "Hãy mở tệp bằng chương trình đã tạo ra nó, lưu lại rồi tải lên lần nữa."
        ) from exc


register(PlainTextReader())
register(DocxReader())
register(PdfReader())
register(ImageReader())
register(DocReader())
