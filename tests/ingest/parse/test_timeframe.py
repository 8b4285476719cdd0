"""The timeframe cell of a task table, read into kind, start, due and recurrence."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.ingest.model import Timeframe
from phongthu.ingest.parse.timeframe import parse_timeframe, read_timeframe

# (text, document year, kind, start, due, recurrence)
CASES: list[tuple[str, int | None, str, str | None, str | None, str | None]] = [
    # ongoing
    ("Thực hiện thường xuyên", 2025, "ongoing", None, None, None),
    ("THƯỜNG XUYÊN", 2025, "ongoing", None, None, None),
    ("Thường xuyên, liên tục", None, "ongoing", None, None, None),
    # a dated milestone beside ongoing work becomes its due date
    ("Thường xuyên; báo cáo kết quả trước 20/12", 2025, "ongoing", None, "2025-12-20", None),
    # plain dates: the day the work is due
    ("15/8/2025", 2025, "deadline", None, "2025-08-15", None),
    ("ngày 5 tháng 9 năm 2026", 2025, "deadline", None, "2026-09-05", None),
    ("Ngày 07/10", 2025, "deadline", None, "2025-10-07", None),
    # deadlines
    ("Trước ngày 20/11/2025", 2024, "deadline", None, "2025-11-20", None),
    ("Chậm nhất ngày 10/4", 2025, "deadline", None, "2025-04-10", None),
    ("Hoàn thành trước 1/12", 2025, "deadline", None, "2025-12-01", None),
    ("Trước 15/12", None, "deadline", None, None, None),
    ("Nộp báo cáo chậm nhất là ngày 28/02/2025", 2024, "deadline", None, "2025-02-28", None),
    ("Gửi về Văn phòng chậm nhất trong tháng 5/2025", 2025, "deadline", None, "2025-05-31", None),
    ("Đến hết năm 2025", 2025, "deadline", None, "2025-12-31", None),
    ("Trước tháng 7/2025", 2025, "deadline", None, "2025-06-30", None),
    ("Trước Quý IV/2025", 2025, "deadline", None, "2025-09-30", None),
    ("Trong vòng 30 ngày kể từ ngày nhận văn bản", 2025, "deadline", None, None, None),
    ("Trước khi Nghị định mới có hiệu lực", 2025, "deadline", None, None, None),
    # periods
    ("Tháng 8/2025", 2024, "period", "2025-08-01", "2025-08-31", None),
    ("Tháng 2", 2028, "period", "2028-02-01", "2028-02-29", None),
    ("Tháng 11", None, "period", None, None, None),
    ("Trong tháng 01/2026", 2025, "period", "2026-01-01", "2026-01-31", None),
    ("Quý III/2025", 2025, "period", "2025-07-01", "2025-09-30", None),
    ("Quý 2/2025", 2025, "period", "2025-04-01", "2025-06-30", None),
    ("Quý I, II", 2025, "period", "2025-01-01", "2025-06-30", None),
    ("Quý II và Quý III năm 2026", 2025, "period", "2026-04-01", "2026-09-30", None),
    ("6 tháng đầu năm 2025", 2024, "period", "2025-01-01", "2025-06-30", None),
    ("6 tháng cuối năm", 2025, "period", "2025-07-01", "2025-12-31", None),
    ("9 tháng đầu năm", 2025, "period", "2025-01-01", "2025-09-30", None),
    ("Năm 2027", 2025, "period", "2027-01-01", "2027-12-31", None),
    ("Cả năm 2025", None, "period", "2025-01-01", "2025-12-31", None),
    ("2025 - 2026", 2025, "period", "2025-01-01", "2026-12-31", None),
    ("Giai đoạn 2026-2030", 2025, "period", "2026-01-01", "2030-12-31", None),
    ("Từ tháng 4 đến tháng 7", 2025, "period", "2025-04-01", "2025-07-31", None),
    ("Tháng 9 - tháng 11/2025", 2024, "period", "2025-09-01", "2025-11-30", None),
    ("Tháng 3-5/2026", 2025, "period", "2026-03-01", "2026-05-31", None),
    ("Từ tháng 11 đến tháng 2/2026", 2025, "period", "2025-11-01", "2026-02-28", None),
    ("Từ tháng 10/2025 đến tháng 3/2026", 2025, "period", "2025-10-01", "2026-03-31", None),
    ("Từ ngày 1/6 đến ngày 15/7/2025", 2025, "period", "2025-06-01", "2025-07-15", None),
    ("Từ 8 giờ 00 - 11 giờ 30 ngày 12 tháng 6", 2025, "period", "2025-06-12", "2025-06-12", None),
    # recurring
    ("Hằng năm", 2025, "recurring", None, None, "yearly"),
    ("Hàng năm", 2025, "recurring", None, None, "yearly"),
    ("Hàng quý", 2025, "recurring", None, None, "quarterly"),
    ("Định kỳ hằng tháng", 2025, "recurring", None, None, "monthly"),
    ("Định kỳ 6 tháng một lần", 2025, "recurring", None, None, "half_yearly"),
    ("Định kỳ 6 tháng", 2025, "recurring", None, None, "half_yearly"),
    ("Báo cáo định kỳ", 2025, "recurring", None, None, None),
    ("Trước ngày 10 của tháng kế tiếp", 2025, "recurring", None, None, "monthly"),
    ("Hằng năm, trước ngày 25/12/2025", 2025, "recurring", None, "2025-12-25", "yearly"),
    ("Tháng 6 và tháng 12 hằng năm", 2025, "recurring", None, None, "yearly"),
    # unspecified
    ("Theo chỉ đạo của Giám đốc Sở", 2025, "unspecified", None, None, None),
    ("Khi có yêu cầu của cấp trên", 2025, "unspecified", None, None, None),
    ("Theo kế hoạch của Ban Chỉ huy", 2025, "unspecified", None, None, None),
    # a cited document's date is not the task's
    (
        "Theo mốc tại Quyết định số 120/QĐ-UBND ngày 3/2/2025 của UBND tỉnh",
        2025,
        "unspecified",
        None,
        None,
        None,
    ),
    ("", 2025, "unspecified", None, None, None),
]


@pytest.mark.parametrize(("text", "year", "kind", "start", "due", "recurrence"), CASES)
def test_reads_the_phrasings_of_plans(
    text: str,
    year: int | None,
    kind: str,
    start: str | None,
    due: str | None,
    recurrence: str | None,
) -> None:
    # when
    tf = parse_timeframe(text, year=year)
    # then
    assert (tf.kind, tf.start, tf.due, tf.recurrence) == (kind, start, due, recurrence)


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("Quí IV/2025", ("period", "2025-10-01", "2025-12-31")),
        ("QUÝ  iv / 2025", ("period", "2025-10-01", "2025-12-31")),
        (unicodedata.normalize("NFD", "Quý IV/2025"), ("period", "2025-10-01", "2025-12-31")),
        ("Trước ngày\n30/9/2025", ("deadline", None, "2025-09-30")),
        ("  chậm   nhất\tngày 30/9/2025 ", ("deadline", None, "2025-09-30")),
        ("Thuờng xuyên", ("ongoing", None, None)),
        ("**Hằng năm**", ("recurring", None, None)),
    ],
)
def test_tolerates_case_tone_placement_and_spacing(
    variant: str, expected: tuple[str, str | None, str | None]
) -> None:
    tf = parse_timeframe(variant, year=2025)
    assert (tf.kind, tf.start, tf.due) == expected


def test_keeps_the_text_as_printed_with_spaces_folded() -> None:
    tf = parse_timeframe("  Quý  II/2025\n(dự kiến) ", year=None)
    assert tf.text == "Quý II/2025 (dự kiến)"
    assert parse_timeframe("**Hằng năm**", year=None).text == "Hằng năm"


@pytest.mark.parametrize("text", ["xem ghi chú bên dưới", "31/2/2025", "ngày 40 tháng 13"])
def test_says_when_it_did_not_understand(text: str) -> None:
    assert not read_timeframe(text, year=2025).understood


@pytest.mark.parametrize(
    "text", ["", "Thường xuyên", "Theo chỉ đạo", "Khi có yêu cầu", "Quý I/2025", "Hằng quý"]
)
def test_understood_phrases_raise_no_doubt(text: str) -> None:
    assert read_timeframe(text, year=2025).understood


# --- properties -------------------------------------------------------------------------

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KINDS = {"ongoing", "deadline", "period", "recurring", "unspecified"}
_RECURRENCES = {None, "monthly", "quarterly", "half_yearly", "yearly"}


def _assert_sound(tf: Timeframe) -> None:
    assert tf.kind in _KINDS
    assert tf.recurrence in _RECURRENCES
    for value in (tf.start, tf.due):
        if value is not None:
            assert _ISO.match(value)
            date.fromisoformat(value)
    if tf.start is not None and tf.due is not None:
        assert tf.due >= tf.start
    if tf.kind in ("ongoing", "deadline", "recurring"):
        assert tf.start is None


_years = st.one_of(st.none(), st.integers(min_value=-10, max_value=10_000))


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=120), year=_years)
def test_never_crashes_on_any_text(text: str, year: int | None) -> None:
    _assert_sound(parse_timeframe(text, year=year))


_FRAGMENTS = [
    "tháng", "Tháng", "quý", "Quý", "năm", "ngày", "trước", "Trước", "chậm nhất", "từ", "đến",
    "hằng", "hàng", "định kỳ", "thường xuyên", "đầu", "cuối", "và", ",", "-", "/", ";", "I",
    "II", "III", "IV", "6", "0", "1", "12", "13", "29", "31", "02", "2024", "2025", "99",
    "1899", "2199", "giờ", "phút", "theo", "kế hoạch", "liền kề", "số", "QĐ-UBND", "kể từ",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(
    words=st.lists(st.sampled_from(_FRAGMENTS), max_size=14),
    glue=st.sampled_from([" ", "", "/", " - "]),
    year=_years,
)
def test_holds_together_on_mixtures_of_date_words(
    words: list[str], glue: str, year: int | None
) -> None:
    _assert_sound(parse_timeframe(glue.join(words), year=year))
