"""Vietnamese dates as documents print them.

"ngày 29 tháng 02 năm 2024", "29/02/2024", "29-02-2024", "29.02.2024", and the drafts
whose day or month is left blank for the clerk to fill in on signing:
"ngày    tháng 3 năm 2024", "ngày     /4/2026". A blank part is None, never guessed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass

from phongthu.ingest.model import DocDate

# The words may come with either tone placement or none (OCR): match them loosely.
_NGAY = r"ng[àa]y"
_THANG = r"th[áa]ng"
_NAM = r"n[ăa]m"
_YEAR = r"(?P<y>(?:19|20)\d{2})(?!\d)"

# "ngày 29 tháng 02 năm 2024", with blank day and/or month.
# A day or month that recognition could not read (handwriting under OCR: "ngày A0") is a
# short run of other characters in its place: unreadable, not blank.
_UNREAD = r"(?:(?P<{}>[^\s\d.…_][^\s]{{0,2}}|\d{{3,}})\s*)?"
_WORDED = re.compile(
    rf"{_NGAY}\s*(?:(?P<d>\d{{1,2}})\s*)?{_UNREAD.format('dx')}[\s.…_]*"
    rf"{_THANG}\s*(?:(?P<m>\d{{1,2}})\s*)?{_UNREAD.format('mx')}[\s.…_]*{_NAM}\s*{_YEAR}",
    re.IGNORECASE,
)
# "29/02/2024", "29-02-2024", "29.02.2024"; in drafts "   /4/2026" after "ngày".
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*" + _YEAR
)
_BLANK_DAY = re.compile(
    rf"{_NGAY}[\s.…_]*(?P<d>)/\s*(?P<m>\d{{1,2}})?\s*/\s*{_YEAR}", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    date: DocDate
    valid: bool  # false when the printed day or month cannot exist (31/02)
    unreadable: bool = False  # a day or month stands there but could not be read


def _build(day: str | None, month: str | None, year: str) -> tuple[DocDate, bool]:
    y = int(year)
    m = int(month) if month else None
    d = int(day) if day else None
    valid = True
    if m is not None and not 1 <= m <= 12:
        m, d, valid = None, None, False
    if d is not None:
        limit = calendar.monthrange(y, m)[1] if m else 31
        if not 1 <= d <= limit:
            d, valid = None, False
    return DocDate(year=y, month=m, day=d), valid


def find_dates(text: str) -> Iterator[DateMatch]:
    """Every date in `text`, left to right, without overlaps."""
    found: list[DateMatch] = []
    for pattern in (_WORDED, _BLANK_DAY, _NUMERIC):
        for m in pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            date, valid = _build(m.group("d") or None, m.group("m") or None, m.group("y"))
            groups = m.groupdict()
            unreadable = bool(groups.get("dx") or groups.get("mx"))
            found.append(DateMatch(m.start(), m.end(), date, valid, unreadable))
    yield from sorted(found, key=lambda f: f.start)


def parse_date(text: str) -> DocDate | None:
    """The first date in `text`, or None."""
    for match in find_dates(text):
        return match.date
    return None


# A date that opens the text, for citations: "ngày 29/02/2024 của ...", ", ngày 29 tháng 02
# năm 2024", "(ban hành ngày ...)".
_LEAD = r"^\s*,?\s*\(?\s*(?:ban\s+hành\s+)?"
_LEADING = (
    re.compile(_LEAD + _WORDED.pattern, re.IGNORECASE),
    re.compile(_LEAD + _BLANK_DAY.pattern, re.IGNORECASE),
    re.compile(_LEAD + _NGAY + r"\s*" + _NUMERIC.pattern, re.IGNORECASE),
)


def leading_date(text: str) -> tuple[DocDate, int] | None:
    """A date introduced by 'ngày' at the very start of `text`, and where it ends."""
    for pattern in _LEADING:
        m = pattern.match(text)
        if m:
            date, _valid = _build(m.group("d") or None, m.group("m") or None, m.group("y"))
            return date, m.end()
    return None
