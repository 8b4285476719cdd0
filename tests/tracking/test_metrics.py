"""Which figures a task calls for, and what counts as a figure."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phongthu.tracking.metrics import METRIC_MAX, metrics_clean, metrics_for


@pytest.mark.parametrize(
    ("content", "keys"),
    [
        ("Tổ chức tuyên truyền Luật Phòng thủ dân sự", ("sessions", "participants")),
        ("Phổ biến, giáo dục pháp luật về phòng thủ dân sự", ("sessions", "participants")),
        ("Tham gia các lớp BỒI DƯỠNG, huấn luyện phổ thông", ("sessions", "participants")),
        ("Tổ chức diễn tập ứng phó sự cố bức xạ", ("sessions", "participants")),
        ("Mở lớp tập huấn nghiệp vụ", ("sessions", "participants")),
        ("Rà soát các văn bản QPPL liên quan", ("documents_reviewed",)),
        ("Rà soát, hệ thống hóa văn bản quy phạm pháp luật", ("documents_reviewed",)),
        # tone placement of old and new style reads the same
        ("Tuyên truyền và ra soát văn bản", ("sessions", "participants", "documents_reviewed")),
        ("Xây dựng kế hoạch ứng phó sự cố", ()),
        ("Rà soát, điều chỉnh Kế hoạch phòng thủ dân sự", ()),
    ],
)
def test_metrics_for_task_content(content, keys):
    assert metrics_for(content) == keys


def test_metrics_clean_keeps_whole_counts_and_drops_empties():
    assert metrics_clean({"sessions": "3", "participants": 120, "documents_reviewed": ""}) == {
        "sessions": 3,
        "participants": 120,
    }


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"sessions": "ba"}, "phải là số nguyên"),
        ({"sessions": 2.5}, "phải là số nguyên"),
        ({"sessions": True}, "phải là số nguyên"),
        ({"participants": -1}, "phải từ 0 đến"),
        ({"participants": METRIC_MAX + 1}, "phải từ 0 đến"),
        ({"visitors": 3}, "không hợp lệ"),
    ],
)
def test_metrics_clean_refuses_in_vietnamese(values, says):
    with pytest.raises(ValueError, match=says):
        metrics_clean(values)


@given(
    st.dictionaries(
        st.sampled_from(["sessions", "participants", "documents_reviewed"]),
        st.integers(0, METRIC_MAX),
    )
)
def test_metrics_clean_is_identity_on_valid_counts(values):
    assert metrics_clean(values) == values


@given(st.text(max_size=200))
def test_metrics_for_never_fails(text):
    assert set(metrics_for(text)) <= {"sessions", "participants", "documents_reviewed"}
