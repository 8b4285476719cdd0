"""PDF: the text layer through pdfplumber, pages without one through OCR.

Ruled tables are found with pdfplumber's table finder; their words are taken out of
the running text so nothing is read twice. Everything else is rebuilt from word
positions by `positioned`. A page with (almost) no text but an image is a scan: it is
rasterised and recognised by `ocr`, so a PDF may mix both kinds of page.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from phongthu.ingest.model import IngestError, ReadResult
from phongthu.ingest.readers import ocr, vntext
from phongthu.ingest.readers.base import ReadContext
from phongthu.ingest.readers.grid import Bbox, inside, table_from_cells
from phongthu.ingest.readers.pdf_stamps import stamped_words
from phongthu.ingest.readers.positioned import (
    Item,
    TableItem,
    Word,
    drop_page_furniture,
    freeze,
    group_rows,
    join_pages,
    layout_page,
)

log = logging.getLogger(__name__)

# A page with fewer characters than this in its text layer is treated as a scan.
_MIN_TEXT_CHARS = 20
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|,b$", re.I)
_ITALIC = re.compile(r"italic|oblique|,i$|,bi$", re.I)


def _font_name(raw: str) -> str:
    return _SUBSET_PREFIX.sub("", raw or "")


def _legacy_font(font: str) -> tuple[str | None, bool]:
    """The legacy encoding a PDF font name implies, and whether it draws capitals.

    PostScript names drop the leading dot of ".VnTime" and may carry a style suffix
    ("VnTimeH,Bold", "VNI-Times-Bold").
    """
    name = font.split(",")[0]
    if name.lower().startswith("vn") and not name.lower().startswith("vni"):
        name = "." + name
    for suffix in ("-Bold", "-Italic", "-BoldItalic"):
        name = name.removesuffix(suffix)
    return vntext.font_encoding(name), vntext.font_is_uppercase(name)


@dataclass(slots=True)
class _PageText:
    words: list[Word]
    encoding: str | None = None  # the legacy encoding converted from, if any


def _words(page: Any) -> _PageText:
    raw = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    words: list[Word] = []
    used: str | None = None
    plain: list[int] = []  # words in fonts that say nothing about their encoding
    for w in raw:
        font = _font_name(str(w.get("fontname", "")))
        text = str(w["text"])
        encoding, upper = _legacy_font(font)
        if encoding:
            text = vntext.convert_legacy(text, encoding, uppercase=upper)
            used = encoding
        text = unicodedata.normalize("NFC", text).strip()
        if not text:
            continue
        if not encoding:
            plain.append(len(words))
        words.append(
            Word(
                text=text,
                x0=float(w["x0"]),
                x1=float(w["x1"]),
                top=float(w["top"]),
                bottom=float(w["bottom"]),
                size=float(w.get("size") or (w["bottom"] - w["top"])),
                bold=bool(_BOLD.search(font)),
                italic=bool(_ITALIC.search(font)),
            )
        )
    # Legacy-encoded text in a font whose name hides it (embedded, renamed) reads as
    # Latin-1 soup; the language tells: convert it when it reads as Vietnamese then.
    sample = " ".join(words[i].text for i in plain)
    legacy = vntext.detect_legacy(sample) if sample else None
    if legacy:
        for i in plain:
            words[i] = replace(words[i], text=vntext.convert_legacy(words[i].text, legacy))
        used = legacy
    return _PageText(words, used)


def _ruled_tables(page: Any, words: list[Word], page_no: int) -> list[tuple[Bbox, TableItem]]:
    found_tables: list[tuple[Bbox, TableItem]] = []
    for found in page.find_tables():
        boxes: list[Bbox] = [
            (float(c[0]), float(c[1]), float(c[2]), float(c[3])) for c in found.cells if c
        ]
        made = table_from_cells(boxes, words, page_no)
        if made is not None:
            found_tables.append(made)
    return found_tables


def _overlaps(a: Word, b: Word) -> bool:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    return width > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0) and height > 0


def _text_page(
    page: Any, page_no: int, *, top_of_document: bool, stamps: list[Word]
) -> tuple[list[Item], str | None]:
    text = _words(page)
    words = text.words + [s for s in stamps if not any(_overlaps(s, w) for w in text.words)]
    tables = _ruled_tables(page, words, page_no)
    loose = [w for w in words if not any(inside(w, bbox) for bbox, _ in tables)]
    rows = drop_page_furniture(group_rows([[w] for w in loose]), float(page.height))
    items = layout_page(
        rows,
        page=page_no,
        page_width=float(page.width),
        tables=[item for _, item in tables],
        top_of_document=top_of_document,
    )
    return items, text.encoding


def _open(data: bytes, filename: str) -> Any:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise _encrypted(filename) from exc
        raise _broken(filename) from exc
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise _encrypted(filename) from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise _broken(filename) from exc


def _encrypted(filename: str) -> IngestError:
    return IngestError(
        f"Tệp PDF “{filename}” được đặt mật khẩu nên không đọc được. "
        "Hãy gỡ mật khẩu (hoặc in lại ra PDF không khóa) rồi tải lên lần nữa."
    )


def _broken(filename: str) -> IngestError:
    return IngestError(
        f"Tệp PDF “{filename}” bị hỏng hoặc không đầy đủ. Hãy xuất lại tệp PDF rồi tải lên."
    )


def read_pdf(data: bytes, context: ReadContext) -> ReadResult:
    filename = context.filename
    pdf = _open(data, filename)
    warnings: list[str] = []
    pages: list[list[Item]] = []
    scanned: list[int] = []
    encodings: Counter[str] = Counter()
    try:
        try:
            total = len(pdf.pages)
        except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
            raise _encrypted(filename) from exc
        except Exception as exc:  # pdfminer raises many kinds on broken files
            raise _broken(filename) from exc
        if total > context.max_pages:
            warnings.append(f"Tệp có {total} trang; chỉ đọc {context.max_pages} trang đầu.")
        stamps = stamped_words(data, list(range(1, min(total, context.max_pages) + 1)))
        for index in range(min(total, context.max_pages)):
            page_no = index + 1
            try:
                page = pdf.pages[index]
                chars = sum(1 for c in page.chars if not str(c.get("text", "")).isspace())
                if chars < _MIN_TEXT_CHARS:
                    scanned.append(page_no)
                    pages.append([])
                    continue
                items, legacy = _text_page(
                    page,
                    page_no,
                    top_of_document=not any(pages),
                    stamps=stamps.get(page_no, []),
                )
                pages.append(items)
                if legacy:
                    encodings[legacy] += 1
            except IngestError:
                raise
            except Exception as exc:
                log.warning("PDF page %s of %s unreadable: %s", page_no, filename, exc)
                warnings.append(f"Trang {page_no} không đọc được và đã bị bỏ qua.")
                pages.append([])
            finally:
                if index < total:
                    _close_quietly(pdf.pages[index], filename)
    finally:
        _close_quietly(pdf, filename)
    used_ocr = False
    if scanned:
        if not context.ocr:
            if len(scanned) == len(pages):
                raise IngestError(
                    f"Tệp PDF “{filename}” là bản quét (ảnh), không có lớp chữ; "
                    "cần bật nhận dạng chữ (OCR) để đọc."
                )
            warnings.append(
                "Các trang " + ", ".join(map(str, scanned)) + " là ảnh quét và chưa được "
                "nhận dạng chữ (OCR đang tắt)."
            )
        else:
            for page_no, items, page_warnings in ocr.ocr_pdf_pages(
                data, scanned, first_text_page=_first_with_text(pages)
            ):
                pages[page_no - 1] = items
                warnings.extend(page_warnings)
            used_ocr = True
    blocks = freeze(join_pages(pages))
    if not blocks:
        raise IngestError(
            f"Không tìm thấy chữ nào trong tệp PDF “{filename}”"
            + (" (kể cả sau khi nhận dạng ảnh quét)." if used_ocr else ".")
        )
    return ReadResult(
        format="pdf",
        blocks=blocks,
        pages=total,
        ocr=used_ocr,
        encoding=encodings.most_common(1)[0][0] if encodings else "utf-8",
        warnings=warnings,
    )


def _close_quietly(closable: Any, filename: str) -> None:
    """Release what pdfplumber holds without letting a broken file raise again.

    Closing a document walks its page tree once more: on a damaged tree that raises
    a pdfminer error, which must not replace the Vietnamese error already on its way
    (or fail a read that succeeded).
    """
    try:
        closable.close()
    except Exception as exc:  # pdfminer raises many kinds on broken files
        log.debug("closing %s raised %r", filename, exc)


def _first_with_text(pages: list[list[Item]]) -> int | None:
    for index, items in enumerate(pages):
        if items:
            return index + 1
    return None


class PdfReader:
    name = "pdf"

    def score(self, data: bytes, filename: str) -> int:
        # The header may follow some junk bytes; readers accept it within 1 KB.
        return 100 if b"%PDF-" in data[:1024] else 0

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        return read_pdf(data, context)
