"""Whatever blocks a reader hands over, parse() returns an extraction the schema accepts."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phongthu.ingest.model import Block, Cell, Paragraph, ReadResult, Source, Table
from phongthu.ingest.parse import parse
from tests.conftest import SHARED

SCHEMA = SHARED / "schema" / "extraction.schema.json"

# Lines an administrative document is made of, to give the random documents structure.
_LINES = [
    "ỦY BAN NHÂN DÂN",
    "TỈNH THÁI NGUYÊN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 14/KH-UBND",
    "Số:    /BC-SXD",
    "Thái Nguyên, ngày 3 tháng 4 năm 2025",
    "Thái Nguyên, ngày   tháng   năm 2025",
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "V/v rà soát hồ sơ",
    "Kính gửi: Các sở, ngành",
    "Căn cứ Luật Đất đai số 31/2024/QH15;",
    "Thực hiện Kế hoạch số 2/KH-BCĐ ngày 5/1/2025 của Ban Chỉ đạo tỉnh;",
    "I. MỤC ĐÍCH",
    "1. Mục đích",
    "a) Nội dung",
    "Điều 1. Phạm vi",
    "II. TỔ CHỨC THỰC HIỆN",
    "Văn phòng theo dõi, đôn đốc, định kỳ báo cáo Giám đốc.",
    "Nơi nhận:",
    "- Như trên;",
    "- UBND tỉnh (b/c);",
    "- Lưu: VT, VP.",
    "KT. CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "TM. ỦY BAN NHÂN DÂN",
    "Nguyễn Thị Lan",
    "(Đã ký)",
    "PHỤ LỤC",
    "",
    "./.",
    "Số:",
    "ngày",
    "/",
    "(",
]
_text = st.one_of(st.sampled_from(_LINES), st.text(max_size=60))
_multiline = st.lists(_text, min_size=0, max_size=4).map("\n".join)
_cell = st.builds(
    Cell, _multiline, row_span=st.integers(1, 3), col_span=st.integers(1, 3), bold=st.booleans()
)
_table = st.builds(
    Table,
    st.lists(st.lists(_cell, min_size=0, max_size=4), min_size=0, max_size=5),
    layout=st.booleans(),
)
_paragraph = st.builds(
    Paragraph,
    _multiline,
    bold=st.booleans(),
    align=st.sampled_from([None, "center", "justify"]),
    numbering=st.sampled_from([None, "1.", "a)", "I."]),
)
_blocks = st.lists(st.one_of(_paragraph, _paragraph, _paragraph, _table), max_size=40)


def _schema() -> dict[str, Any] | None:
    if not SCHEMA.is_file():
        return None
    loaded: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture
def validator(require: Any) -> jsonschema.Draft202012Validator:
    schema = _schema()
    require(schema is not None, f"the extraction schema is not at {SCHEMA}")
    assert schema is not None
    return jsonschema.Draft202012Validator(schema)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(blocks=_blocks)
def test_random_documents_give_schema_valid_extractions(
    blocks: list[Block], validator: jsonschema.Draft202012Validator
) -> None:
    source = Source(filename="ngau-nhien.docx", format="docx", sha256="0" * 64)
    # strict: a step that fails raises here instead of turning into a warning
    extraction = parse(ReadResult(format="docx", blocks=blocks), source, strict=True)
    data = extraction.to_json()
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert all(isinstance(w, str) and w for w in data["warnings"])


def test_a_failing_step_becomes_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import phongthu.ingest.parse as parse_module

    def broken(state: object) -> None:
        raise ValueError("hỏng")

    steps = tuple(
        (label, broken if label == "đề mục" else step) for label, step in parse_module.STEPS
    )
    monkeypatch.setattr(parse_module, "STEPS", steps)
    source = Source(filename="mau.txt", format="txt", sha256="0" * 64)
    result = parse(ReadResult(format="txt", blocks=[Paragraph("KẾ HOẠCH")]), source)
    assert any("đề mục" in w and "ValueError" in w for w in result.warnings)
    assert result.document.type == "Kế hoạch"
    with pytest.raises(ValueError, match="hỏng"):
        parse(ReadResult(format="txt", blocks=[Paragraph("KẾ HOẠCH")]), source, strict=True)
