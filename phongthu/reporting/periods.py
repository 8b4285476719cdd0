"""Reporting periods as Nghị định 09/2019/NĐ-CP (Điều 12) sets their data cut-off.

A period's figures run from the 15th of the month before it to the 14th of its last month:
- monthly: 15th of the previous month → 14th of the month;
- quarterly: 15th of the month before the quarter → 14th of the quarter's last month;
- half-yearly: 15/12 of the previous year → 14/6, and 15/6 → 14/12;
- yearly: 15/12 of the previous year → 14/12.

Pure functions on dates; no Django.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum


class PeriodKind(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


# Months a period spans, counted back from its last month (inclusive).
_LENGTH = {
    PeriodKind.MONTHLY: 1,
    PeriodKind.QUARTERLY: 3,
    PeriodKind.HALF_YEARLY: 6,
    PeriodKind.YEARLY: 12,
}
CUTOFF_DAY = 14  # the period's figures end on the 14th; the next begins on the 15th


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: `index` is the month (1–12), quarter (1–4) or half (1–2)."""

    kind: PeriodKind
    year: int
    index: int

    @property
    def last_month(self) -> int:
        return self.index * _LENGTH[self.kind] if self.kind != PeriodKind.YEARLY else 12

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, self.last_month, CUTOFF_DAY)

    @property
    def start(self) -> datetime.date:
        months_back = _LENGTH[self.kind]
        month = self.last_month - months_back  # the month before the first month
        year = self.year
        if month < 1:
            month += 12
            year -= 1
        return datetime.date(year, month, CUTOFF_DAY + 1)

    @property
    def key(self) -> str:
        if self.kind == PeriodKind.MONTHLY:
            return f"{self.year}-M{self.index:02d}"
        if self.kind == PeriodKind.QUARTERLY:
            return f"{self.year}-Q{self.index}"
        if self.kind == PeriodKind.HALF_YEARLY:
            return f"{self.year}-H{self.index}"
        return f"{self.year}"

    @property
    def label(self) -> str:
        """How Vietnamese reports name the period: "Quý II/2024", "6 tháng đầu năm 2024"."""
        if self.kind == PeriodKind.MONTHLY:
            return f"Tháng {self.index:02d}/{self.year}"
        if self.kind == PeriodKind.QUARTERLY:
            return f"Quý {_ROMAN[self.index]}/{self.year}"
        if self.kind == PeriodKind.HALF_YEARLY:
            half = "đầu năm" if self.index == 1 else "cuối năm"
            return f"6 tháng {half} {self.year}"
        return f"Năm {self.year}"

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        count = 12 // _LENGTH[self.kind]
        if self.index < count:
            return Period(self.kind, self.year, self.index + 1)
        return Period(self.kind, self.year + 1, 1)

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.kind, self.year, self.index - 1)
        return Period(self.kind, self.year - 1, 12 // _LENGTH[self.kind])


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_containing(kind: PeriodKind | str, day: datetime.date) -> Period:
    """The period of `kind` whose figures include `day`."""
    kind = PeriodKind(kind)
    # From the 15th on, a day belongs to the period ending in the next month.
    year, month = day.year, day.month
    if day.day > CUTOFF_DAY:
        month += 1
        if month > 12:
            month, year = 1, year + 1
    if kind == PeriodKind.YEARLY:
        return Period(kind, year, 1)
    length = _LENGTH[kind]
    return Period(kind, year, (month - 1) // length + 1)


def periods_between(
    kind: PeriodKind | str, first: datetime.date, last: datetime.date
) -> list[Period]:
    """Every period of `kind` that overlaps [first, last], in order."""
    period = period_containing(kind, first)
    result = []
    while period.start <= last:
        result.append(period)
        period = period.next()
    return result


_KEY = re.compile(r"^(\d{4})(?:-(M)(\d{1,2})|-(Q)([1-4])|-(H)([12]))?$", re.IGNORECASE)


def parse_period(key: str) -> Period:
    """ "2024-Q2", "2024-M05", "2024-H1" or "2024" → the Period; ValueError otherwise."""
    match = _KEY.match(key.strip())
    if not match:
        raise ValueError(f"not a period key: {key!r}")
    year = int(match.group(1))
    if match.group(2):
        month = int(match.group(3))
        if not 1 <= month <= 12:
            raise ValueError(f"no month {month}")
        return Period(PeriodKind.MONTHLY, year, month)
    if match.group(4):
        return Period(PeriodKind.QUARTERLY, year, int(match.group(5)))
    if match.group(6):
        return Period(PeriodKind.HALF_YEARLY, year, int(match.group(7)))
    return Period(PeriodKind.YEARLY, year, 1)


def cadence_kind(cadence: list[str] | tuple[str, ...]) -> PeriodKind:
    """The period kind a plan reports on, from its directive's cadence.

    "periodic" alone (định kỳ) names no length; quarterly is what provincial
    departments use for civil-defense plans, so it is the default.
    """
    for kind in (
        PeriodKind.MONTHLY,
        PeriodKind.QUARTERLY,
        PeriodKind.HALF_YEARLY,
        PeriodKind.YEARLY,
    ):
        if kind.value in cadence:
            return kind
    return PeriodKind.QUARTERLY
