from __future__ import annotations

import pytest

from phongthu.text import (
    convert_legacy,
    font_encoding,
    font_is_uppercase,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

# Lines as the legacy fonts store them, checked against the standard code charts.
TCVN3_SAMPLES = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("Së Khoa häc vµ C«ng nghÖ tØnh B¾c Giang", "Sở Khoa học và Công nghệ tỉnh Bắc Giang"),
    ("KÕ ho¹ch phßng thñ d©n sù n¨m 2024", "Kế hoạch phòng thủ dân sự năm 2024"),
    ("®­îc, nh÷ng, tr­ëng, Th¼ng, s½n, mÆt", "được, những, trưởng, Thẳng, sẵn, mặt"),
    ("kú, ký, kü, kû, kþ; gåm, chç, gì, tïy, còng", "kỳ, ký, kỹ, kỷ, kỵ; gồm, chỗ, gỡ, tùy, cũng"),
    ("¡n, ¢m, £m, ¤ng, ¥i, ¦ng, §µ", "Ăn, Âm, Êm, Ông, Ơi, Ưng, Đà"),
]

VNI_SAMPLES = [
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("Uyû ban nhaân daân tænh Baéc Giang", "Uỷ ban nhân dân tỉnh Bắc Giang"),
    (
        "ñöôïc, nhöõng, tröôûng, thaúng, saün, maët, ngaøy",
        "được, những, trưởng, thẳng, sẵn, mặt, ngày",
    ),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("ÑÖÔØNG, ÖÙNG, ÔÛ, AÊN, KYØ, YÙ, TÎ", "ĐƯỜNG, ỨNG, Ở, ĂN, KỲ, Ý, TỴ"),
]


@pytest.mark.parametrize(("legacy", "unicode"), TCVN3_SAMPLES)
def test_tcvn3_samples(legacy, unicode):
    assert tcvn3_to_unicode(legacy) == unicode
    assert convert_legacy(legacy, "tcvn3") == unicode


@pytest.mark.parametrize(("legacy", "unicode"), VNI_SAMPLES)
def test_vni_samples(legacy, unicode):
    assert vni_to_unicode(legacy) == unicode
    assert convert_legacy(legacy, "vni") == unicode
    assert unicode_to_vni(unicode) == legacy


def test_tcvn3_round_trip_lower_case(lower_letter):
    letter = lower_letter
    encoded = unicode_to_tcvn3(letter)
    assert len(encoded) == 1
    assert all(ord(ch) <= 0xFF for ch in encoded)
    assert tcvn3_to_unicode(encoded) == letter


def test_tcvn3_capitals_round_trip_through_the_upper_case_fonts(upper_letter):
    letter = upper_letter
    # .VnTimeH draws lower-case codes as capitals; only untoned capitals have codes.
    encoded = unicode_to_tcvn3(letter)
    assert len(encoded) == 1
    assert tcvn3_to_unicode(encoded, uppercase=True) == letter


def test_tcvn3_capitals_without_a_tone_have_their_own_codes():
    assert unicode_to_tcvn3("ĂÂÊÔƠƯĐ") == "\xa1\xa2\xa3\xa4\xa5\xa6\xa7"
    assert unicode_to_tcvn3("ăâêôơưđ") == "\xa8\xa9\xaa\xab\xac\xad\xae"


def test_tcvn3_capital_with_tone_is_written_as_the_lower_case_code():
    assert unicode_to_tcvn3("HÀ NỘI") == "Hµ NéI"
    assert tcvn3_to_unicode("Hµ NéI") == "Hà NộI"
    assert tcvn3_to_unicode("Hµ NéI", uppercase=True) == "HÀ NỘI"


def test_tcvn3_decodes_the_capitals_of_the_wider_tables():
    assert tcvn3_to_unicode("\xc4n \xda") == "Ấn Ế"


def test_tcvn3_combining_marks_only_after_vowels():
    assert tcvn3_to_unicode("ha\xb0") == "hà"
    assert tcvn3_to_unicode("30\xb0C") == "30\xb0C"


def test_tcvn3_leaves_cp1252_punctuation_alone():
    assert tcvn3_to_unicode("“Hµ Néi” – 2024…") == "“Hà Nội” – 2024…"


def test_tcvn3_symbol_font_private_use_characters():
    private = "".join(chr(0xF000 + ord(ch)) if ord(ch) >= 0x20 else ch for ch in "Hµ Néi")
    assert tcvn3_to_unicode(private) == "Hà Nội"


def _vni_round_trip(letter: str) -> None:
    encoded = unicode_to_vni(letter)
    assert 1 <= len(encoded) <= 2
    assert all(ord(ch) <= 0xFF for ch in encoded)
    assert vni_to_unicode(encoded) == letter


def test_vni_round_trip_lower_case(lower_letter):
    _vni_round_trip(lower_letter)


def test_vni_round_trip_capitals(upper_letter):
    _vni_round_trip(upper_letter)


def test_vni_accepts_tone_codes_of_the_other_case():
    assert vni_to_unicode("HOAØ hoaÙ") == "HOÀ hoá"


def test_convert_legacy_cp1258():
    raw = "Vi\xea\xf2t Nam".encode("latin-1").decode("cp1252")
    assert convert_legacy(raw, "cp1258") == "Việt Nam"


def test_convert_legacy_rejects_unknown_encoding_in_vietnamese():
    with pytest.raises(ValueError, match="Bảng mã không được hỗ trợ"):
        convert_legacy("abc", "viscii")


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", "tcvn3"),
        (".VnTimeH", "tcvn3"),
        (".VnArial", "tcvn3"),
        (".VnAvant", "tcvn3"),
        (".VnArial NarrowH", "tcvn3"),
        (" .vnbook-antiqua ", "tcvn3"),
        ("VNI-Times", "vni"),
        ("VNI-Helve", "vni"),
        ("VNI-Aptima", "vni"),
        ("vni-times", "vni"),
        ("VNI", "vni"),
        # as PDF files name them
        ("ABCDEF+VnTime", "tcvn3"),
        ("VnTimeH,Bold", "tcvn3"),
        ("BCDEEE+.VnArial-Bold", "tcvn3"),
        ("VNI-Times-Bold", "vni"),
        ("Vnexpress Sans", None),
        ("Vnifont", None),
        ("Times New Roman", None),
        ("Arial", None),
        ("", None),
    ],
)
def test_font_encoding(font, expected):
    assert font_encoding(font) == expected


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTimeH", True),
        (".VnArialH", True),
        (".VnAvantH", True),
        ("ABCDEF+VnTimeH,Bold", True),
        (".VnArialH-BoldItalic", True),
        (".VnTime", False),
        (".VnTime-Bold", False),
        (".VnArial", False),
        ("VNI-Times", False),
        ("Helvetica", False),
    ],
)
def test_font_is_uppercase(font, expected):
    assert font_is_uppercase(font) is expected
