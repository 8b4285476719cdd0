"""The pipeline: bytes or a file in, the extraction out; `python -m` prints its JSON."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from phongthu.ingest import pipeline
from phongthu.ingest.model import Format, IngestError

PLAN = """UBND TỈNH LAI CHÂU\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ XÂY DỰNG\tĐộc lập - Tự do - Hạnh phúc
Số: 61/KH-SXD\tLai Châu, ngày 14 tháng 5 năm 2025

KẾ HOẠCH
Ứng phó sự cố sập đổ công trình năm 2025

Thực hiện Kế hoạch số 19/KH-BCH ngày 20/3/2025 của Ban Chỉ huy phòng thủ dân sự tỉnh, \
Sở Xây dựng ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
Chủ động ứng phó, hạn chế thiệt hại về người và tài sản.
II. NHIỆM VỤ
TT\tNội dung\tChủ trì\tPhối hợp\tThời gian
1\tRà soát công trình có nguy cơ sập đổ\tPhòng Quản lý xây dựng\tThanh tra Sở\tQuý III/2025
2\tDiễn tập cứu hộ\tVăn phòng Sở\tCác phòng thuộc Sở\tTháng 10
III. TỔ CHỨC THỰC HIỆN
Các phòng thuộc Sở xây dựng kế hoạch chi tiết. Văn phòng Sở theo dõi, đôn đốc và định kỳ \
báo cáo Giám đốc Sở./.
Nơi nhận:\tGIÁM ĐỐC
- Ban Chỉ huy PTDS tỉnh (b/c);\t
- Lưu: VT, VP.\tLường Văn Khiêm
"""


def test_extract_reads_and_parses() -> None:
    data = PLAN.encode("utf-8")
    extraction = pipeline.extract(data, "ke-hoach.txt")
    assert extraction.source.sha256 == hashlib.sha256(data).hexdigest()
    assert extraction.source.format == "txt"
    assert extraction.source.filename == "ke-hoach.txt"
    doc = extraction.document
    assert (doc.type, doc.reference, doc.issuer, doc.date.iso) == (
        "Kế hoạch",
        "61/KH-SXD",
        "SỞ XÂY DỰNG",
        "2025-05-14",
    )
    assert doc.signer is not None and doc.signer.name == "Lường Văn Khiêm"
    assert [c.reference for c in extraction.citations] == ["19/KH-BCH"]
    assert [s.label for s in extraction.sections] == ["I", "II", "III"]
    assert {d.kind for d in extraction.directives} == {"subplan", "monitor"}


def test_extract_file_uses_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "thu-muc" / "kh-61.txt"
    path.parent.mkdir()
    path.write_text(PLAN, encoding="utf-8")
    assert pipeline.extract_file(path).source.filename == "kh-61.txt"


def test_unreadable_input_raises_a_vietnamese_error(tmp_path: Path, is_vietnamese: Any) -> None:
    with pytest.raises(IngestError) as empty:
        pipeline.extract(b"", "rong.txt")
    assert is_vietnamese(str(empty.value))
    with pytest.raises(IngestError) as missing:
        pipeline.extract_file(tmp_path / "khong-co.txt")
    assert is_vietnamese(str(missing.value))


def test_main_prints_the_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kh.txt"
    path.write_text(PLAN, encoding="utf-8")
    assert pipeline.main([str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["reference"] == "61/KH-SXD"
    assert "Kế hoạch" in json.dumps(data, ensure_ascii=False)  # not \\u-escaped


def test_main_reports_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pipeline.main([str(tmp_path / "khong-co.txt")]) == 1
    assert "khong-co.txt" in capsys.readouterr().err
    assert pipeline.main([]) == 2


def test_runs_as_a_module(tmp_path: Path) -> None:
    path = tmp_path / "kh.txt"
    path.write_text(PLAN, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "phongthu.ingest.pipeline", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(out.stdout)["document"]["type"] == "Kế hoạch"


def _cong_van_docx() -> bytes:
    """A công văn laid out the official way in Word: header and closing as tables."""
    import io

    import docx

    document = docx.Document()
    header = document.add_table(rows=3, cols=2)
    header.cell(0, 0).text = "UBND HUYỆN TAM ĐƯỜNG\nPHÒNG NỘI VỤ"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 57/PNV-TĐKT"
    header.cell(1, 1).text = "Tam Đường, ngày 09 tháng 10 năm 2025"
    header.cell(2, 0).text = "V/v đăng ký thi đua\nnăm 2026"
    document.add_paragraph("Kính gửi: Các cơ quan, đơn vị thuộc huyện")
    document.add_paragraph(
        "Thực hiện Hướng dẫn số 14/HD-HĐTĐKT ngày 2/10/2025 của Hội đồng Thi đua - Khen "
        "thưởng tỉnh, Phòng Nội vụ đề nghị các cơ quan, đơn vị đăng ký thi đua năm 2026."
    )
    document.add_paragraph("1. Hồ sơ gửi về Phòng Nội vụ trước ngày 30/11/2025.")
    document.add_paragraph("2. Phòng Nội vụ tổng hợp, báo cáo Ủy ban nhân dân huyện./.")
    closing = document.add_table(rows=1, cols=2)
    closing.cell(0, 0).text = "Nơi nhận:\n- Như trên;\n- UBND huyện (b/c);\n- Lưu: VT, NV."
    closing.cell(0, 1).text = "TRƯỞNG PHÒNG\n\n\n\nSùng A Páo"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_cong_van_end_to_end() -> None:
    extraction = pipeline.extract(_cong_van_docx(), "cong-van.docx")
    doc = extraction.document
    assert extraction.source.format == "docx"
    assert (doc.type, doc.reference, doc.number, doc.symbol) == (
        "Công văn",
        "57/PNV-TĐKT",
        "57",
        "PNV-TĐKT",
    )
    assert (doc.issuer_parent, doc.issuer) == ("UBND HUYỆN TAM ĐƯỜNG", "PHÒNG NỘI VỤ")
    assert (doc.place, doc.date.iso) == ("Tam Đường", "2025-10-09")
    assert doc.title == "V/v đăng ký thi đua năm 2026"
    assert [(r.name, r.purpose) for r in doc.recipients] == [
        ("Như trên", None),
        ("UBND huyện", "b/c"),
    ]
    assert doc.archive == ["VT", "NV"]
    assert doc.signer is not None
    assert (doc.signer.authority, doc.signer.position, doc.signer.name) == (
        "",
        "Trưởng phòng",
        "Sùng A Páo",
    )
    (cited,) = extraction.citations
    assert (cited.type, cited.reference, cited.date, cited.role) == (
        "Hướng dẫn",
        "14/HD-HĐTĐKT",
        "2025-10-02",
        "basis",
    )
    assert [s.label for s in extraction.sections] == ["1", "2"]


# --- a file name whose extension says another format than the content ----------------------


def _mismatch(extraction: Any) -> list[str]:
    return [w for w in extraction.warnings if w.startswith("Tệp mang đuôi")]


def test_a_text_file_named_pdf_is_read_as_text_with_a_warning() -> None:
    extraction = pipeline.extract(PLAN.encode("utf-8"), "ke-hoach.pdf")
    assert extraction.source.format == "txt"
    assert extraction.document.reference == "61/KH-SXD"  # read by its content all the same
    assert _mismatch(extraction) == [
        "Tệp mang đuôi .pdf nhưng nội dung là văn bản thuần; đã đọc theo nội dung."
    ]
    # the user hears it first: it is about the whole file
    assert extraction.warnings[0] == _mismatch(extraction)[0]


def test_a_word_file_and_a_text_file_under_each_others_names_are_warned_about() -> None:
    word = pipeline.extract(_cong_van_docx(), "cong-van.PDF")
    assert word.source.format == "docx"
    assert _mismatch(word) == [
        "Tệp mang đuôi .pdf nhưng nội dung là tài liệu Word (.docx); đã đọc theo nội dung."
    ]
    not_a_zip = pipeline.extract(PLAN.encode("utf-8"), "ke-hoach.docx")
    assert _mismatch(not_a_zip) == [
        "Tệp mang đuôi .docx nhưng nội dung là văn bản thuần; đã đọc theo nội dung."
    ]


@pytest.mark.parametrize(
    "name", ["ke-hoach.txt", "ke-hoach.md", "ke-hoach.TXT", "ke-hoach", "kh.dat"]
)
def test_a_name_that_agrees_or_claims_nothing_gives_no_warning(name: str) -> None:
    assert _mismatch(pipeline.extract(PLAN.encode("utf-8"), name)) == []
    assert _mismatch(pipeline.extract(_cong_van_docx(), "cong-van.docx")) == []


def test_extension_warning_names_every_format_in_words() -> None:
    formats: tuple[Format, ...] = ("txt", "md", "docx", "doc", "pdf", "image", "html")
    for fmt in formats:
        name = "tep.pdf" if fmt != "pdf" else "tep.docx"
        warning = pipeline.extension_warning(name, fmt)
        # a name the user knows, not the reader's code
        assert warning is not None and f"là {fmt};" not in warning, warning
    assert pipeline.extension_warning("anh.JPEG", "image") is None
    assert pipeline.extension_warning("cong-van.doc", "doc") is None
