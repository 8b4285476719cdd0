from __future__ import annotations

import datetime

from phongthu.text import format_date


def test_format_date_pads_day_and_month():
    assert format_date(datetime.date(2024, 3, 5)) == "05/03/2024"
    assert format_date(datetime.date(2024, 12, 31)) == "31/12/2024"


def test_format_date_accepts_a_datetime():
    assert format_date(datetime.datetime(2024, 6, 30, 17, 45)) == "30/06/2024"
