"""Reading the "Thời gian thực hiện" cell of a task table into a `Timeframe`.

The cell is free text: "Thường xuyên", "Quý II/2024", "Trước ngày 30/6/2024",
"Tháng 3 - tháng 6/2024", "Hằng năm", "Theo kế hoạch", and combinations of them.
Matching is done on folded text (lower case, no diacritics), so capitals, old/new tone
placement and stray spaces or line breaks do not matter.

Rules, in order of precedence (the first that applies decides `kind`):

1. "Thường xuyên" → ongoing. Ongoing work has no window of its own, so `start` stays
   null; a dated milestone printed beside it ("Thường xuyên; báo cáo trước 15/12")
   becomes `due`, because that date is the one thing a reminder can aim at.
2. A cadence ("Hằng năm", "Hàng quý", "Định kỳ 6 tháng", "… của tháng liền kề") →
   recurring with its recurrence. Only a fully printed date becomes `due` (the first
   occurrence); a date relative to each period ("năm liền kề") is left null.
3. A deadline word ("trước", "chậm nhất", "hạn", "không quá", "đến hết", …) right
   before a date or period → deadline: `due` is that date, or the period's last day;
   "trước" + a month/quarter/year means before it starts, so the day before. `start`
   stays null. A deadline counted from an event ("sau 03 tháng kể từ …") is a
   deadline with no date.
4. Dates, months, quarters, half-years, years and ranges of them → period from the
   first day of the earliest to the last day of the latest. A single day on its own
   is when the work must be done: a deadline; a single day with clock times ("từ
   20 giờ - 21 giờ ngày 5 tháng 3") is an event: a period of that one day.
5. Anything else → unspecified ("Theo chỉ đạo", "Khi có yêu cầu", "Theo kế hoạch";
   a text starting with "Theo …" cites another document and its dates are not ours).

A missing year is the document's (`year`); with no year anywhere the dates stay null
rather than guessed. Dates in citations ("Quyết định số 12/QĐ-UBND ngày 5/3/2024")
are ignored.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from phongthu.ingest.model import Timeframe
from phongthu.text import clean, search_key

Kind = Literal["ongoing", "deadline", "period", "recurring", "unspecified"]

_MIN_YEAR = 1900
_MAX_YEAR = 2200


def fold(text: str) -> str:
    """Lower case, no diacritics, one space between words: the form every rule matches."""
    return search_key(text.replace("**", " "))


def clean_text(text: str) -> str:
    """The cell as printed: NFC, markdown bold marks removed, single spaces."""
    return clean(text.replace("**", ""))


# --- pieces of time found in the text -----------------------------------------------------


@dataclass(slots=True)
class _Item:
    """One mention of time: a day, or a run of months / quarters / years, maybe without year.

    `first`/`last` are months for "day" (both the same), "month" and "year" (1..12), and
    quarter numbers for "quarter". `year` is the year of `last`; a run that wraps over
    New Year ("từ tháng 10 đến tháng 3/2025") starts in the year before.
    """

    unit: Literal["day", "month", "quarter", "year"]
    pos: int
    end_pos: int
    first: int
    last: int
    day: int = 0
    year: int | None = None
    year_printed: bool = False
    first_year: int | None = None  # "2024-2025": the range's own first year
    wraps: bool = False

    def bounds(self) -> tuple[date, date] | None:
        """First and last day, or None when the year is unknown or the date is invalid."""
        if self.year is None:
            return None
        end_year = self.year
        start_year = self.first_year if self.first_year is not None else end_year - self.wraps
        if not (_MIN_YEAR <= start_year <= end_year <= _MAX_YEAR):
            return None
        first, last = self.first, self.last
        if self.unit == "quarter":
            first, last = 3 * first - 2, 3 * last
        try:
            if self.unit == "day":
                d = date(end_year, first, self.day)
                return d, d
            return date(start_year, first, 1), _month_end(end_year, last)
        except ValueError:
            return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_Q = r"iv|i{1,3}|[1-4]"
_YEAR_TAIL = re.compile(r"\s*(?:/|-|–|,)?\s*(?:nam\s+)?(\d{4})\b")
_SEP = r"\s*(?:,|;|&|\+|-|–|va|den|toi|hoac)\s*"

_FULL_DATE = re.compile(
    r"(?:ngay\s*)?\b(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?!\d)"
)
_WORD_DATE = re.compile(
    r"(?:ngay\s*)?\b(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*(?:,\s*)?nam\s+(\d{4}))?(?!\d)"
)
_HALF = re.compile(
    r"\b(?:(\d{1,2}|sau|chin|ba)\s+thang|nua)\s+(dau|cuoi)\s+nam(?:\s*(?:/|-)?\s*(\d{4}))?"
)
_QUARTER = re.compile(r"\bqu[yi]\s+(?:thu\s+)?(" + _Q + r")(?!\w)")
_QUARTER_MORE = re.compile(_SEP + r"(?:qu[yi]\s+(?:thu\s+)?)?(" + _Q + r")(?!\w)")
_MONTH = re.compile(r"\bthang\s+(1[0-2]|0?[1-9])(?!\d)")
# A further month, unless it is the day of a "15/6"-style date.
_MONTH_MORE = re.compile(_SEP + r"(?:thang\s+)?(1[0-2]|0?[1-9])(?!\d)(?!\s*/\s*\d{1,2}(?!\d))")
_MONTH_YEAR = re.compile(r"\b(1[0-2]|0?[1-9])\s*/\s*(\d{4})(?!\d)")
_DAY_MONTH = re.compile(r"(?:ngay\s*)?\b(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_YEAR_RANGE = re.compile(
    r"\b((?:19|20|21)\d{2})\s*(?:-|–|den|toi)\s*(?:nam\s+)?((?:19|20|21)\d{2})\b"
)
_YEAR = re.compile(r"\b((?:19|20|21)\d{2})\b")

# A cited document's number (12/QĐ-UBND, 52/2015/NĐ-CP) with the date that follows it.
_REFERENCE = re.compile(
    r"\b\d+(?:/\d{2,4})?/[a-z][\w\-]*"
    r"(?:\s*ngay\s*\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}"
    r"|\s*ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4})?"
)
# Clock times ("20 giờ 15 phút", "8h30", "14g"): an event on one day.
_CLOCK = re.compile(r"\b\d{1,2}\s*(?:gio|h|g)\s*(?:\d{1,2}\s*(?:phut|p|')?)?(?![\w/])")

_ONGOING = re.compile(r"\bthuong\s*xuyen\b|\blien\s+tuc\b|\bhang\s+ngay\b")
_HALF_YEARLY = re.compile(
    r"\b(?:dinh\s+ky|hang|moi|tung)\s+(?:06|6|sau)\s+thang\b"
    r"|\b(?:06|6|sau)\s+thang\s*(?:/|mot)\s*lan\b|\bnua\s+nam\s+(?:mot\s+)?lan\b"
    r"|\bhang\s+nua\s+nam\b|\bsau\s+thang\s+mot\s+lan\b"
)
_CADENCE = re.compile(r"\b(?:hang|moi|tung)\s+(nam|quy|thang|tuan)\b|\bthuong\s+nien\b")
_RELATIVE_PERIOD = re.compile(r"\b(nam|quy|thang)\s+(?:lien\s+ke|tiep\s+theo|ke\s+tiep)\b")
_PERIODIC = re.compile(r"\bdinh\s+ky\b")
_DEADLINE = re.compile(
    r"\b(?:truoc|cham\s+nhat|muon\s+nhat|han\s+chot|han\s+cuoi|thoi\s+han|han|khong\s+qua"
    r"|khong\s+muon\s+hon|den\s+het|hoan\s+thanh|xong|den)\b"
)
_RELATIVE_DEADLINE = re.compile(
    r"\bke\s+tu\b|\btrong\s+vong\b|\bsau\s+(?:\d+|mot|hai|ba)\s+(?:ngay|tuan|thang|nam)\b"
    r"|\bsau\s+khi\b|\bchua\s+qua\b"
)
_UNSPECIFIED = re.compile(
    r"^(?:theo|can\s+cu|tuy\s+theo|tuy)\b|\bkhi\s+co\b|\btheo\s+(?:chi\s+dao|ke\s+hoach"
    r"|yeu\s+cau|huong\s+dan|quy\s+dinh|tien\s+do|lich)\b|\bdot\s+xuat\b|\bkhi\s+can\b"
    r"|\bchua\s+xac\s+dinh\b|\bkip\s+thoi\b|\bngay\s+sau\s+khi\b"
)
_UNDATED_DEADLINE = re.compile(r"\b(?:truoc|cham\s+nhat|muon\s+nhat|han\s+chot)\b")
_STARTS_WITH_CITATION = re.compile(r"^(?:theo|can\s+cu|tuy\s+theo)\b")
_DEADLINE_REACH = 24  # characters between a deadline word and its date ("chậm nhất là ngày")


@dataclass(slots=True)
class TimeframeReading:
    """A parsed timeframe plus whether the text was understood (for warnings)."""

    timeframe: Timeframe
    understood: bool


def parse_timeframe(text: str, *, year: int | None) -> Timeframe:
    """The timeframe a cell states; `year` is the document's, used where none is printed."""
    return read_timeframe(text, year=year).timeframe


