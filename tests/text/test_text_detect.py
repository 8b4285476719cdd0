from __future__ import annotations

import pytest

from phongthu.text import (
    decode_bytes,
    detect_legacy,
    unicode_to_cp1258,
    unicode_to_tcvn3,
    unicode_to_vni,
)

PLAN = (
    "KẾ HOẠCH Phòng thủ dân sự năm 2024 của Sở Khoa học và Công nghệ tỉnh Bắc Giang.\n"
    "Căn cứ Kế hoạch số 42/KH-UBND ngày 15/3/2024 của Ủy ban nhân dân tỉnh; "
    "Văn phòng Sở chủ trì, phối hợp với các phòng, đơn vị thuộc Sở thực hiện thường xuyên.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
        "§éc lËp - Tù do - H¹nh phóc",
        "Hµ Néi",
        unicode_to_tcvn3(PLAN),
    ],
)
def test_detect_tcvn3(text):
    assert detect_legacy(text) == "tcvn3"


@pytest.mark.parametrize(
    "text",
    ["Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Ñoäc laäp - Töï do", unicode_to_vni(PLAN)],
)
def test_detect_vni(text):
    assert detect_legacy(text) == "vni"


@pytest.mark.parametrize(
    "text",
    [
        PLAN,
        "Tôi có ý kiến",  # Unicode whose letters are all Latin-1
        "Sở KH&CN",
        "plain ASCII text, 42/KH-UBND",
        "",
        "café, naïve, 30°C",
        # lone symbols would read as one-letter TCVN3 words (· is ã, × is ì)
        "· Ban chi huy",
        "2 × 3 = 6",
        "§ 2 Scope",
        "\uf0b7 Symbol-font bullet",
    ],
)
def test_detect_nothing_legacy(text):
    assert detect_legacy(text) is None


def test_decode_utf8_with_and_without_bom():
    assert decode_bytes(PLAN.encode("utf-8")) == (PLAN, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + PLAN.encode("utf-8")) == (PLAN, "utf-8")


def test_decode_returns_nfc():
    import unicodedata

    text, encoding = decode_bytes(unicodedata.normalize("NFD", PLAN).encode("utf-8"))
    assert (text, encoding) == (PLAN, "utf-8")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_decode_utf16_with_or_without_bom(codec):
    assert decode_bytes(PLAN.encode(codec)) == (PLAN, "utf-16")


def test_decode_tcvn3_bytes():
    # TCVN3 has no codes for capitals with a tone: they come back lower case.
    expected = PLAN.replace("KẾ HOẠCH", "Kế HOạCH").replace("Ủy", "ủy")
    assert decode_bytes(unicode_to_tcvn3(PLAN).encode("latin-1")) == (expected, "tcvn3")


def test_decode_vni_bytes():
    assert decode_bytes(unicode_to_vni(PLAN).encode("cp1252")) == (PLAN, "vni")


def test_decode_cp1258_bytes():
    assert decode_bytes(unicode_to_cp1258(PLAN)) == (PLAN, "cp1258")


def test_decode_ascii_is_utf8():
    assert decode_bytes(b"Plan 42/KH-UBND") == ("Plan 42/KH-UBND", "utf-8")


def test_decode_empty():
    assert decode_bytes(b"") == ("", "utf-8")
