"""Reporting periods of Nghị định 09/2019: the 15th → the 14th."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phongthu.reporting.periods import (
    Period,
    PeriodKind,
    cadence_kind,
    parse_period,
    period_containing,
    periods_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("key", "start", "end", "label"),
    [
        ("2024-M05", D(2024, 4, 15), D(2024, 5, 14), "Tháng 05/2024"),
        ("2024-M01", D(2023, 12, 15), D(2024, 1, 14), "Tháng 01/2024"),
        ("2024-Q1", D(2023, 12, 15), D(2024, 3, 14), "Quý I/2024"),
        ("2024-Q2", D(2024, 3, 15), D(2024, 6, 14), "Quý II/2024"),
        ("2024-Q4", D(2024, 9, 15), D(2024, 12, 14), "Quý IV/2024"),
        ("2024-H1", D(2023, 12, 15), D(2024, 6, 14), "6 tháng đầu năm 2024"),
        ("2024-H2", D(2024, 6, 15), D(2024, 12, 14), "6 tháng cuối năm 2024"),
        ("2024", D(2023, 12, 15), D(2024, 12, 14), "Năm 2024"),
    ],
)
def test_period_bounds(key, start, end, label):
    period = parse_period(key)
    assert (period.start, period.end, period.label, period.key) == (start, end, label, key)


@pytest.mark.parametrize(
    ("kind", "day", "key"),
    [
        ("quarterly", D(2024, 3, 14), "2024-Q1"),
        ("quarterly", D(2024, 3, 15), "2024-Q2"),
        ("quarterly", D(2024, 12, 20), "2025-Q1"),
        ("monthly", D(2024, 12, 15), "2025-M01"),
        ("half_yearly", D(2024, 6, 15), "2024-H2"),
        ("yearly", D(2024, 12, 15), "2025"),
    ],
)
def test_period_containing(kind, day, key):
    assert period_containing(kind, day).key == key


def test_bad_keys_are_refused():
    for key in ["2024-Q5", "2024-M13", "Q2", "2024-X1", ""]:
        with pytest.raises(ValueError):
            parse_period(key)


def test_cadence():
    assert cadence_kind(["periodic", "ad_hoc"]) is PeriodKind.QUARTERLY
    assert cadence_kind(["monthly"]) is PeriodKind.MONTHLY


@given(st.sampled_from(list(PeriodKind)), st.dates(D(2000, 1, 1), D(2100, 12, 31)))
def test_every_day_is_in_exactly_its_period(kind, day):
    period = period_containing(kind, day)
    assert period.contains(day)
    assert not period.next().contains(day)
    assert not period.previous().contains(day)
    # periods tile the calendar: each starts the day after the previous ends
    assert period.next().start == period.end + datetime.timedelta(days=1)
    assert parse_period(period.key) == period


def test_periods_between_covers_a_year():
    quarters = periods_between("quarterly", D(2024, 1, 1), D(2024, 12, 31))
    assert [p.key for p in quarters] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1"]
    assert isinstance(quarters[0], Period)
