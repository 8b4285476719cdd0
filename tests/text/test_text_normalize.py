from __future__ import annotations

import unicodedata

import pytest

from phongthu.text import clean, fold, nfc, normalize_tones, search_key


def test_nfc_composes_and_changes_nothing_else():
    decomposed = unicodedata.normalize("NFD", "  Việt\u00a0Nam ")
    assert nfc(decomposed) == "  Việt\u00a0Nam "


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Hà   Nội  ", "Hà Nội"),
        ("Hà\u00a0Nội", "Hà Nội"),
        ("Hà\u202fNội\u3000", "Hà Nội"),
        ("Kế\thoạch\r\n42", "Kế hoạch 42"),
        ("Hà\u200bNội", "HàNội"),
        ("\ufeffSở KH&CN", "Sở KH&CN"),
        (unicodedata.normalize("NFD", "Phòng thủ"), "Phòng thủ"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_clean(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # open oa / oe / uy: the mark moves to the first vowel
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("uỷ", "ủy"),
        ("Uỷ", "Ủy"),
        ("HOÀ", "HÒA"),
        ("Thuỷ", "Thủy"),
        ("loà", "lòa"),
        ("toả", "tỏa"),
        ("xoè", "xòe"),
        ("luỹ", "lũy"),
        ("tuỵ", "tụy"),
        # misplaced marks in other rhymes
        ("ngòai", "ngoài"),
        ("qủa", "quả"),
        ("Qúy", "Quý"),
        ("gìa", "già"),
        ("múôn", "muốn"),
        ("ngừơi", "người"),
        # already canonical and must not be touched
        ("hoàn", "hoàn"),
        ("hoàng", "hoàng"),
        ("toán", "toán"),
        ("huỳnh", "huỳnh"),
        ("suýt", "suýt"),
        ("quý", "quý"),
        ("quỷ", "quỷ"),
        ("quả", "quả"),
        ("quyển", "quyển"),
        ("quốc", "quốc"),
        ("giữa", "giữa"),
        ("giường", "giường"),
        ("giếng", "giếng"),
        ("gì", "gì"),
        ("gìn", "gìn"),
        ("thuở", "thuở"),
        ("khuyến", "khuyến"),
        ("người", "người"),
        ("rượu", "rượu"),
        ("cứu", "cứu"),
        ("mùa", "mùa"),
        ("của", "của"),
        ("núi", "núi"),
        ("ngoài", "ngoài"),
        ("khuỷu", "khuỷu"),
        ("xoáy", "xoáy"),
        ("hoặc", "hoặc"),
        ("yêu", "yêu"),
        ("ý", "ý"),
        ("Đà", "Đà"),
        # not Vietnamese: left alone
        ("café", "café"),
        ("résumé", "résumé"),
        ("UBND", "UBND"),
    ],
)
def test_normalize_tones_words(word, expected):
    assert normalize_tones(word) == expected


def test_normalize_tones_keeps_text_around_words():
    text = "Uỷ ban nhân dân tỉnh Khánh Hoà (KH-UBND), số 42/2024; hoà bình!"
    assert (
        normalize_tones(text) == "Ủy ban nhân dân tỉnh Khánh Hòa (KH-UBND), số 42/2024; hòa bình!"
    )


def test_normalize_tones_accepts_decomposed_input():
    assert normalize_tones(unicodedata.normalize("NFD", "Thuỷ lợi")) == "Thủy lợi"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoà Bình", "HÒA BÌNH"),
        ("  Uỷ ban  nhân dân ", "ỦY BAN NHÂN DÂN"),
        ("Đồng Hới", "đồng hới"),
        (unicodedata.normalize("NFD", "Khánh Hoà"), "khánh hòa"),
        ("\u00d0ồng Nai", "Đồng Nai"),  # Icelandic eth typed for Đ
    ],
)
def test_fold_equal(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("Hoà", "Hoá"), ("ba", "bà"), ("Đà", "Da")])
def test_fold_keeps_diacritics(a, b):
    assert fold(a) != fold(b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đồng Hới", "dong hoi"),
        ("ĐỒNG HỚI", "dong hoi"),
        ("Khánh Hoà", "khanh hoa"),
        ("Sở Khoa học và Công nghệ", "so khoa hoc va cong nghe"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("Trường  Sa\u00a0", "truong sa"),
        ("42/KH-UBND", "42/kh-ubnd"),
    ],
)
def test_search_key(text, expected):
    assert search_key(text) == expected