def read_timeframe(text: str, *, year: int | None) -> TimeframeReading:
    """Like `parse_timeframe`, and says whether the text was understood at all."""
    printed = clean_text(text)
    folded = fold(printed)
    if not folded:
        return TimeframeReading(Timeframe(text=printed), understood=True)
    event = bool(_CLOCK.search(folded))
    scan = _CLOCK.sub(" ", _REFERENCE.sub(" ", folded))
    items = _find_items(scan)
    _fill_years(items, year)
    tf = _decide(printed, folded, scan, items, event=event)
    # A printed date that does not exist (31/2) is a typo the user should see.
    invalid = any(item.year is not None and item.bounds() is None for item in items)
    understood = not invalid and (tf.kind != "unspecified" or bool(_UNSPECIFIED.search(folded)))
    return TimeframeReading(tf, understood=understood)


def _decide(printed: str, folded: str, scan: str, items: list[_Item], *, event: bool) -> Timeframe:
    deadline = _deadline_item(scan, items)
    due_of_deadline = _deadline_due(scan, deadline) if deadline else None
    if _ONGOING.search(folded):
        return Timeframe(text=printed, kind="ongoing", due=_iso(due_of_deadline))
    recurrence = _recurrence(folded)
    if recurrence is not None:
        kind, every = recurrence
        due = due_of_deadline if deadline is not None and deadline.year_printed else None
        return Timeframe(text=printed, kind=kind, due=_iso(due), recurrence=every)
    cites_other = bool(_STARTS_WITH_CITATION.match(folded))
    if deadline is not None:
        return Timeframe(text=printed, kind="deadline", due=_iso(due_of_deadline))
    if cites_other:
        return Timeframe(text=printed, kind="unspecified")
    if items:
        return _period(printed, items, event=event)
    if _RELATIVE_DEADLINE.search(folded):
        return Timeframe(text=printed, kind="deadline")
    if _UNDATED_DEADLINE.search(folded):
        # "Trước ngày Luật có hiệu lực": a deadline whose date is not printed here.
        return Timeframe(text=printed, kind="deadline")
    return Timeframe(text=printed, kind="unspecified")


