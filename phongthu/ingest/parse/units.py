"""Splitting a "Chủ trì" / "Phối hợp" cell into the units it names, one entry each.

A cell lists units separated by semicolons, by line breaks (one paragraph each in
Word) or as "-" bullets. Commas do not separate: they belong inside names such as
"Các phòng, đơn vị thuộc Sở" or "Sở Văn hóa, Thể thao và Du lịch", which must stay
whole. A line break is not always a separator either: a PDF or a narrow column wraps
a long name ("… thuộc" / "Sở"), and some cells set the holder's title on its own line
("Lãnh đạo" / "Sở Y tế"). Those lines are joined back.
"""

from __future__ import annotations

import re

from phongthu.ingest.parse.timeframe import clean_text, fold

_BULLET = re.compile(r"^\s*[-–—+•*·▪●]\s*")
_INLINE_BULLET = re.compile(r"\s[-–—+•▪●]\s")
# A line ending in one of these words is cut in the middle of a name.
# ("Sở", "Phòng" or "Ban" end many whole names, so they are not among them.)
_OPEN_END = re.compile(r"(?:,|&|-|\b(?:va|cua|thuoc|cac|voi|cung|tai|ve|do|uy\s+ban|nhan\s+dan))$")
# Titles printed on their own line above the body they belong to.
_TITLE_ONLY = re.compile(
    r"^(?:lanh\s+dao|dai\s+dien(?:\s+lanh\s+dao)?|thu\s+truong|nguoi\s+dung\s+dau"
    r"|can\s+bo|cong\s+chuc|chuyen\s+vien|giam\s+doc|pho\s+giam\s+doc|truong|pho)$"
)
_TRIM = " \t.;,:"


def split_units(text: str) -> list[str]:
    """The units a cell names, as printed, in order; [] for an empty cell."""
    lines = [clean_text(line) for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) == 1 and _BULLET.match(lines[0]) and _INLINE_BULLET.search(lines[0]):
        # A bulleted list whose line breaks were lost (plain-text exports).
        lines = [part for part in _INLINE_BULLET.split(lines[0]) if part.strip()]
    logical: list[str] = []
    for line in lines:
        bulleted = bool(_BULLET.match(line))
        if logical and not bulleted and _wraps(logical[-1], line):
            logical[-1] = f"{logical[-1]} {line}"
        else:
            logical.append(_BULLET.sub("", line))
    units: list[str] = []
    for entry in logical:
        for part in entry.split(";"):
            unit = _BULLET.sub("", part).strip(_TRIM)
            if unit:
                units.extend(_comma_list(unit))
    return units


# Words a unit's name begins with; a comma followed by one of them, capitalised, starts
# another unit ("Sở Tư pháp, Văn phòng UBND tỉnh, Công an tỉnh").
_UNIT_HEAD = re.compile(
    r"^(?:so|phong|van\s+phong|thanh\s+tra|ban|trung\s+tam|ubnd|uy\s+ban|cong\s+an|chi\s+cuc"
    r"|cuc|bo|vien|truong|hoi|doan|bo\s+chi\s+huy|ban\s+chi\s+huy|bchq?s|tinh\s+uy|hdnd"
    r"|cong\s+ty|kho\s+bac|ngan\s+hang|bao|dai|benh\s+vien|mat\s+tran|lien\s+doan|to)\b"
)


def _comma_list(entry: str) -> list[str]:
    """Split "Sở A, Sở B" into its units, but never "Các phòng, đơn vị thuộc Sở".

    Only when every piece starts with a capitalised unit word: a lower-case piece
    ("đơn vị", "phường") or one without such a word ("Thể thao và Du lịch") is part of
    a single name.
    """
    pieces = [p.strip() for p in entry.split(",")]
    if len(pieces) < 2 or not all(p[:1].isupper() and _UNIT_HEAD.match(fold(p)) for p in pieces):
        return [entry]
    return pieces


def _wraps(previous: str, line: str) -> bool:
    """Whether `line` continues the name begun on the line before it."""
    if previous.rstrip().endswith(";"):
        return False
    first = line.lstrip()[:1]
    if first.islower():
        return True
    prev_key = fold(previous).rstrip(" .:")
    if _OPEN_END.search(prev_key) or _TITLE_ONLY.match(prev_key):
        return True
    # A single word on a line ("Sở", "tỉnh") is never a unit of its own.
    return len(line.split()) == 1 and not line.isupper()
