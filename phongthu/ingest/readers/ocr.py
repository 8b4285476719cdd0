"""Optical character recognition of scans: tesseract with its Vietnamese model.

Pages are rasterised at 300 dpi in colour (pypdfium2 for PDF pages) and turned grey
with the red of seals and stamps taken out (`scan_image.page_gray`), recognised by the
`tesseract` program in TSV mode, which keeps every word's box and confidence, and
laid out by `positioned` like a PDF text layer. Between the two, the number and the
day and month written in by hand are read again as figures (`ocr_fields`) and what
tesseract predictably gets wrong is mended (`ocr_correct`: lost marks, a lost slash
in "p/h/t/h", the figures of short codes). Nothing is guessed: words tesseract is
unsure of (a handwritten number, a stamp across the text) keep the text it read and
are listed in `uncertain`, so the parsers can refuse to trust them.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from typing import Any

from PIL import Image, ImageDraw, ImageSequence

from phongthu.ingest.model import IngestError, ReadResult
from phongthu.ingest.readers import ocr_tables, scan_tables
from phongthu.ingest.readers.base import MAX_IMAGE_PIXELS, ReadContext
from phongthu.ingest.readers.ocr_correct import CodeBook, correct_lines
from phongthu.ingest.readers.ocr_fields import read_fields
from phongthu.ingest.readers.positioned import (
    Item,
    Word,
    drop_page_furniture,
    freeze,
    group_rows,
    join_pages,
    layout_page,
    uncertain_words,
)
from phongthu.ingest.readers.scan_image import has_seal_ink, page_gray
from phongthu.ingest.readers.tesseract import DPI, recognise, tesseract

_A4_WIDTH_IN = 8.27
_UNCERTAIN_EXAMPLES = 5


def _uncertain_warning(page: int, lines: list[list[Word]]) -> list[str]:
    doubtful = uncertain_words([w for line in lines for w in line])
    if not doubtful:
        return []
    examples = ", ".join(f"“{w}”" for w in doubtful[:_UNCERTAIN_EXAMPLES])
    more = "…" if len(doubtful) > _UNCERTAIN_EXAMPLES else ""
    return [
        f"Trang {page}: {len(doubtful)} từ nhận dạng không chắc chắn ({examples}{more}); "
        "hãy đối chiếu với bản gốc, nhất là chữ số viết tay."
    ]


def ocr_page(
    image: Image.Image,
    *,
    dpi: float,
    page: int,
    top_of_document: bool,
    codes: CodeBook | None = None,
) -> tuple[list[Item], list[str]]:
    """Blocks of one scanned page: its ruled tables, then the text around them.

    `codes` gathers the codes printed on the document's pages so far (its symbol's
    segments), which later short codes are checked against (`ocr_correct`).
    """
    found = scan_tables.find_tables(image, dpi)
    tables, table_words = ocr_tables.read_tables(image, found, dpi=dpi, page=page)
    # The page pass reads everything but the tables, which were read cell by cell.
    rest = image.convert("L")
    if found.tables:
        draw = ImageDraw.Draw(rest)
        scale = dpi / 72.0
        for cells in found.tables:
            x0, y0 = min(c[0] for c in cells) * scale, min(c[1] for c in cells) * scale
            x1, y1 = max(c[2] for c in cells) * scale, max(c[3] for c in cells) * scale
            draw.rectangle((x0 - 4, y0 - 4, x1 + 4, y1 + 4), fill=255)
    lines, warnings = recognise(rest, dpi=dpi, page=page)
    lines = correct_lines(read_fields(rest, lines, dpi=dpi), codes)
    height_pt = image.height * 72.0 / dpi
    width_pt = image.width * 72.0 / dpi
    rows = drop_page_furniture(group_rows(lines), height_pt)
    items = layout_page(
        rows, page=page, page_width=width_pt, tables=tables, top_of_document=top_of_document
    )
    return items, warnings + _uncertain_warning(page, [*lines, table_words])


def ocr_pdf_pages(
    data: bytes, page_numbers: list[int], *, first_text_page: int | None
) -> Iterator[tuple[int, list[Item], list[str]]]:
    """OCR of the given (1-based) pages of a PDF, one page at a time."""
    import pypdfium2 as pdfium

    tesseract()  # fail before rendering anything when OCR cannot run
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # pdfminer may open a file that PDFium cannot render; then no page can be scanned.
        raise IngestError(
            "Tệp PDF bị hỏng: không dựng được trang để nhận dạng chữ. "
            "Đề nghị kiểm tra lại tệp hoặc quét lại văn bản."
        ) from exc
    codes = CodeBook()
    try:
        for page_no in page_numbers:
            page = pdf[page_no - 1]
            try:
                width, height = page.get_size()
                scale = DPI / 72.0
                if width * height * scale * scale > MAX_IMAGE_PIXELS:
                    scale = math.sqrt(MAX_IMAGE_PIXELS / (width * height))
                image = _render(page, scale)
            finally:
                page.close()
            top = page_no == page_numbers[0] and (
                first_text_page is None or first_text_page > page_no
            )
            items, warnings = ocr_page(
                image, dpi=scale * 72.0, page=page_no, top_of_document=top, codes=codes
            )
            yield page_no, items, warnings
    finally:
        pdf.close()


def _render(page: Any, scale: float) -> Image.Image:
    """A PDF page in greys. A page in colour is rendered in colour, so that the red of
    its seals can be taken out; a small rendering first tells which it is."""
    probe = page.render(scale=scale / 8)
    try:
        coloured = has_seal_ink(probe.to_pil())
    finally:
        probe.close()
    bitmap = page.render(scale=scale, grayscale=not coloured)
    try:
        return page_gray(bitmap.to_pil())
    finally:
        bitmap.close()


# --- images ------------------------------------------------------------------------------


def _dpi(image: Image.Image) -> float:
    declared = image.info.get("dpi")
    if isinstance(declared, tuple) and declared and 150 <= float(declared[0]) <= 1200:
        return float(declared[0])
    # No trustworthy resolution (phone photos say 72): assume the page is A4 wide.
    return max(image.width / _A4_WIDTH_IN, 1.0)


def _prepared(frame: Image.Image) -> tuple[Image.Image, float]:
    image = page_gray(frame)
    dpi = _dpi(frame)
    if dpi < DPI * 0.8:
        # Tesseract reads small print poorly; enlarge towards 300 dpi (bounded).
        factor = min(DPI / dpi, math.sqrt(MAX_IMAGE_PIXELS / max(image.width * image.height, 1)))
        if factor > 1.05:
            size = (round(image.width * factor), round(image.height * factor))
            image = image.resize(size, Image.Resampling.LANCZOS)
            dpi *= factor
    return image, dpi


def read_image(data: bytes, context: ReadContext) -> ReadResult:
    filename = context.filename
    if not context.ocr:
        raise IngestError(
            f"Tệp “{filename}” là ảnh; chỉ đọc được bằng nhận dạng chữ (OCR), đang tắt."
        )
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise IngestError(
                f"Ảnh “{filename}” quá lớn ({image.width}×{image.height} điểm ảnh); "
                "hãy quét lại ở độ phân giải 300 dpi."
            )
        image.load()  # a truncated or corrupt file fails here, before OCR starts
        tesseract()
        pages: list[list[Item]] = []
        warnings: list[str] = []
        codes = CodeBook()
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= context.max_pages:
                warnings.append(f"Ảnh có hơn {context.max_pages} trang; chỉ đọc các trang đầu.")
                break
            prepared, dpi = _prepared(frame)
            items, page_warnings = ocr_page(
                prepared, dpi=dpi, page=index + 1, top_of_document=index == 0, codes=codes
            )
            pages.append(items)
            warnings.extend(page_warnings)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise IngestError(
            f"Ảnh “{filename}” bị hỏng hoặc không đọc được. Hãy chụp hoặc quét lại."
        ) from exc
    blocks = freeze(join_pages(pages))
    if not blocks:
        raise IngestError(
            f"Không nhận dạng được chữ nào trong ảnh “{filename}”. Hãy quét lại rõ hơn "
            "(300 dpi, thẳng trang, đủ sáng)."
        )
    return ReadResult(format="image", blocks=blocks, pages=len(pages), ocr=True, warnings=warnings)


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


class ImageReader:
    name = "image"

    def score(self, data: bytes, filename: str) -> int:
        return 100 if data.startswith(_IMAGE_MAGIC) else 0

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        return read_image(data, context)
