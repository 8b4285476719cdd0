"""Text that a PDF shows in annotations rather than in its page content.

Electronic document systems stamp the register number and the day of issue onto the
signed PDF as the appearance of a signature field: the reader sees "Số: 7432/UBND-XD",
but the text layer only has "Số: /UBND-XD". pdfplumber reads page content only, so
pages with annotations are flattened with PDFium (appearances merged into the page)
and the characters that flattening added are taken as extra words.
"""

from __future__ import annotations

import logging

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from phongthu.ingest.readers import vntext
from phongthu.ingest.readers.positioned import Word

log = logging.getLogger(__name__)

_MAX_STAMP_CHARS = 2_000  # more than any stamp; protects against odd files


def _words_from_chars(chars: list[tuple[str, float, float, float, float]]) -> list[Word]:
    """Words from (char, x0, top, x1, bottom) in reading order."""
    words: list[Word] = []
    current: list[tuple[str, float, float, float, float]] = []

    def close() -> None:
        if current:
            text = vntext.nfc("".join(c[0] for c in current)).strip()
            if text:
                x0 = min(c[1] for c in current)
                top = min(c[2] for c in current)
                x1 = max(c[3] for c in current)
                bottom = max(c[4] for c in current)
                words.append(Word(text, x0, x1, top, bottom, size=bottom - top))
            current.clear()

    for char in chars:
        previous = current[-1] if current else None
        far = previous is not None and (
            char[1] - previous[3] > 0.3 * (char[4] - char[2]) or abs(char[2] - previous[2]) > 3
        )
        if char[0].isspace() or far:
            close()
        if not char[0].isspace():
            current.append(char)
    close()
    return words


def stamped_words(data: bytes, pages: list[int]) -> dict[int, list[Word]]:
    """Words drawn by annotation appearances, per (1-based) page that has any."""
    found: dict[int, list[Word]] = {}
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return found
    try:
        for page_no in pages:
            page = pdf[page_no - 1]
            try:
                if pdfium_c.FPDFPage_GetAnnotCount(page.raw) <= 0:
                    continue
                text = page.get_textpage()
                before = text.count_chars()
                text.close()
                if pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) != 1:
                    continue  # FLATTEN_SUCCESS; otherwise nothing was merged
            finally:
                page.close()
            # PDFium asks for the page to be loaded again after flattening.
            page = pdf[page_no - 1]
            try:
                height = page.get_size()[1]
                text = page.get_textpage()
                total = min(text.count_chars(), before + _MAX_STAMP_CHARS)
                chars = []
                for index in range(before, total):
                    left, bottom, right, top = text.get_charbox(index)
                    char = text.get_text_range(index, 1)
                    chars.append((char, left, height - top, right, height - bottom))
                text.close()
            finally:
                page.close()
            words = _words_from_chars(chars)
            if words:
                found[page_no] = words
    except pdfium.PdfiumError as exc:
        log.warning("annotation text unreadable: %s", exc)
    finally:
        pdf.close()
    return found
