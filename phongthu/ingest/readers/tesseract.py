"""Running tesseract: the Vietnamese model, TSV output, words with boxes and confidence.

TSV keeps each word's box and confidence and tesseract's own line grouping; boxes
are converted to PDF points so that OCR output is laid out exactly like a PDF's text
layer.

Images are handed over as uncompressed TIFF files, several listed for one run:
encoding a 300 dpi page as PNG costs a tenth of what tesseract takes to read it,
TIFF next to nothing (and tesseract reads TIFF faster than PGM, which its image
library reads a pixel at a time).
"""

from __future__ import annotations

import csv
import functools
import html
import io
import os
import re
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from phongthu.ingest.model import IngestError
from phongthu.ingest.readers import vntext
from phongthu.ingest.readers.base import OCR_PAGE_TIMEOUT_S
from phongthu.ingest.readers.positioned import Word

DPI = 300
LANGUAGE = "vie"
# Page segmentation modes: 3 analyses a whole page's layout; 6 reads one uniform
# block, which is what a stack of table cells is.
PSM_PAGE = "3"
PSM_BLOCK = "6"
_INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
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


def write_image(image: Image.Image, path: Path) -> None:
    """The image in greys as an uncompressed TIFF file."""
    gray = image if image.mode == "L" else image.convert("L")
    gray.save(path, format="TIFF")


