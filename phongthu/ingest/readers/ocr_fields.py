"""Numbers written in by hand: the number of "Số: …/…", the day and month of the date.

A clerk writes the number and the day in by hand on signing, and tesseract, reading
the page as Vietnamese print, turns them into letters ("23§ÿÿ", "A0"). These fields
hold digits by definition, so each is read again from its own place on the page:
between "Số:" and the "/" of the symbol, between "ngày" and "tháng", between
"tháng" and "năm". The ink there is cut out, straightened (handwriting leans) and read
with digits only, at several sizes and thresholds. A reading is taken only when
nearly all of them agree, with confidence, on a value in range (a day from 1 to 31,
a month from 1 to 12). Otherwise the field is left as tesseract gave it, marked
uncertain (confidence below `positioned.LOW_CONFIDENCE`), so that the parser
leaves it null with a warning: a number is never guessed.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace

from PIL import Image

from phongthu.ingest.readers import vntext
from phongthu.ingest.readers.positioned import LOW_CONFIDENCE, Word
from phongthu.ingest.readers.scan_image import binarised, deslant, fit_height, ink_box, region
from phongthu.ingest.readers.tesseract import recognise_chars

# A value read by the page pass with at least this confidence is trusted as it is.
TRUSTED = 90.0
# Of the readings of one field, this share must agree, at this mean confidence.
_AGREEMENT = 0.75
_AGREED_CONFIDENCE = 75.0
_HEIGHTS = (32, 40, 48)
# The digits model: tesseract's English model reads handwritten digits far better
# than the Vietnamese one, whose language model pulls them towards letters.
_DIGITS_LANGUAGE = "eng"
_DIGITS = "0123456789"
PSM_LINE = "7"
# The mark left where ink stands but nothing could be read (the parser reads it as
# an unreadable value, never as a blank one).
UNREADABLE = "?"


@dataclass(frozen=True, slots=True)
class _Field:
    line: int
    first: int  # index of the first word of the value in the line (== last when none)
    last: int  # index past its last word
    left: float  # the room the value takes: from the end of the word before it
    right: float  # to the start of the word after it
    kind: str  # "number", "day", "month"
    tail: str = ""  # text glued after it in its last word ("/C04-P6")


# "Số:" as printed, and as OCR reads its marks ("Sô:", "Só:", "Sñ:": the circumflex
# and acute run into one tilde), but not "Sở".
_SO = re.compile(r"^S[ốôóòõoñ]\s*:?$")
# What follows the number: the symbol, in capitals or figures ("/KH-UBND", "/2024/NĐ-CP").
_SYMBOL = re.compile(r"^/[\dA-ZĐ]")
_LEADING_NUMBER = re.compile(r"^(?P<value>[^/\s]{1,8})(?P<tail>/\S+)$")


def _key(text: str) -> str:
    return vntext.search_key(text).strip(".,;:")


def find_fields(lines: list[list[Word]]) -> list[_Field]:
    """Where the number of "Số:" and the day and month of the date of issue stand."""
    found: list[_Field] = []
    for index, line in enumerate(lines):
        words = sorted(line, key=lambda w: w.x0)
        keys = [_key(w.text) for w in words]
        found.extend(_number_fields(index, words))
        for at, key in enumerate(keys):
            # The date of issue follows its place ("Hà Nội, ngày …"); a date cited in
            # the text ("ngày 10 tháng 4 năm 2026 của …") is printed, not written in.
            if key != "ngay" or at == 0 or not words[at - 1].text.endswith(","):
                continue
            month_at = next(
                (k for k in range(at + 1, min(at + 4, len(keys))) if keys[k] == "thang"), None
            )
            if month_at is None:
                continue
            year_at = next(
                (k for k in range(month_at + 1, min(month_at + 4, len(keys))) if keys[k] == "nam"),
                None,
            )
            if year_at is None or year_at + 1 >= len(words):
                continue
            if not re.match(r"^(19|20)\d\d\b", words[year_at + 1].text):
                continue
            found.append(_Field(index, at + 1, month_at, words[at].x1, words[month_at].x0, "day"))
            found.append(
                _Field(index, month_at + 1, year_at, words[month_at].x1, words[year_at].x0, "month")
            )
    return found


def _number_fields(index: int, words: list[Word]) -> list[_Field]:
    for at, word in enumerate(words[:-1]):
        # The header's "Số:" opens with a capital; "số 221/TTr-BTC" in a sentence cites.
        if not _SO.match(word.text):
            continue
        # The value runs to the word holding the symbol's "/".
        for end in range(at + 1, min(at + 4, len(words))):
            text = words[end].text
            if _SYMBOL.match(text):
                return [_Field(index, at + 1, end, word.x1, words[end].x0, "number")]
            merged = _LEADING_NUMBER.match(text)
            if merged and _SYMBOL.match(merged.group("tail")):
                # "23§ÿÿ/C04-P6": the value's room ends just past the slash, about.
                share = len(merged.group("value")) / len(text)
                slash = words[end].x0 + share * (words[end].x1 - words[end].x0)
                slash = min(slash + 0.6 * words[end].size, words[end].x1)
                return [
                    _Field(
                        index, at + 1, end + 1, word.x1, slash, "number",
                        tail=merged.group("tail"),
                    )
                ]  # fmt: skip
            if "/" in text:
                return []
        return []
    return []


def _in_range(kind: str, value: str) -> bool:
    if not value.isdigit():
        return False
    number = int(value)
    if kind == "day":
        return len(value) <= 2 and 1 <= number <= 31
    if kind == "month":
        return len(value) <= 2 and 1 <= number <= 12
    return 1 <= len(value) <= 7 and number > 0


def _value(words: list[Word], field: _Field) -> tuple[str, float | None]:
    """The value as the page pass read it, and its lowest confidence."""
    texts = [w.text for w in words[field.first : field.last]]
    if field.tail and texts:
        texts[-1] = texts[-1][: -len(field.tail)]
    value = "".join(texts).strip(".,;:")
    confs = [w.conf for w in words[field.first : field.last] if w.conf is not None]
    return value, (min(confs) if confs else None)


def _tesseract_digits(images: list[Image.Image], whitelist: str) -> list[tuple[str, float]]:
    """Each image read with only `whitelist`: its text, and its weakest character's
    confidence."""
    readings = recognise_chars(
        images, dpi=300, psm=PSM_LINE, language=_DIGITS_LANGUAGE, whitelist=whitelist
    )
    out: list[tuple[str, float]] = []
    for chars in readings:
        # A slash ends the value: what follows is the symbol (or the edge of it).
        if "/" in [c for c, _conf in chars]:
            chars = chars[: [c for c, _conf in chars].index("/")]
        text = "".join(c for c, _conf in chars)
        out.append((text, min((conf for _c, conf in chars), default=0.0)))
    return out


def _variants(ink: Image.Image) -> list[Image.Image]:
    upright = deslant(ink)
    out: list[Image.Image] = []
    for height in _HEIGHTS:
        scaled = fit_height(upright, height)
        out.extend((scaled, binarised(scaled)))
    return out


def agreed(readings: list[tuple[str, float]], kind: str) -> tuple[str, float] | None:
    """The value nearly all readings agree on, with confidence, in range; else None."""
    if not readings:
        return None
    counts = Counter(text for text, _conf in readings if text)
    if not counts:
        return None
    value, count = counts.most_common(1)[0]
    if count < _AGREEMENT * len(readings) or not _in_range(kind, value):
        return None
    confidence = statistics.fmean(conf for text, conf in readings if text == value)
    if confidence < _AGREED_CONFIDENCE:
        return None
    return value, confidence


def read_fields(
    gray: Image.Image,
    lines: list[list[Word]],
    *,
    dpi: float,
) -> list[list[Word]]:
    """The page's lines with their handwritten number, day and month read as digits."""
    out = [sorted(line, key=lambda w: w.x0) for line in lines]
    fields = find_fields(out)
    todo: list[tuple[_Field, Image.Image, tuple[float, float, float, float]]] = []
    for field in fields:
        words = out[field.line]
        value, conf = _value(words, field)
        if _in_range(field.kind, value) and conf is not None and conf >= TRUSTED:
            continue  # printed, or written clearly
        ink = _ink(gray, out, field, dpi=dpi)
        if ink is None:
            continue  # nothing written there: a draft's blank, left to the parser
        todo.append((field, ink[0], ink[1]))
    if not todo:
        return out
    variants = [_variants(ink) for _field, ink, _box in todo]
    readings: list[list[tuple[str, float]]] = [[] for _ in todo]
    # A number glued to its symbol ("11/KH-UBND") is cut with the slash after it:
    # that slash is read too, and the figures before it are the value.
    for glued in (False, True):
        which = [k for k, (field, _ink, _box) in enumerate(todo) if bool(field.tail) == glued]
        if not which:
            continue
        images = [image for k in which for image in variants[k]]
        read = _tesseract_digits(images, _DIGITS + ("/" if glued else ""))
        for n, k in enumerate(which):
            chunk = read[n * len(variants[k]) : (n + 1) * len(variants[k])]
            readings[k] = chunk
    # Later fields of a line first, so that earlier word indexes stay valid.
    order = sorted(range(len(todo)), key=lambda k: (todo[k][0].line, -todo[k][0].first))
    for k in order:
        field, _ink_image, box = todo[k]
        found = agreed(readings[k], field.kind)
        out[field.line] = _settle(out[field.line], field, found, box)
    return out