def _period(printed: str, items: list[_Item], *, event: bool) -> Timeframe:
    if len(items) == 1 and items[0].unit == "day" and not event:
        bounds = items[0].bounds()
        return Timeframe(text=printed, kind="deadline", due=_iso(bounds[1] if bounds else None))
    all_bounds = [item.bounds() for item in items]
    known = [b for b in all_bounds if b is not None]
    if len(known) != len(all_bounds) or not known:
        return Timeframe(text=printed, kind="period")
    start = min(b[0] for b in known)
    due = max(b[1] for b in known)
    return Timeframe(text=printed, kind="period", start=start.isoformat(), due=due.isoformat())


def _recurrence(folded: str) -> tuple[Kind, str | None] | None:
    if _HALF_YEARLY.search(folded):
        return "recurring", "half_yearly"
    words = {"nam": "yearly", "quy": "quarterly", "thang": "monthly", "tuan": None}
    m = _CADENCE.search(folded)
    if m:
        return "recurring", words[m.group(1)] if m.group(1) else "yearly"
    m = _RELATIVE_PERIOD.search(folded)
    if m:
        return "recurring", words[m.group(1)]
    if _PERIODIC.search(folded):
        return "recurring", None
    return None


def _deadline_item(scan: str, items: list[_Item]) -> _Item | None:
    """The item a deadline word points at: the first one shortly after such a word."""
    for m in _DEADLINE.finditer(scan):
        if m.group(0) == "den" and (
            re.search(r"\btu\b", scan[: m.start()]) or any(i.end_pos <= m.start() for i in items)
        ):
            continue  # "từ … đến …" is a range, not a deadline
        item = next((i for i in items if i.pos >= m.end()), None)
        if item is None or item.pos - m.end() > _DEADLINE_REACH:
            continue
        if not re.search(r"\btu\b", scan[m.end() : item.pos]):
            return item
    return None


def _deadline_due(scan: str, item: _Item) -> date | None:
    bounds = item.bounds()
    if bounds is None:
        return None
    if item.unit == "day":
        return bounds[1]
    before = scan[: item.pos].rstrip()
    exclusive = bool(re.search(r"\btruoc(?:\s+(?:khi|thoi\s+diem))?$", before))
    return bounds[0] - timedelta(days=1) if exclusive else bounds[1]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- finding the items ----------------------------------------------------------------------