def recognise_files(
    paths: list[Path], *, dpi: float, pages: list[int]
) -> list[tuple[list[list[Word]], list[str]]]:
    """The lines of words (PDF points) on each of several pages (image files, numbered
    `pages`), and each page's warnings, from one tesseract run over them all.

    Tesseract loads its model for every run, which costs about a tenth of a second:
    one run for several pages loads it once. Files, not standard input: tesseract
    reads its standard input a character at a time, a tenth of a second a page.
    Nothing is dropped as noise here (see `drop_noise_lines`).
    """
    exe = tesseract()
    listing = paths[0].parent / "pages.txt"
    listing.write_text("\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
    command = [exe, str(listing), "stdout", "-l", LANGUAGE, "--psm", PSM_PAGE,
               "--dpi", str(round(dpi)), "tsv"]  # fmt: skip
    try:
        done = _run(command, timeout=OCR_PAGE_TIMEOUT_S * len(paths))
    except subprocess.TimeoutExpired:
        return [([], [f"Trang {page}: nhận dạng chữ quá lâu nên đã bị bỏ qua."]) for page in pages]
    if done.returncode != 0:
        if len(paths) > 1:
            # One bad page fails the run: read each on its own, so only it is lost.
            return [
                result
                for path, page in zip(paths, pages, strict=True)
                for result in recognise_files([path], dpi=dpi, pages=[page])
            ]
        return [([], [f"Trang {pages[0]}: chương trình nhận dạng chữ báo lỗi, trang bị bỏ qua."])]
    found = parse_tsv_pages(done.stdout.decode("utf-8", errors="replace"), dpi=dpi)
    return [(found.get(index + 1, []), []) for index in range(len(paths))]


def recognise_many(
    images: list[Image.Image],
    *,
    dpi: float,
    psm: str,
    language: str = LANGUAGE,
    whitelist: str | None = None,
) -> list[list[list[Word]]]:
    """The lines of words read in each of several small images (points from each
    image's top left), from one tesseract run; nothing for an image when it fails."""
    if not images:
        return []
    exe = tesseract()
    options = [] if whitelist is None else ["-c", f"tessedit_char_whitelist={whitelist}"]
    with tempfile.TemporaryDirectory(prefix="phongthu-ocr-") as tmp:
        listing = _listing(Path(tmp), images)
        command = [exe, str(listing), "stdout", "-l", language, "--psm", psm,
                   "--dpi", str(round(dpi)), *options, "tsv"]  # fmt: skip
        try:
            done = _run(command)
        except subprocess.TimeoutExpired:
            return [[] for _ in images]
    if done.returncode != 0:
        return [[] for _ in images]
    pages = parse_tsv_pages(done.stdout.decode("utf-8", errors="replace"), dpi=dpi)
    return [pages.get(index + 1, []) for index in range(len(images))]


def _listing(folder: Path, images: list[Image.Image]) -> Path:
    """The images written as files into `folder`, and the file listing them."""
    paths = []
    for index, image in enumerate(images):
        path = folder / f"part-{index:04d}.tif"
        write_image(image, path)
        paths.append(str(path))
    listing = folder / "parts.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return listing


_PAGE = re.compile(r"<div class=['\"]ocr_page['\"]")
_CHAR = re.compile(
    r"<span class=['\"]ocrx_cinfo['\"][^>]*?x_bboxes (\d+) (\d+) (\d+) (\d+);"
    r"[^>]*?x_conf ([\d.]+)['\"]>([^<]*)</span>"
)


@dataclass(frozen=True, slots=True)
class Glyph:
    """A character read in an image: its text, confidence and box (pixels)."""

    text: str
    conf: float
    box: tuple[int, int, int, int]


def recognise_glyphs(
    images: list[Image.Image],
    *,
    dpi: float,
    psm: str,
    language: str = LANGUAGE,
    whitelist: str | None = None,
) -> list[list[Glyph]]:
    """The characters read in each of several small images, each with its confidence
    and box, from one tesseract run."""
    if not images:
        return []
    options = [] if whitelist is None else ["-c", f"tessedit_char_whitelist={whitelist}"]
    pages = _hocr(images, dpi=dpi, psm=psm, options=options, language=language)
    return [
        [
            Glyph(html.unescape(char), float(conf), (int(x0), int(y0), int(x1), int(y1)))
            for x0, y0, x1, y1, conf, char in _CHAR.findall(page)
        ]
        for page in pages
    ]


def recognise_chars(
    images: list[Image.Image],
    *,
    dpi: float,
    psm: str,
    language: str = LANGUAGE,
    whitelist: str | None = None,
) -> list[list[tuple[str, float]]]:
    """The characters read in each of several small images, each with its confidence.

    A word's confidence is that of its weakest character, and a stray mark glued to
    a number (the edge of the next letter) drags it to nothing; per character, the
    figures keep their own confidence. One tesseract run reads all the images.
    """
    readings = recognise_glyphs(images, dpi=dpi, psm=psm, language=language, whitelist=whitelist)
    return [[(g.text, g.conf) for g in glyphs] for glyphs in readings]


def _hocr(
    images: list[Image.Image], *, dpi: float, psm: str, options: list[str], language: str = LANGUAGE
) -> list[str]:
    """The hOCR of each image, from one tesseract run over all of them."""
    exe = tesseract()
    with tempfile.TemporaryDirectory(prefix="phongthu-ocr-") as tmp:
        listing = _listing(Path(tmp), images)
        command = [exe, str(listing), "stdout", "-l", language, "--psm", psm,
                   "--dpi", str(round(dpi)), "-c", "hocr_char_boxes=1", *options,
                   "hocr"]  # fmt: skip
        try:
            done = _run(command)
        except subprocess.TimeoutExpired:
            return ["" for _ in images]
    if done.returncode != 0:
        return ["" for _ in images]
    pages = _PAGE.split(done.stdout.decode("utf-8", errors="replace"))[1:]
    return (pages + ["" for _ in images])[: len(images)]


def _run(
    command: list[str], *, timeout: float = OCR_PAGE_TIMEOUT_S
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(command, capture_output=True, timeout=timeout, check=False, env=_env())


def parse_tsv(tsv: str, *, dpi: float, drop_noise: bool = True) -> list[list[Word]]:
    """The lines of words of one page of TSV output (of the first page, if several)."""
    pages = parse_tsv_pages(tsv, dpi=dpi)
    lines = pages[min(pages)] if pages else []
    return drop_noise_lines(lines) if drop_noise else lines


def parse_tsv_pages(tsv: str, *, dpi: float) -> dict[int, list[list[Word]]]:
    """The lines of words of each page (1-based) of TSV output, in PDF points."""
    scale = 72.0 / dpi
    pages: dict[int, dict[tuple[str, str, str], list[Word]]] = {}
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    for rec in reader:
        text = vntext.nfc((rec.get("text") or "").strip())
        if rec.get("level") != "5" or not text:
            continue
        try:
            page = int(rec.get("page_num") or 1)
            left, top = float(rec["left"]), float(rec["top"])
            width, height = float(rec["width"]), float(rec["height"])
            conf = float(rec["conf"])
        except (KeyError, TypeError, ValueError):
            continue
        key = (rec.get("block_num", ""), rec.get("par_num", ""), rec.get("line_num", ""))
        pages.setdefault(page, {}).setdefault(key, []).append(
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
    return {page: list(lines.values()) for page, lines in pages.items()}


def drop_noise_lines(lines: list[list[Word]]) -> list[list[Word]]:
    """Lines read with almost no confidence are the marks of a signature or a seal,
    not text: keeping them would only put noise between the real lines. (Not for a
    table's cells, where a lone number read unsurely is still data.)"""
    return [
        line
        for line in lines
        if statistics.fmean(w.conf if w.conf is not None else 0.0 for w in line)
        >= _NOISE_LINE_CONFIDENCE
    ]