def _ink(
    gray: Image.Image, lines: list[list[Word]], field: _Field, *, dpi: float
) -> tuple[Image.Image, tuple[float, float, float, float]] | None:
    """The written value cut out of the page, and its box in points; None when blank."""
    words = lines[field.line]
    heights = [w.bottom - w.top for w in words if any(c.isalpha() for c in w.text)]
    height = statistics.median(heights) if heights else 12.0
    # Handwriting rises above the printed line and sinks below it.
    top, bottom = band(lines, field.line, field.left, field.right, above=0.5, below=0.4)
    box = (field.left + 0.5, top, field.right - 0.5, bottom)
    if box[2] - box[0] < 2.0:
        return None
    room, _origin = region(gray, box, dpi=dpi)
    inked = ink_box(room)
    # Dots or a rule left for the clerk to fill in are flat; a figure stands tall.
    if inked is None or (inked[3] - inked[1]) * 72.0 / dpi < 0.45 * height:
        return None
    scale = 72.0 / dpi
    ink_pt = (
        box[0] + inked[0] * scale,
        box[1] + inked[1] * scale,
        box[0] + inked[2] * scale,
        box[1] + inked[3] * scale,
    )
    return room.crop(inked), ink_pt


def band(
    lines: list[list[Word]], index: int, left: float, right: float, *, above: float, below: float
) -> tuple[float, float]:
    """How far up and down a cut from line `index` between `left` and `right` may run:
    `above` and `below` line heights past its words, never into the words of the lines
    above and below (their accents and feet make a reading stumble)."""
    words = lines[index]
    heights = [w.bottom - w.top for w in words if any(c.isalpha() for c in w.text)]
    height = statistics.median(heights) if heights else 12.0
    top = min(w.top for w in words) - above * height
    bottom = max(w.bottom for w in words) + below * height
    middle = (min(w.top for w in words) + max(w.bottom for w in words)) / 2
    for other, line in enumerate(lines):
        for word in line:
            if other == index or word.x1 < left or word.x0 > right:
                continue
            if word.bottom <= middle:
                top = max(top, word.bottom + 0.5)
            elif word.top >= middle:
                bottom = min(bottom, word.top - 0.5)
    return top, bottom


def _settle(
    words: list[Word],
    field: _Field,
    found: tuple[str, float] | None,
    box: tuple[float, float, float, float],
) -> list[Word]:
    """The line with the field's words replaced by what was read, or marked uncertain."""
    before, value_words, after = (
        words[: field.first],
        words[field.first : field.last],
        words[field.last :],
    )
    size = statistics.median(w.size for w in words)
    if found is not None:
        value, conf = found
        made = [
            Word(text=value, x0=box[0], x1=box[2], top=box[1], bottom=box[3], size=size, conf=conf)
        ]
        if field.tail:
            last = value_words[-1]
            made.append(replace(last, text=field.tail, x0=max(box[2], last.x0)))
        return before + made + after
    if not value_words:
        # Ink stands where tesseract read nothing: the field is there but illegible.
        mark = Word(
            text=UNREADABLE, x0=box[0], x1=box[2], top=box[1], bottom=box[3], size=size, conf=0.0
        )
        return [*before, mark, *after]
    doubtful = [
        replace(w, conf=min(w.conf if w.conf is not None else 0.0, LOW_CONFIDENCE - 1.0))
        for w in value_words
    ]
    return before + doubtful + after
