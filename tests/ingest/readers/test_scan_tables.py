"""Finding ruled tables in scanned images from their drawn lines."""

from __future__ import annotations

from PIL import Image, ImageDraw

from phongthu.ingest.readers.scan_tables import find_tables

DPI = 300


def _grid(draw: ImageDraw.ImageDraw, xs: list[int], ys: list[int]) -> None:
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill=0, width=3)
    for x in xs:
        draw.line((x, ys[0], x, ys[-1]), fill=0, width=3)


def test_grid_with_merged_cells_is_found():
    image = Image.new("L", (2400, 1600), 255)
    draw = ImageDraw.Draw(image)
    xs, ys = [200, 600, 1200, 1800], [300, 500, 700, 900]
    # header row: the last two columns are one merged cell (no border at x=1200)
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill=0, width=3)
    for x in xs:
        top = ys[1] if x == 1200 else ys[0]
        draw.line((x, top, x, ys[-1]), fill=0, width=3)
    # some text-like strokes that must not become lines
    for k in range(10):
        draw.rectangle((260 + 30 * k, 380, 275 + 30 * k, 420), fill=0)
    found = find_tables(image, DPI)
    assert len(found.tables) == 1
    cells = found.tables[0]
    assert len(cells) == 2 + 3 * 2  # header: 2 cells; two body rows of 3
    to_px = DPI / 72
    widest = max(cells, key=lambda c: c[2] - c[0])
    assert round(widest[0] * to_px) in range(595, 606)
    assert round(widest[2] * to_px) in range(1795, 1806)
    assert found.lines  # the lines to paint out before recognition


def test_lone_rules_and_text_are_not_tables():
    image = Image.new("L", (2400, 1600), 255)
    draw = ImageDraw.Draw(image)
    draw.line((900, 200, 1500, 200), fill=0, width=3)  # the rule under the motto
    draw.rectangle((200, 400, 2000, 430), fill=0)  # a thick bar, not a line
    for k in range(40):
        draw.rectangle((200 + 45 * k, 600, 230 + 45 * k, 660), fill=0)
    assert find_tables(image, DPI).tables == []


def test_two_separate_tables():
    image = Image.new("L", (2400, 3000), 255)
    draw = ImageDraw.Draw(image)
    _grid(draw, [200, 800, 1400], [200, 400, 600])
    _grid(draw, [300, 900, 1500, 2100], [1500, 1700, 1900, 2100])
    found = find_tables(image, DPI)
    assert sorted(len(t) for t in found.tables) == [4, 9]
