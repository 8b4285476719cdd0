"""Vietnamese dates: worded, numeric, and the blanks a draft leaves for the clerk."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.ingest.model import DocDate
from phongthu.ingest.parse.dates import find_dates, leading_date, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hà Giang, ngày 05 tháng 3 năm 2025", DocDate(2025, 3, 5)),
        ("ngày 29 tháng 02 năm 2024", DocDate(2024, 2, 29)),
        ("ban hành ngày 7/11/2023", DocDate(2023, 11, 7)),
        ("hạn chót 30-09-2026", DocDate(2026, 9, 30)),
        ("ký ngày 01.4.2025", DocDate(2025, 4, 1)),
        ("Ngay 12 thang 8 nam 2022", DocDate(2022, 8, 12)),
    ],
)
def test_complete_dates(text: str, expected: DocDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cao Bằng, ngày      tháng 3 năm 2025", DocDate(2025, 3, None)),
        ("Cao Bằng, ngày   tháng   năm 2026", DocDate(2026, None, None)),
        ("(Kèm theo Kế hoạch số   /KH-SYT ngày     /5/2025)", DocDate(2025, 5, None)),
        ("ngày ... tháng ... năm 2024", DocDate(2024, None, None)),
    ],
)
def test_blank_parts_of_a_draft_are_none(text: str, expected: DocDate) -> None:
    found = parse_date(text)
    assert found == expected
    assert found is not None and found.iso is None


def test_impossible_day_is_dropped_and_flagged() -> None:
    (match,) = list(find_dates("ngày 30/02/2025"))
    assert match.date == DocDate(2025, 2, None)
    assert not match.valid


def test_leap_day() -> None:
    assert parse_date("29/02/2028") == DocDate(2028, 2, 29)
    assert parse_date("29/02/2027") == DocDate(2027, 2, None)


def test_iso_only_when_complete() -> None:
    assert DocDate(2025, 1, 9).iso == "2025-01-09"
    assert DocDate(2025, 1, None).iso is None


def test_several_dates_in_order() -> None:
    text = "từ ngày 01/3/2025 đến ngày 15 tháng 4 năm 2025"
    assert [m.date for m in find_dates(text)] == [DocDate(2025, 3, 1), DocDate(2025, 4, 15)]


def test_numbers_that_are_not_dates() -> None:
    assert parse_date("Quyết định số 12/2025/QĐ-UBND") is None
    assert parse_date("giai đoạn 2021 - 2030") is None


def test_leading_date_after_a_reference() -> None:
    found = leading_date(" ngày 14/02/2025 của Văn phòng")
    assert found is not None
    date, end = found
    assert date == DocDate(2025, 2, 14)
    assert " ngày 14/02/2025 của Văn phòng"[end:].startswith(" của")
    assert leading_date(" của Văn phòng ngày 14/02/2025") is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.- ngàytháăm:,Số")), max_size=80))
def test_never_crashes_on_date_like_noise(text: str) -> None:
    for match in find_dates(text):
        d = match.date
        assert d.year is not None
        assert d.month is None or 1 <= d.month <= 12
        assert d.day is None or 1 <= d.day <= 31
    leading_date(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_crashes_on_any_text(text: str) -> None:
    list(find_dates(text))
    leading_date(text)
