"""Properties that must hold for any text, checked with hypothesis."""

from __future__ import annotations

import unicodedata

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from phongthu.text import (
    clean,
    decode_bytes,
    fold,
    normalize_tones,
    search_key,
    sort_key,
    tcvn3_to_unicode,
    unicode_to_cp1258,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _words(text: str) -> list[str]:
    return text.split()


ONSETS = _words("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x")
VOWEL_CLUSTERS = _words(
    "a ă â e ê i o ô ơ u ư y oa oe uy ươ uô iê ai ao au ay eo ia iu oi ua ui ưa"
)
CODAS = ["", "", "c", "ch", "m", "n", "ng", "nh", "p", "t"]


@st.composite
def syllables(draw: st.DrawFn) -> str:
    """A Vietnamese-looking syllable with a random tone on a random vowel."""
    onset = draw(st.sampled_from(["", *ONSETS]))
    cluster = draw(st.sampled_from(VOWEL_CLUSTERS))
    coda = draw(st.sampled_from(CODAS))
    mark = draw(st.sampled_from(TONE_MARKS))
    at = draw(st.integers(0, len(cluster) - 1))
    cluster = cluster[: at + 1] + mark + cluster[at + 1 :]
    word = unicodedata.normalize("NFC", onset + cluster + coda)
    case = draw(st.sampled_from(["lower", "title", "upper"]))
    return {"lower": word, "title": word.capitalize(), "upper": word.upper()}[case]


SEPARATORS = st.sampled_from([" ", "  ", ", ", "\u00a0", "\n", " - ", "; ", " 42/KH-UBND "])


@st.composite
def vietnamese_texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(syllables(), max_size=12))
    parts: list[str] = []
    for word in words:
        parts.append(word)
        parts.append(draw(SEPARATORS))
    return "".join(parts)


def _lower_toned_capitals(text: str) -> str:
    # TCVN3 has codes for the capitals Ă Â Ê Ô Ơ Ư Đ only, not for capitals with a tone.
    return "".join(
        ch.lower()
        if ch.isupper()
        and unicodedata.decomposition(ch)
        and any(m in unicodedata.normalize("NFD", ch) for m in TONE_MARKS[1:])
        else ch
        for ch in text
    )


@given(st.text())
def test_fold_is_idempotent_on_any_text(text):
    assert fold(fold(text)) == fold(text)


@given(vietnamese_texts())
def test_fold_is_idempotent_on_vietnamese(text):
    assert fold(fold(text)) == fold(text)


@given(vietnamese_texts())
def test_fold_ignores_case_and_spacing(text):
    assert fold(text.upper()) == fold(text.lower()) == fold("  " + text.replace(" ", "\u00a0"))


@given(vietnamese_texts())
def test_normalize_tones_is_idempotent_and_keeps_letters(text):
    once = normalize_tones(text)
    assert normalize_tones(once) == once
    assert search_key(once) == search_key(text)
    assert len(once) == len(unicodedata.normalize("NFC", text))


@given(vietnamese_texts())
def test_search_key_is_ascii(text):
    key = search_key(text)
    assert key.isascii()
    assert key == key.lower()


@given(st.text())
def test_clean_is_idempotent(text):
    assert clean(clean(text)) == clean(text)


@given(vietnamese_texts())
def test_tcvn3_round_trip(text):
    expected = unicodedata.normalize("NFC", _lower_toned_capitals(text))
    encoded = unicode_to_tcvn3(text)
    assert all(ord(ch) <= 0xFF for ch in encoded)
    assert tcvn3_to_unicode(encoded) == expected


@given(vietnamese_texts())
def test_tcvn3_round_trip_all_capitals(text):
    upper = unicodedata.normalize("NFC", text).upper()
    assert tcvn3_to_unicode(unicode_to_tcvn3(upper), uppercase=True) == upper


@given(vietnamese_texts())
def test_vni_round_trip(text):
    encoded = unicode_to_vni(text)
    assert all(ord(ch) <= 0xFF for ch in encoded)
    assert vni_to_unicode(encoded) == unicodedata.normalize("NFC", text)


@given(st.lists(st.one_of(vietnamese_texts(), st.text(max_size=8)), min_size=1, max_size=8))
def test_sort_key_is_a_total_order_consistent_with_fold(names):
    keys = [sort_key(name) for name in names]
    for a, ka in zip(names, keys, strict=True):
        for b, kb in zip(names, keys, strict=True):
            assert (ka == kb) == (fold(a) == fold(b))
            assert (ka < kb) + (ka == kb) + (ka > kb) == 1
    ordered = [fold(n) for n in sorted(names, key=sort_key)]
    assert [fold(n) for n in sorted(reversed(names), key=sort_key)] == ordered


def _encodings(text: str) -> list[tuple[bytes, str]]:
    return [
        (unicode_to_vni(text).encode("cp1252"), "vni"),
        (unicode_to_tcvn3(text.lower()).encode("latin-1"), "tcvn3"),
        (unicode_to_cp1258(text), "cp1258"),
    ]


# Words of administrative Vietnamese, to build sentences that read like our documents.
VOCABULARY = _words(
    """
    kế hoạch phòng thủ dân sự năm của sở khoa học và công nghệ tỉnh bắc giang căn cứ
    số ngày tháng ủy ban nhân thực hiện nhiệm vụ chủ trì phối hợp các đơn vị thuộc
    thường xuyên quý trước báo cáo kết quả giám đốc phó văn bản pháp luật tuyên truyền
    giáo dục huấn luyện diễn tập sự cố thảm họa thiên tai cứu hộ nạn bảo đảm an toàn
    người được những trưởng đồng chí hướng dẫn kiểm tra đôn đốc định kỳ đột xuất gửi
    về lãnh đạo quyết thông tư nghị chính phủ trung ương địa phương xây dựng triển khai
    nội dung yêu cầu mục đích tổ chức cá nhân liên quan chịu trách nhiệm trực tiếp
    hòa thủy khỏe giữa thuở khuyến huỳnh suýt lực lượng vũ trang quân đội biên phòng
    """
)


@settings(max_examples=60)
@given(st.lists(st.sampled_from(VOCABULARY), min_size=8, max_size=30).map(" ".join))
def test_decode_bytes_reads_a_legacy_sentence_right(text):
    # One accented word can be Vietnamese in two encodings ("tư" in VNI reads "tử" in
    # TCVN3, "chính" is the same in VNI and cp1258); a sentence cannot.
    assume(len({word for word in text.split() if not word.isascii()}) >= 3)
    for data, encoding in _encodings(text):
        # The label may differ only where two code pages read the bytes identically.
        decoded, _ = decode_bytes(data)
        assert decoded == unicodedata.normalize(
            "NFC", text.lower() if encoding == "tcvn3" else text
        )
