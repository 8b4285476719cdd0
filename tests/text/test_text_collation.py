from __future__ import annotations

import pytest

from phongthu.text import person_sort_key, sort_key


def test_alphabet_order():
    letters = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    shuffled = sorted(letters, key=lambda s: s.encode("utf-8")[::-1])
    assert sorted(shuffled, key=sort_key) == letters


def test_tone_order_none_huyen_sac_hoi_nga_nang():
    ordered = ["ba", "bà", "bá", "bả", "bã", "bạ"]
    assert sorted(reversed(ordered), key=sort_key) == ordered


def test_words_compare_one_after_another_like_a_dictionary():
    ordered = ["an", "an bình", "an toàn", "anh", "ba", "ba ba", "bà", "bà con", "bác", "bắc"]
    assert sorted(reversed(ordered), key=sort_key) == ordered


def test_d_and_dd_are_different_letters():
    ordered = ["Dung", "Duy", "Đà Nẵng", "Đào", "Điện Biên", "Gia Lai"]
    assert sorted(reversed(ordered), key=sort_key) == ordered


@pytest.mark.parametrize(("a", "b"), [("Hoà Bình", "HÒA BÌNH"), ("uỷ ban", "Ủy Ban")])
def test_case_and_tone_placement_do_not_matter(a, b):
    assert sort_key(a) == sort_key(b)


def test_unit_names():
    units = ["Văn phòng Sở", "Phòng Kế hoạch - Tài chính", "Thanh tra Sở", "Chi cục Tiêu chuẩn"]
    assert sorted(units, key=sort_key) == [
        "Chi cục Tiêu chuẩn",
        "Phòng Kế hoạch - Tài chính",
        "Thanh tra Sở",
        "Văn phòng Sở",
    ]


def test_person_names_sort_by_given_name_then_the_rest():
    staff = ["Nguyễn Văn Bình", "Trần Thị Ánh", "Lê Thị Bình", "Trần Văn An", "Đỗ Minh Anh"]
    assert sorted(staff, key=person_sort_key) == [
        "Trần Văn An",
        "Đỗ Minh Anh",
        "Trần Thị Ánh",
        "Lê Thị Bình",
        "Nguyễn Văn Bình",
    ]


def test_person_sort_key_single_word_and_empty():
    assert sorted(["Bình", "An", ""], key=person_sort_key) == ["", "An", "Bình"]


def test_numbers_sort_by_value():
    ordered = ["Tổ 1", "Tổ 2", "Tổ 10", "Tổ 10a", "Tổ A", "Tổ Bảo vệ"]
    assert sorted(reversed(ordered), key=sort_key) == ordered


def test_punctuation_sorts_before_numbers_and_letters():
    ordered = ["-", "(Tổ 1)", "2024", "An"]
    assert sorted(reversed(ordered), key=sort_key) == ordered
