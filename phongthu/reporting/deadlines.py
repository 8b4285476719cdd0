"""A plan's report deadline, as its directive words it.

Plans say when their periodic reports are due in a few set ways; each becomes a number
of days after the period's cut-off (the 14th, Nghị định 09/2019):

- "trước ngày 20 của tháng cuối quý" / "chậm nhất ngày 18 hằng tháng"   → 20 − 14 = 6 days
- "chậm nhất 05 ngày sau khi kết thúc kỳ báo cáo"                       → 5 days
- "trước ngày 20/6 và 20/12 hằng năm"                                   → 6 days

A day on or before the 14th would fall inside the period itself; such wording (and
anything else) is not read as a deadline, and the Office sets one. Pure functions on
text; no Django.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from phongthu.reporting.periods import CUTOFF_DAY
from phongthu.text import clean, search_key

MAX_DAYS = 45  # anything later is not a report deadline but a misreading

_DAY_OF_LAST_MONTH = re.compile(
    r"\b(?:truoc|cham nhat(?: la)?|han chot(?: la)?|khong muon hon)\s+(?:ngay\s+)?(\d{1,2})"
    r"(?:\s+(?:cua|trong))?\s+(?:thang cuoi|hang thang|thang cuoi cua)"
)
_DAYS_AFTER = re.compile(
    r"\b(?:cham nhat|trong vong|trong thoi han|truoc|sau)\s+(\d{1,2})\s+ngay\s+"
    r"(?:lam viec\s+)?(?:sau|ke tu|tinh tu)\s+(?:khi\s+|ngay\s+)?(?:ket thuc|chot)"
)
_DAY_MONTH = re.compile(r"\b(?:truoc|cham nhat(?: la)?)\s+(?:ngay\s+)?(\d{1,2})/(\d{1,2})\b")
_REPORT = re.compile(r"\bbao cao\b")


@dataclass(frozen=True)
class DeadlineRule:
    days: int  # after the period's cut-off
    text: str  # the sentence it was read from


def _days_after_cutoff(day: int, month: int) -> int | None:
    """Days from the nearest cut-off before day/month to it (a year without 29/2)."""
    try:
        date = datetime.date(2001, month, day)
    except ValueError:
        return None
    cutoff = date.replace(day=CUTOFF_DAY)
    if day <= CUTOFF_DAY:
        previous = (date.replace(day=1) - datetime.timedelta(days=1)).replace(day=CUTOFF_DAY)
        cutoff = previous
    return (date - cutoff).days


def _accept(days: int | None) -> int | None:
    return days if days is not None and 0 < days <= MAX_DAYS else None


def read_deadline(sentence: str) -> int | None:
    """Days after the cut-off that one sentence sets for reports, or None."""
    key = search_key(sentence)
    if not _REPORT.search(key):
        return None
    match = _DAY_OF_LAST_MONTH.search(key)
    if match:
        day = int(match.group(1))
        return _accept(day - CUTOFF_DAY) if 1 <= day <= 31 else None
    match = _DAYS_AFTER.search(key)
    if match:
        return _accept(int(match.group(1)))
    match = _DAY_MONTH.search(key)
    if match:
        return _accept(_days_after_cutoff(int(match.group(1)), int(match.group(2))))
    return None


def deadline_from_directives(texts: Iterable[str]) -> DeadlineRule | None:
    """The first report deadline the plan's directives set, with the sentence saying it."""
    for text in texts:
        days = read_deadline(text)
        if days is not None:
            return DeadlineRule(days, clean(text))
    return None
