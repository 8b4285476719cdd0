"""Citations: every document cited by number, once each, basis or mentioned."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.ingest.model import Citation, Extraction, ReadResult, Source
from phongthu.ingest.parse import parse
from phongthu.ingest.parse.citations import find_citations, issuer_after
from phongthu.ingest.readers.plain import parse_text


def _found(text: str, own: str = "") -> list[Citation]:
    return [f.citation for f in find_citations(text, own_reference=own.casefold())]


def _parse(text: str) -> Extraction:
    source = Source(filename="mau.txt", format="txt", sha256="0" * 64)
    blocks = parse_text(text, markdown=False)
    return parse(ReadResult(format="txt", blocks=blocks), source, strict=True)


def test_the_usual_forms() -> None:
    text = (
        "Thực hiện Kế hoạch số 8/KH-UBND ngày 12/01/2025 của Ủy ban nhân dân tỉnh về phòng thủ "
        "dân sự; Nghị quyết số 05-NQ/TU ngày 3 tháng 3 năm 2021 của Tỉnh ủy về quốc phòng; "
        "Quyết định 90/QĐ-BCH của Ban Chỉ huy phòng thủ dân sự tỉnh."
    )
    assert _found(text) == [
        Citation("Kế hoạch", "8/KH-UBND", "2025-01-12", "Ủy ban nhân dân tỉnh"),
        Citation("Nghị quyết", "05-NQ/TU", "2021-03-03", "Tỉnh ủy"),
        Citation("Quyết định", "90/QĐ-BCH", None, "Ban Chỉ huy phòng thủ dân sự tỉnh"),
    ]


def test_law_with_its_name_before_the_number() -> None:
    (law,) = _found("Căn cứ Luật Phòng thủ dân sự số 18/2023/QH15 ngày 20/6/2023;")
    assert (law.type, law.reference, law.date) == ("Luật", "18/2023/QH15", "2023-06-20")


def test_a_list_after_one_type_shares_it() -> None:
    found = _found(
        "theo Văn bản số 71/SYT-NV ngày 02/3/2025 và 95/SYT-NV ngày 20/3/2025 của Sở Y tế"
    )
    assert [(c.type, c.reference, c.date) for c in found] == [
        ("Văn bản", "71/SYT-NV", "2025-03-02"),
        ("Văn bản", "95/SYT-NV", "2025-03-20"),
    ]
    assert found[1].issuer == "Sở Y tế"


def test_a_citation_split_over_lines_is_one() -> None:
    (found,) = _found(
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày\n05/3/2020 của Chính phủ về công tác văn thư"
    )
    assert (found.reference, found.date, found.issuer) == (
        "30/2020/NĐ-CP",
        "2020-03-05",
        "Chính phủ",
    )


def test_lower_case_type_and_parenthesised_symbol() -> None:
    found = _found("tại công văn số 12/CAT(PV01)-TM ngày 1/2/2025 và Tờ trình số 7/TTr-BCH(TM)")
    assert [(c.type, c.reference) for c in found] == [
        ("Công văn", "12/CAT(PV01)-TM"),
        ("Tờ trình", "7/TTr-BCH(TM)"),
    ]


def test_own_reference_and_unnumbered_mentions_are_not_citations() -> None:
    text = (
        "(Kèm theo Kế hoạch số 17/KH-SNNMT ngày 5/3/2025) và Kế hoạch số   /KH-SNNMT ngày   /3/2025"
    )
    assert _found(text, own="17/KH-SNNMT") == []
    assert _found("giai đoạn 2021-2025, tỷ lệ 12/15 xã") == []


def test_issuer_stops_where_the_subject_begins() -> None:
    assert issuer_after("Bộ Chính trị về phòng thủ dân sự")[0] == "Bộ Chính trị"
    assert issuer_after("Thủ tướng Chính phủ phê duyệt Đề án")[0] == "Thủ tướng Chính phủ"
    assert issuer_after("Bộ Văn hóa, Thể thao và Du lịch hướng dẫn")[0] == (
        "Bộ Văn hóa, Thể thao và Du lịch"
    )
    assert issuer_after("Tỉnh ủy, Sở Tài chính tham mưu")[0] == "Tỉnh ủy"
    assert issuer_after("chính phủ ban hành")[0] == "Chính phủ"
    assert issuer_after("12 đơn vị")[0] is None


def test_each_once_in_order_of_first_appearance_with_what_later_mentions_add() -> None:
    result = _parse(
        "Số: 3/KH-BCH\nNinh Bình, ngày 2 tháng 2 năm 2025\nKẾ HOẠCH\nHuấn luyện dân quân năm 2025\n"
        "Thực hiện Kế hoạch số 1/KH-BCH của Bộ Chỉ huy Quân sự tỉnh, Ban Chỉ huy xây dựng kế "
        "hoạch như sau:\n"
        "I. MỤC ĐÍCH\n"
        "Triển khai Kế hoạch số 1/KH-BCH ngày 10/01/2025; Chỉ thị số 2/CT-BCH ngày 11/01/2025.\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "Ban Chỉ huy theo dõi việc thực hiện.\n"
    )
    assert [(c.reference, c.date, c.role) for c in result.citations] == [
        ("1/KH-BCH", "2025-01-10", "basis"),
        ("2/CT-BCH", "2025-01-11", "mentioned"),
    ]
    assert result.citations[0].issuer == "Bộ Chỉ huy Quân sự tỉnh"


def test_a_cong_van_citing_in_its_subject_line_cites_its_basis() -> None:
    result = _parse(
        "UBND XÃ AN PHÚ\nSố: 40/UBND-VP\nAn Phú, ngày 6 tháng 8 năm 2025\n"
        "V/v triển khai Quyết định số 77/QĐ-UBND ngày 1/8/2025 của UBND huyện\n"
        "Kính gửi: Các thôn\n"
        "Ủy ban nhân dân xã đề nghị các thôn tổ chức thực hiện nghiêm túc nội dung Quyết định.\n"
        "1. Rà soát hộ dân\n2. Báo cáo kết quả\n"
    )
    (cited,) = result.citations
    assert (cited.reference, cited.date, cited.issuer, cited.role) == (
        "77/QĐ-UBND",
        "2025-08-01",
        "UBND huyện",
        "basis",
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Kế hoạch",
                "số",
                "42/KH-UBND",
                "ngày",
                "29/02/2024",
                "của",
                "Bộ",
                "Chính trị",
                "và",
                ",",
                ";",
                "\n",
                "Luật",
                "12-NQ/TW",
                "về",
                "1/",
                "/QĐ",
                "(",
                ")",
                "tháng 3 năm 2025",
            ]
        ),
        max_size=40,
    )
)
def test_never_crashes_on_citation_like_word_salad(words: list[str]) -> None:
    for found in find_citations(" ".join(words)):
        assert found.citation.reference
        assert found.citation.date is None or len(found.citation.date) == 10


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes_on_any_text(text: str) -> None:
    find_citations(text)
    issuer_after(text)


def test_without_headings_the_opening_is_the_first_paragraph_and_its_basis_run() -> None:
    result = _parse(
        "SỞ Y TẾ\nSố: 77/SYT-NV\nThanh Hóa, ngày 8 tháng 8 năm 2025\nV/v phòng chống dịch\n"
        "Kính gửi: Các bệnh viện\n"
        "Thực hiện chỉ đạo của Bộ Y tế tại Công văn số 10/BYT-DP ngày 1/8/2025 và đề nghị\n"
        "của Cục Y tế dự phòng tại Văn bản số 9/DP-KD ngày 2/8/2025;\n"
        "Căn cứ Kế hoạch số 5/KH-UBND ngày 3/1/2025 của UBND tỉnh;\n"
        "Sở Y tế đề nghị các bệnh viện rà soát theo Thông tư số 4/2024/TT-BYT ngày 5/3/2024.\n"
    )
    roles = {c.reference: c.role for c in result.citations}
    assert roles == {
        "10/BYT-DP": "basis",
        "9/DP-KD": "basis",
        "5/KH-UBND": "basis",
        "4/2024/TT-BYT": "mentioned",
    }