def _find_items(scan: str) -> list[_Item]:
    taken = [False] * len(scan)
    items: list[_Item] = []

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    def take(start: int, end: int) -> None:
        for i in range(start, end):
            taken[i] = True

    for m in _FULL_DATE.finditer(scan):
        if free(m.start(), m.end()):
            short = int(m.group(4))
            items.append(_day(m, int(m.group(3)), int(m.group(1)), short + 2000 * (short < 100)))
            take(m.start(), m.end())
    for m in _WORD_DATE.finditer(scan):
        if free(m.start(), m.end()):
            printed = int(m.group(3)) if m.group(3) else None
            items.append(_day(m, int(m.group(2)), int(m.group(1)), printed))
            take(m.start(), m.end())
    for m in _HALF.finditer(scan):
        if free(m.start(), m.end()):
            items.append(_half(m))
            take(m.start(), m.end())
    for m in _QUARTER.finditer(scan):
        if free(m.start(), m.end()):
            items.append(_listed(scan, m, "quarter", _QUARTER_MORE, taken))
    for m in _MONTH.finditer(scan):
        if free(m.start(), m.end()):
            items.append(_listed(scan, m, "month", _MONTH_MORE, taken))
    for m in _MONTH_YEAR.finditer(scan):
        if free(m.start(), m.end()):
            month, y = int(m.group(1)), int(m.group(2))
            items.append(_Item("month", m.start(), m.end(), month, month, 0, y, year_printed=True))
            take(m.start(), m.end())
    for m in _DAY_MONTH.finditer(scan):
        if free(m.start(), m.end()):
            items.append(_day(m, int(m.group(2)), int(m.group(1)), None))
            take(m.start(), m.end())
    for m in _YEAR_RANGE.finditer(scan):
        if free(m.start(), m.end()):
            first, second = sorted((int(m.group(1)), int(m.group(2))))
            items.append(
                _Item(
                    "year",
                    m.start(),
                    m.end(),
                    1,
                    12,
                    0,
                    second,
                    year_printed=True,
                    first_year=first,
                )
            )
            take(m.start(), m.end())
    for m in _YEAR.finditer(scan):
        if free(m.start(), m.end()):
            y = int(m.group(1))
            items.append(_Item("year", m.start(), m.end(), 1, 12, 0, y, year_printed=True))
            take(m.start(), m.end())
    items.sort(key=lambda item: item.pos)
    return items


def _day(m: re.Match[str], month: int, day: int, year: int | None) -> _Item:
    return _Item("day", m.start(), m.end(), month, month, day, year, year_printed=year is not None)


def _half(m: re.Match[str]) -> _Item:
    words = {"sau": 6, "chin": 9, "ba": 3}
    raw = m.group(1)
    count = 6 if raw is None else words.get(raw) or int(raw)
    count = min(max(count, 1), 12)
    first, last = (1, count) if m.group(2) == "dau" else (13 - count, 12)
    y = int(m.group(3)) if m.group(3) else None
    return _Item("month", m.start(), m.end(), first, last, 0, y, year_printed=y is not None)


def _number(token: str) -> int:
    return _ROMAN[token] if token in _ROMAN else int(token)


def _listed(
    scan: str,
    m: re.Match[str],
    unit: Literal["month", "quarter"],
    more: re.Pattern[str],
    taken: list[bool],
) -> _Item:
    """A month or quarter with the ones listed after it ("quý I, II", "tháng 3 - tháng 6")."""
    values = [_number(m.group(1))]
    end = m.end()
    while True:
        nxt = more.match(scan, end)
        if nxt is None or any(taken[nxt.start() : nxt.end()]):
            break
        values.append(_number(nxt.group(1)))
        end = nxt.end()
    y: int | None = None
    tail = _YEAR_TAIL.match(scan, end)
    if tail and not any(taken[tail.start() : tail.end()]):
        y = int(tail.group(1))
        end = tail.end()
    for i in range(m.start(), end):
        taken[i] = True
    # A two-member run that goes down ("tháng 10 đến tháng 3") crosses New Year; a
    # longer list is covered from its smallest to its largest member.
    wraps = len(values) == 2 and values[1] < values[0]
    first, last = (values[0], values[-1]) if wraps else (min(values), max(values))
    return _Item(unit, m.start(), end, first, last, 0, y, year_printed=y is not None, wraps=wraps)


def _fill_years(items: list[_Item], year: int | None) -> None:
    """Give each item without a printed year the next printed one, else the document's.

    "Tháng 3 - tháng 6/2024" prints the year once, at the end; so the year is looked
    for to the right first. A range that would run backwards ("từ tháng 10 đến tháng
    3/2025") starts in the year before.
    """
    for i, item in enumerate(items):
        if item.year is not None:
            continue
        later = next((o for o in items[i + 1 :] if o.year_printed), None)
        if later is not None:
            item.year = later.year
            first = item.bounds()
            last = later.bounds()
            if first and last and first[0] > last[1] and item.year is not None:
                item.year -= 1
            continue
        earlier = next((o for o in reversed(items[:i]) if o.year_printed), None)
        item.year = earlier.year if earlier is not None else year
