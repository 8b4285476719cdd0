"""Optical character recognition of scans: tesseract with its Vietnamese model.

A scanned PDF page that is one image is taken out as it is (as `pdfimages` does);
other pages are rasterised at 300 dpi (pypdfium2), in colour where there is red ink.
The page is turned grey with the red of seals and stamps taken out
(`scan_image.page_gray`) and recognised once by the `tesseract` program in TSV mode,
which keeps every word's box and confidence, over the whole page: that one pass costs
what tesseract alone costs. The words that fall in a ruled table (`scan_tables`) go
to its cells, and the cells that pass left doubtful are read again, for all pages at
once (`ocr_tables`); the rest is laid out by `positioned` like a PDF text layer.
Between the two, the number and the day and month written in by hand are read again
as figures (`ocr_fields`) and what tesseract predictably gets wrong is mended
(`ocr_correct`: lost marks, lost spaces, a lost slash in "p/h/t/h", the figures of
short codes). Nothing is guessed: words tesseract is unsure of (a handwritten number,
a stamp across the text) keep the text it read and are listed in `uncertain`, so the
parsers can refuse to trust them.
"""

from __future__ import annotations

import io
import itertools
import math
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageSequence

from phongthu.ingest.model import IngestError, ReadResult
from phongthu.ingest.readers import ocr_tables, scan_tables
from phongthu.ingest.readers.base import MAX_IMAGE_PIXELS, ReadContext
from phongthu.ingest.readers.grid import inside
from phongthu.ingest.readers.ocr_correct import CodeBook, correct_lines, correct_words
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
from phongthu.ingest.readers.tesseract import (
    DPI,
    drop_noise_lines,
    recognise_files,
    tesseract,
    write_image,
)

_A4_WIDTH_IN = 8.27
# Pages read in one tesseract run (each waits as an image file of about 9 MB).
_PAGES_PER_RUN = 8
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


@dataclass(slots=True)
class _Page:
    """A page after its one tesseract pass: its text lines, and its tables still to
    be finished (`ocr_tables`: what they left doubtful is read again for all pages at
    once)."""

    number: int
    width_pt: float
    height_pt: float
    top_of_document: bool
    lines: list[list[Word]]
    tables: ocr_tables.PageTables
    warnings: list[str]


@dataclass(frozen=True, slots=True)
class _Scan:
    """A page's image, where it stands in the document."""

    number: int
    image: Image.Image
    dpi: float
    top_of_document: bool


@dataclass(frozen=True, slots=True)
class _Waiting:
    """A page written out for tesseract, with its ruled tables found."""

    number: int
    path: Path
    dpi: float
    top_of_document: bool
    found: scan_tables.ScanTables


def _read_pages(scans: Iterator[_Scan]) -> Iterator[_Page]:
    """Each page's one tesseract pass, several pages to a tesseract run.

    Tesseract loads its model for every run (a tenth of a second and more): one run
    for several pages loads it once. A page waits as a file, not in memory, so at
    most one page image is held at a time; pages go to a run by `_PAGES_PER_RUN` and
    by resolution (tesseract takes one for the run).
    """
    with tempfile.TemporaryDirectory(prefix="phongthu-ocr-") as tmp:
        waiting: list[_Waiting] = []
        for scan in scans:
            if waiting and (
                len(waiting) >= _PAGES_PER_RUN or round(scan.dpi) != round(waiting[0].dpi)
            ):
                yield from _passed(waiting)
                waiting = []
            path = Path(tmp) / f"page-{scan.number:05d}.tif"
            write_image(scan.image, path)
            found = scan_tables.find_tables(scan.image, scan.dpi)
            waiting.append(_Waiting(scan.number, path, scan.dpi, scan.top_of_document, found))
        if waiting:
            yield from _passed(waiting)


def _passed(waiting: list[_Waiting]) -> Iterator[_Page]:
    read = recognise_files(
        [w.path for w in waiting], dpi=waiting[0].dpi, pages=[w.number for w in waiting]
    )
    for page, (lines, warnings) in zip(waiting, read, strict=True):
        with Image.open(page.path) as image:
            image.load()
            yield _read_page(image, page, lines, warnings)
        page.path.unlink()


def _read_page(
    image: Image.Image, page: _Waiting, lines: list[list[Word]], warnings: list[str]
) -> _Page:
    """A page after its tesseract pass: the words that fall in a table set apart for
    its cells, the rest as lines of text.

    The pass reads the page as it is, ruling lines and all: they are what tells
    tesseract's page layout that a table's cells are separate blocks (painted out, a
    row's cells run into one line, which loses the spaces between short words:
    "Trạm ytếxã"). The cut-outs read again are taken from the page with the lines
    painted out.
    """
    found, dpi = page.found, page.dpi
    clean = found.erased(image)
    boxes = ocr_tables.table_boxes(found)
    table_lines: list[list[Word]] = []
    if boxes:
        kept: list[list[Word]] = []
        for line in lines:
            inner = [w for w in line if any(inside(w, box) for box in boxes)]
            outer = [w for w in line if not any(inside(w, box) for box in boxes)]
            table_lines.extend([inner] if inner else [])
            kept.extend([outer] if outer else [])
        lines = kept
    lines = read_fields(clean, drop_noise_lines(lines), dpi=dpi)
    return _Page(
        number=page.number,
        width_pt=image.width * 72.0 / dpi,
        height_pt=image.height * 72.0 / dpi,
        top_of_document=page.top_of_document,
        lines=lines,
        tables=ocr_tables.prepare(clean, found, table_lines, dpi=dpi, page=page.number),
        warnings=warnings,
    )


