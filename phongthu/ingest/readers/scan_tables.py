"""Ruled tables in a scanned page, found from their drawn lines.

Tesseract reads the words of a table but not its grid, so a task table would come
out as loose lines. The grid is recovered from the image itself: long horizontal and
vertical runs of ink are ruling lines; lines that cross one another form a table;
where a border between two grid slots is missing, the slots are one merged cell.

Pure Pillow and `bytes.find` (the search for long runs of ink is done in C), so no
numerical library is needed. Slight skew is tolerated by thickening the ink across
the lines first; a badly rotated scan simply yields no table, and its words stay
paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

from phongthu.ingest.readers.grid import Bbox

_INK_THRESHOLD = 150
# Shortest runs taken for ruling lines, in inches: longer than any letter stroke.
_MIN_HORIZONTAL_IN = 0.3
_MIN_VERTICAL_IN = 0.25
# Thicker than this is a filled shape or a picture, not a line.
_MAX_LINE_THICKNESS_IN = 0.06
_MAX_SLOTS = 4000


@dataclass(slots=True)
class _Segment:
    """A ruling line: `pos` across it, `start`-`end` along it (pixels)."""

    pos0: int
    pos1: int
    start: int
    end: int

    @property
    def pos(self) -> float:
        return (self.pos0 + self.pos1) / 2


def _runs(image: Image.Image, min_len: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of ink at least `min_len` long, row by row.

    `image` holds only ink (255) and paper (0). A column of paper after each row
    keeps a run from running on into the next row, so that the whole page is
    searched in one go by `bytes.find`, which skips along the paper in C.
    """
    width, height = image.size
    padded = Image.new("L", (width + 1, height), 0)
    padded.paste(image, (0, 0))
    data = padded.tobytes()
    stride = width + 1
    needle = b"\xff" * min_len
    out: list[tuple[int, int, int]] = []
    pos = data.find(needle)
    while pos >= 0:
        end = data.find(b"\x00", pos + min_len)
        row = pos // stride
        out.append((row, pos - row * stride, end - row * stride))
        pos = data.find(needle, end)
    return out


def _thickened(ink: Image.Image, dx: int, dy: int) -> Image.Image:
    """The ink grown by a pixel both ways along (dx, dy), as shifted copies laid over
    it: a line a little askew stays one run, and it is far faster than a rank filter."""
    return ImageChops.lighter(
        ink, ImageChops.lighter(ImageChops.offset(ink, dx, dy), ImageChops.offset(ink, -dx, -dy))
    )


def _segments(runs: list[tuple[int, int, int]], max_thickness: int) -> list[_Segment]:
    """Runs on neighbouring rows that overlap merge into one line segment."""
    open_segments: list[_Segment] = []
    done: list[_Segment] = []
    for y, start, end in runs:
        for seg in open_segments:
            overlap = min(end, seg.end) - max(start, seg.start)
            if y - seg.pos1 <= 2 and overlap > 0.5 * min(end - start, seg.end - seg.start):
                seg.pos1 = y
                seg.start, seg.end = min(seg.start, start), max(seg.end, end)
                break
        else:
            open_segments.append(_Segment(y, y, start, end))
        still_open: list[_Segment] = []
        for seg in open_segments:
            (still_open if y - seg.pos1 <= 2 else done).append(seg)
        open_segments = still_open
    done.extend(open_segments)
    return [s for s in done if s.pos1 - s.pos0 <= max_thickness]


def _crosses(h: _Segment, v: _Segment, tol: float) -> bool:
    return h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol


