"""Standing orders of 'Tổ chức thực hiện': monitor, report, sub-plan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.ingest.model import Block, Directive, Paragraph, ReadResult, Source
from phongthu.ingest.parse import parse
from phongthu.ingest.parse.directives import read_sentence


def test_monitor_with_report_target_and_cadence() -> None:
    directive = read_sentence(
        "Giao Văn phòng Sở phối hợp các phòng theo dõi, đôn đốc việc thực hiện, định kỳ 6 tháng "
        "hoặc đột xuất báo cáo kết quả với Giám đốc Sở."
    )
    assert directive is not None
    assert directive.kind == "monitor"
    assert directive.units == ["Văn phòng Sở"]
    assert directive.to == "Giám đốc Sở"
    assert directive.cadence == ["periodic", "ad_hoc", "half_yearly"]


@pytest.mark.parametrize(
    ("sentence", "units"),
    [
        (
            "Thủ trưởng các đơn vị trực thuộc xây dựng kế hoạch chi tiết để triển khai.",
            ["Các đơn vị trực thuộc"],
        ),
        (
            "Yêu cầu các xã, thị trấn căn cứ Kế hoạch này xây dựng kế hoạch của địa phương.",
            ["Các xã, thị trấn"],
        ),
        (
            "Phòng Văn hóa và Thông tin và các trường học xây dựng kế hoạch cụ thể.",
            ["Phòng Văn hóa và Thông tin", "Các trường học"],
        ),
    ],
)
def test_subplan_units(sentence: str, units: list[str]) -> None:
    directive = read_sentence(sentence)
    assert directive is not None and directive.kind == "subplan"
    assert directive.units == units


def test_report_to_a_body_named_right_after() -> None:
    directive = read_sentence("Các phòng chuyên môn báo cáo UBND huyện hằng tháng, trước ngày 25.")
    assert directive == Directive(
        kind="report",
        text="Các phòng chuyên môn báo cáo UBND huyện hằng tháng, trước ngày 25.",
        units=["Các phòng chuyên môn"],
        to="UBND huyện",
        cadence=["monthly"],
    )


def test_sentences_that_order_nothing() -> None:
    assert read_sentence("Kinh phí thực hiện do ngân sách nhà nước bảo đảm.") is None


def test_only_the_implementation_part_is_read() -> None:
    blocks: list[Block] = [
        Paragraph("Số: 2/KH-PGD"),
        Paragraph("Mường Tè, ngày 1 tháng 9 năm 2025"),
        Paragraph("KẾ HOẠCH"),
        Paragraph("Phòng, chống đuối nước cho học sinh"),
        Paragraph("I. MỤC ĐÍCH"),
        Paragraph("Các trường theo dõi sát học sinh trong mùa mưa lũ."),
        Paragraph("II. TỔ CHỨC THỰC HIỆN"),
        Paragraph("1. Các trường xây dựng kế hoạch cụ thể của trường."),
        Paragraph("2. Bộ phận Văn phòng theo dõi, tổng hợp, báo cáo Trưởng phòng hằng quý./."),
        Paragraph("Nơi nhận:"),
        Paragraph("- Lưu: VT."),
        Paragraph("TRƯỞNG PHÒNG"),
    ]
    source = Source(filename="mau.txt", format="txt", sha256="0" * 64)
    result = parse(ReadResult(format="txt", blocks=blocks), source, strict=True)
    assert [(d.kind, d.units, d.to, d.cadence) for d in result.directives] == [
        ("subplan", ["Các trường"], None, []),
        ("monitor", ["Bộ phận Văn phòng"], "Trưởng phòng", ["quarterly"]),
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_crashes(sentence: str) -> None:
    directive = read_sentence(sentence)
    if directive is not None:
        assert directive.kind in ("monitor", "report", "subplan", "other")
        assert all(directive.units)


def test_other_orders_that_name_who_carries_them_out() -> None:
    directive = read_sentence("Giao Sở Tài chính bố trí kinh phí thực hiện.")
    assert directive is not None
    assert (directive.kind, directive.units) == ("other", ["Sở Tài chính"])
    assert read_sentence("UBND các cấp chủ trì việc sơ tán dân.") == Directive(
        kind="other", text="UBND các cấp chủ trì việc sơ tán dân.", units=["UBND các cấp"]
    )
