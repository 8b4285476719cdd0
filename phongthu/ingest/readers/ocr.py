"""Optical character recognition of scans: tesseract with its Vietnamese model.

Pages are rasterised at 300 dpi (pypdfium2 for PDF pages), recognised by the
`tesseract` program in TSV mode, which keeps every word's box and confidence, and
laid out by `positioned` like a PDF text layer. Nothing is guessed: words tesseract
is unsure of (a handwritten number, a stamp across the text) keep the text it read
and are listed in `uncertain`, so the parsers can refuse to trust them.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import os
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageSequence

from phongthu.ingest.model import IngestError, ReadResult
from phongthu.ingest.readers import vntext
from phongthu.ingest.readers.base import (
    MAX_IMAGE_PIXELS,
    OCR_PAGE_TIMEOUT_S,
    ReadContext,
)
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

DPI = 300
LANGUAGE = "vie"
# Page segmentation mode 3: fully automatic layout analysis, the one meant for pages.
_PSM = "3"
_A4_WIDTH_IN = 8.27
_INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
_UNCERTAIN_EXAMPLES = 5
_NOISE_LINE_CONFIDENCE = 35.0


def _missing(what: str) -> IngestError:
    return IngestError(
        f"Không nhận dạng được chữ trong bản quét: {what}. "
        f"Quản trị viên cần cài đặt: {_INSTALL_HINT}"
    )


@functools.cache
def _languages(exe: str) -> frozenset[str]:
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset((out.stdout + "\n" + out.stderr).split())


def tesseract() -> str:
    """The tesseract executable, after checking the Vietnamese model is installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise _missing("máy chủ chưa có chương trình tesseract")
    if LANGUAGE not in _languages(exe):
        raise _missing("tesseract chưa có dữ liệu tiếng Việt (vie)")
    return exe


def _env() -> dict[str, str]:
    # Tesseract's OpenMP threads fight each other (and other workers) for cores:
    # one thread per page is several times faster on a shared machine.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def recognise(image: Image.Image, *, dpi: float, page: int) -> tuple[list[list[Word]], list[str]]:
    """Lines of words (PDF points) tesseract finds in an image, and warnings."""
    exe = tesseract()
    with tempfile.TemporaryDirectory(prefix="phongthu-ocr-") as tmp:
        path = Path(tmp) / "page.png"
        image.save(path, format="PNG")
        try:
            done = subprocess.run(
                [exe, str(path), "stdout", "-l", LANGUAGE, "--psm", _PSM,
                 "--dpi", str(round(dpi)), "tsv"],
                capture_output=True,
                timeout=OCR_PAGE_TIMEOUT_S,
                check=False,
                env=_env(),
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return [], [f"Trang {page}: nhận dạng chữ quá lâu nên đã bị bỏ qua."]
    if done.returncode != 0:
        return [], [f"Trang {page}: chương trình nhận dạng chữ báo lỗi, trang bị bỏ qua."]
    return _parse_tsv(done.stdout.decode("utf-8", errors="replace"), dpi=dpi), []


def _parse_tsv(tsv: str, *, dpi: float) -> list[list[Word]]:
    scale = 72.0 / dpi
    lines: dict[tuple[str, str, str], list[Word]] = {}
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for rec in reader:
        text = vntext.nfc((rec.get("text") or "").strip())
        if rec.get("level") != "5" or not text:
            continue
        try:
            left, top = float(rec["left"]), float(rec["top"])
            width, height = float(rec["width"]), float(rec["height"])
            conf = float(rec["conf"])
        except (KeyError, TypeError, ValueError):
            continue
        key = (rec.get("block_num", ""), rec.get("par_num", ""), rec.get("line_num", ""))
        lines.setdefault(key, []).append(
            Word(
                text=text,
                x0=left * scale,
                x1=(left + width) * scale,
                top=top * scale,
                bottom=(top + height) * scale,
                # A word's box runs from accents to descenders: about 1.25 em.
                size=height * scale * 0.8,
                conf=conf if conf >= 0 else None,
            )
        )
    # Lines read with almost no confidence are the marks of a signature or a seal,
    # not text: keeping them would only put noise between the real lines.
    return [
        line
        for line in lines.values()
        if statistics.fmean(w.conf if w.conf is not None else 0.0 for w in line)
        >= _NOISE_LINE_CONFIDENCE
    ]


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
    image: Image.Image, *, dpi: float, page: int, top_of_document: bool
) -> tuple[list[Item], list[str]]:
    lines, warnings = recognise(image, dpi=dpi, page=page)
    height_pt = image.height * 72.0 / dpi
    width_pt = image.width * 72.0 / dpi
    rows = drop_page_furniture(group_rows(lines), height_pt)
    items = layout_page(
        rows, page=page, page_width=width_pt, tables=[], top_of_document=top_of_document
    )
    return items, warnings + _uncertain_warning(page, lines)


def ocr_pdf_pages(
    data: bytes, page_numbers: list[int], *, first_text_page: int | None
) -> Iterator[tuple[int, list[Item], list[str]]]:
    """OCR of the given (1-based) pages of a PDF, one page at a time."""
    import pypdfium2 as pdfium

    tesseract()  # fail before rendering anything when OCR cannot run
    pdf = pdfium.PdfDocument(data)
    try:
        for page_no in page_numbers:
            page = pdf[page_no - 1]
            try:
                width, height = page.get_size()
                scale = DPI / 72.0
                if width * height * scale * scale > MAX_IMAGE_PIXELS:
                    scale = math.sqrt(MAX_IMAGE_PIXELS / (width * height))
                image = page.render(scale=scale, grayscale=True).to_pil()
            finally:
                page.close()
            top = page_no == page_numbers[0] and (
                first_text_page is None or first_text_page > page_no
            )
            items, warnings = ocr_page(image, dpi=scale * 72.0, page=page_no, top_of_document=top)
            yield page_no, items, warnings
    finally:
        pdf.close()


# --- images ------------------------------------------------------------------------------


def _dpi(image: Image.Image) -> float:
    declared = image.info.get("dpi")
    if isinstance(declared, tuple) and declared and 150 <= float(declared[0]) <= 1200:
        return float(declared[0])
    # No trustworthy resolution (phone photos say 72): assume the page is A4 wide.
    return max(image.width / _A4_WIDTH_IN, 1.0)


def _prepared(frame: Image.Image) -> tuple[Image.Image, float]:
    image = frame.convert("L")
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
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= context.max_pages:
                warnings.append(f"Ảnh có hơn {context.max_pages} trang; chỉ đọc các trang đầu.")
                break
            prepared, dpi = _prepared(frame)
            items, page_warnings = ocr_page(
                prepared, dpi=dpi, page=index + 1, top_of_document=index == 0
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