def _components(
    horizontals: list[_Segment], verticals: list[_Segment], tol: float
) -> list[tuple[list[_Segment], list[_Segment]]]:
    parent = list(range(len(horizontals) + len(verticals)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontals):
        for j, v in enumerate(verticals):
            if _crosses(h, v, tol):
                parent[find(i)] = find(len(horizontals) + j)
    groups: dict[int, tuple[list[_Segment], list[_Segment]]] = {}
    for i, h in enumerate(horizontals):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(verticals):
        groups.setdefault(find(len(horizontals) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _positions(segments: list[_Segment], tol: float) -> list[float]:
    out: list[float] = []
    for pos in sorted(s.pos for s in segments):
        if not out or pos - out[-1] > tol:
            out.append(pos)
    return out


def _covered(segments: list[_Segment], pos: float, lo: float, hi: float, tol: float) -> bool:
    """Whether a ruling line at `pos` runs along most of lo..hi."""
    need = 0.6 * (hi - lo)
    return any(
        abs(s.pos - pos) <= tol and min(s.end, hi) - max(s.start, lo) >= need for s in segments
    )


def _cells(
    horizontals: list[_Segment], verticals: list[_Segment], tol: float
) -> list[tuple[float, float, float, float]]:
    ys = _positions(horizontals, tol)
    xs = _positions(verticals, tol)
    bands, cols = len(ys) - 1, len(xs) - 1
    if bands < 1 or cols < 1 or bands * cols > _MAX_SLOTS:
        return []
    parent = {(i, j): (i, j) for i in range(bands) for j in range(cols)}

    def find(slot: tuple[int, int]) -> tuple[int, int]:
        while parent[slot] != slot:
            parent[slot] = parent[parent[slot]]
            slot = parent[slot]
        return slot

    for i in range(bands):
        for j in range(cols):
            if j + 1 < cols and not _covered(verticals, xs[j + 1], ys[i], ys[i + 1], tol):
                parent[find((i, j))] = find((i, j + 1))
            if i + 1 < bands and not _covered(horizontals, ys[i + 1], xs[j], xs[j + 1], tol):
                parent[find((i, j))] = find((i + 1, j))
    merged: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for slot in parent:
        merged.setdefault(find(slot), []).append(slot)
    boxes = []
    for slots in merged.values():
        i0, i1 = min(s[0] for s in slots), max(s[0] for s in slots)
        j0, j1 = min(s[1] for s in slots), max(s[1] for s in slots)
        boxes.append((xs[j0], ys[i0], xs[j1 + 1], ys[i1 + 1]))
    return boxes


@dataclass(slots=True)
class ScanTables:
    """The ruled tables of a page (cell boxes in PDF points) and their lines (pixels)."""

    tables: list[list[Bbox]]
    lines: list[tuple[int, int, int, int]]

    def erased(self, image: Image.Image) -> Image.Image:
        """The image with the ruling lines painted white.

        Grid lines confuse tesseract's page layout analysis (cells run together,
        borders are read as "|"); without them each cell is an ordinary text block.
        """
        if not self.lines:
            return image
        clean = image.convert("L")
        draw = ImageDraw.Draw(clean)
        for box in self.lines:
            draw.rectangle(box, fill=255)
        return clean


# Lines are looked for at this fraction of a page's resolution, from about 300 dpi up.
_REDUCE = 2
_REDUCE_FROM_DPI = 200.0


def find_tables(image: Image.Image, dpi: float) -> ScanTables:
    """The ruled tables drawn on a scanned page."""
    gray = image.convert("L")
    ink = gray.point(lambda p: 255 if p < _INK_THRESHOLD else 0)
    # Ruling lines are looked for at half the resolution: every inked pixel keeps its
    # 2×2 block inked (a maximum, not a mean, so that a one-pixel rule survives), and
    # a quarter of the pixels is a quarter of the work.
    factor = _REDUCE if dpi >= _REDUCE_FROM_DPI else 1
    if factor > 1:
        ink = ink.reduce(factor).point(lambda p: 255 if p else 0)
    dpi_seen = dpi / factor
    thickness = max(int(_MAX_LINE_THICKNESS_IN * dpi_seen), 4)
    # Grown across a line only, not along it: along it, the letters of a word would
    # run into a line's length.
    across_rows = _thickened(ink, 0, 1)
    horizontals = _segments(
        _runs(across_rows, max(int(_MIN_HORIZONTAL_IN * dpi_seen), 40)), thickness
    )
    transposed = _thickened(ink, 1, 0).transpose(Image.Transpose.TRANSPOSE)
    verticals = _segments(_runs(transposed, max(int(_MIN_VERTICAL_IN * dpi_seen), 30)), thickness)
    tol = max(0.03 * dpi_seen, 4.0)
    scale = 72.0 / dpi_seen
    found = ScanTables(tables=[], lines=[])
    for hs, vs in _components(horizontals, verticals, tol):
        boxes = _cells(hs, vs, tol)
        if len(boxes) < 2:
            continue
        found.tables.append(
            [(x0 * scale, y0 * scale, x1 * scale, y1 * scale) for x0, y0, x1, y1 in boxes]
        )
        # In the page's pixels, padded by the thickening and a little more for
        # anti-aliased edges.
        f = factor
        found.lines.extend(
            (h.start * f - 2, h.pos0 * f - 3, h.end * f + f + 1, h.pos1 * f + f + 2) for h in hs
        )
        found.lines.extend(
            (v.pos0 * f - 3, v.start * f - 2, v.pos1 * f + f + 2, v.end * f + f + 1) for v in vs
        )
    return found
