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
from phongthu.ingest.model import IngestError

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
