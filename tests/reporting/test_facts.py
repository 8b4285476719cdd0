"""The reporting rules, one pure function each: a unit's state for a request, the rates,
and a plan's deadline read from its directive."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from phongthu.reporting.deadlines import deadline_from_directives, read_deadline
from phongthu.reporting.facts import Rates, Timeliness, deadline_for, rates, timeliness

D = datetime.date
DUE = D(2024, 6, 20)


def local(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone()
    )


@pytest.mark.parametrize(
    ("submitted", "today", "state"),
    [
        (local(D(2024, 6, 18)), D(2024, 7, 1), Timeliness.ON_TIME),
        (local(DUE, 23), D(2024, 7, 1), Timeliness.ON_TIME),  # the deadline day is in time
        (local(D(2024, 6, 21), 0), D(2024, 7, 1), Timeliness.LATE),
        (None, DUE, Timeliness.PENDING),  # not due yet on the deadline itself
        (None, D(2024, 6, 21), Timeliness.MISSING),
        (None, D(2024, 5, 1), Timeliness.PENDING),
    ],
)
def test_timeliness(submitted, today, state):
    assert timeliness(first_submitted_at=submitted, due=DUE, today=today) == state


def test_a_late_night_submission_counts_in_the_local_day():
    # 23:30 in Hà Nội on the deadline is 16:30 UTC: still the deadline day
    at = datetime.datetime(2024, 6, 20, 16, 30, tzinfo=datetime.UTC)
    assert timeliness(first_submitted_at=at, due=DUE, today=D(2024, 7, 1)) == Timeliness.ON_TIME


def test_rates_leave_pending_requests_out():
    counted = rates(["on_time", "late", "missing", "pending", Timeliness.ON_TIME])
    assert counted == Rates(on_time=2, late=1, missing=1, pending=1)
    assert counted.expected == 4
    assert counted.completeness == 75.0
    assert counted.punctuality == 50.0
    assert Rates().completeness is None  # nothing expected yet: no rate, not 0 %
    assert (counted + counted).on_time == 4


def test_deadline_after_the_cut_off():
    assert deadline_for(cutoff=D(2024, 6, 14), deadline_days=6) == DUE


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        ("Định kỳ hằng quý báo cáo Giám đốc Sở trước ngày 20 của tháng cuối quý.", 6),
        ("Các đơn vị báo cáo chậm nhất ngày 18 hằng tháng.", 4),
        ("Báo cáo kết quả chậm nhất 05 ngày sau khi kết thúc kỳ báo cáo.", 5),
        ("Gửi báo cáo 6 tháng, năm trước ngày 20/6 và 20/12 hằng năm.", 6),
        ("Báo cáo năm gửi trước ngày 05/01 năm sau.", 22),
        ("Định kỳ 6 tháng, hằng năm báo cáo Giám đốc Sở.", None),  # says no day
        ("Báo cáo trước ngày 10 của tháng cuối quý.", None),  # inside the period itself
        ("Tổ chức diễn tập trước ngày 30/6.", None),  # not about reports
    ],
)
def test_deadline_read_from_the_directive(sentence, days):
    assert read_deadline(sentence) == days


def test_the_first_directive_with_a_deadline_wins():
    rule = deadline_from_directives(
        ["Giao Văn phòng Sở theo dõi.", "Báo cáo trước ngày 20 tháng cuối quý."]
    )
    assert rule is not None
    assert (rule.days, rule.text) == (6, "Báo cáo trước ngày 20 tháng cuối quý.")
    assert deadline_from_directives([]) is None


@given(st.text(max_size=300))
def test_any_text_gives_a_sane_deadline_or_none(text):
    days = read_deadline(text)
    assert days is None or 0 < days <= 45