def _finish(page: _Page, codes: CodeBook | None) -> tuple[list[Item], list[str]]:
    """Blocks of one scanned page: its ruled tables, then the text around them.

    `codes` gathers the codes printed on the document's pages so far (its symbol's
    segments), which later short codes are checked against (`ocr_correct`).
    """
    # Cells are read word by word, not as lines of running text: only what needs no
    # phrase around it is mended there.
    page.tables.words = correct_words(page.tables.words)
    tables, table_words = ocr_tables.finish(page.tables)
    lines = correct_lines(page.lines, codes)
    rows = drop_page_furniture(group_rows(lines), page.height_pt)
    items = layout_page(
        rows,
        page=page.number,
        page_width=page.width_pt,
        tables=tables,
        top_of_document=page.top_of_document,
    )
    return items, page.warnings + _uncertain_warning(page.number, [*lines, table_words])


def _ocr_pages(scans: Iterator[_Scan]) -> Iterator[tuple[int, list[Item], list[str]]]:
    """The pages' blocks, once every page has had its pass and the doubtful cells of
    all of them were read again together."""
    read = list(_read_pages(scans))
    ocr_tables.reread([page.tables for page in read])
    codes = CodeBook()
    for page in read:
        items, warnings = _finish(page, codes)
        yield page.number, items, warnings


def ocr_pdf_pages(
    data: bytes, page_numbers: list[int], *, first_text_page: int | None
) -> Iterator[tuple[int, list[Item], list[str]]]:
    """OCR of the given (1-based) pages of a PDF."""
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

    def read() -> Iterator[_Scan]:
        for page_no in page_numbers:
            image, dpi = _page_image(pdf[page_no - 1])
            top = page_no == page_numbers[0] and (
                first_text_page is None or first_text_page > page_no
            )
            yield _Scan(page_no, image, dpi, top)

    try:
        yield from _ocr_pages(read())
    finally:
        pdf.close()


def _page_image(page: Any) -> tuple[Image.Image, float]:
    """A PDF page as a grey image, and its resolution."""
    try:
        own = _scanned_image(page)
        if own is not None:
            return own
        width, height = page.get_size()
        scale = DPI / 72.0
        if width * height * scale * scale > MAX_IMAGE_PIXELS:
            scale = math.sqrt(MAX_IMAGE_PIXELS / (width * height))
        return _render(page, scale), scale * 72.0
    finally:
        page.close()


# A scan's own image is used as it is from this resolution up to this one; outside,
# the page is rendered at `DPI` (a coarse scan enlarged, a very fine one reduced).
_OWN_IMAGE_DPI = (DPI * 0.8, DPI * 1.5)


def _plain_samples() -> frozenset[tuple[int, int]]:
    import pypdfium2.raw as pdfium_c

    gray = (pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_CALGRAY)
    rgb = (pdfium_c.FPDF_COLORSPACE_DEVICERGB, pdfium_c.FPDF_COLORSPACE_CALRGB)
    icc = pdfium_c.FPDF_COLORSPACE_ICCBASED
    return frozenset({*((8, c) for c in (*gray, icc)), *((24, c) for c in (*rgb, icc))})


_PLAIN_SAMPLES = _plain_samples()


def _scanned_image(page: Any) -> tuple[Image.Image, float] | None:
    """The page's own image, when the page is nothing but one upright image covering
    it, as a scanner saves a page: taken out and decoded as it is (as `pdfimages`
    does), in a few hundredths of a second, where rendering the page costs a tenth
    of a second or more. None for any other page.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if page.get_rotation() % 360:
        return None
    objects = list(itertools.islice(page.get_objects(max_depth=1), 2))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    picture = objects[0]
    matrix = picture.get_matrix()
    if matrix.a <= 0 or matrix.d <= 0 or matrix.b or matrix.c:
        return None  # turned, mirrored or slanted: rendering puts it right
    left, bottom, right, top = page.get_bbox()
    x0, y0, x1, y1 = picture.get_bounds()
    if max(abs(x0 - left), abs(y0 - bottom), abs(x1 - right), abs(y1 - top)) > 2.0:
        return None  # the image does not fill the page
    px_width, px_height = picture.get_px_size()
    dpi_x, dpi_y = px_width * 72.0 / (x1 - x0), px_height * 72.0 / (y1 - y0)
    if abs(dpi_x - dpi_y) > 0.02 * dpi_x or not _OWN_IMAGE_DPI[0] <= dpi_x <= _OWN_IMAGE_DPI[1]:
        return None
    if px_width * px_height > MAX_IMAGE_PIXELS:
        return None
    # Only plain grey or colour samples are taken as they are. A bilevel scan (CCITT,
    # JBIG2) may say in its dictionary that 1 is black, CMYK may be stored inverted:
    # rendering applies what the raw samples leave out.
    metadata = picture.get_metadata()
    if (metadata.bits_per_pixel, metadata.colorspace) not in _PLAIN_SAMPLES:
        return None
    try:
        bitmap = picture.get_bitmap(render=False)
    except pdfium.PdfiumError:
        return None
    # The bitmap belongs to the page's image and goes with the page: `page_gray`
    # copies it out (in greys) while it is alive, and PDFium frees it.
    image = bitmap.to_pil()
    if image.size != (px_width, px_height):
        return None
    return page_gray(image), dpi_x


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
        if getattr(image, "n_frames", 1) > context.max_pages:
            warnings.append(f"Ảnh có hơn {context.max_pages} trang; chỉ đọc các trang đầu.")

        def read() -> Iterator[_Scan]:
            for index, frame in enumerate(ImageSequence.Iterator(image)):
                if index >= context.max_pages:
                    break
                prepared, dpi = _prepared(frame)
                yield _Scan(index + 1, prepared, dpi, index == 0)

        for _number, items, page_warnings in _ocr_pages(read()):
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
