"""Choosing a reader by content, and refusing what cannot be read."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.ingest.model import IngestError
from phongthu.ingest.readers import MAX_FILE_BYTES, read


def _vietnamese(message: str) -> bool:
    # Hypothesis tests cannot take the function-scoped `is_vietnamese` fixture.
    return any(ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữự" for ch in message.lower())


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n"])
def test_empty_file_is_refused(data, is_vietnamese):
    with pytest.raises(IngestError) as err:
        read(data, "trong.txt")
    assert is_vietnamese(str(err.value))
    assert "rỗng" in str(err.value)


def test_random_bytes_are_refused(is_vietnamese):
    noise = random.Random(7).randbytes(4096)
    with pytest.raises(IngestError) as err:
        read(noise, "van-ban.txt")
    assert is_vietnamese(str(err.value))


def test_file_over_the_size_limit_is_refused(is_vietnamese):
    with pytest.raises(IngestError) as err:
        read(b"a" * (MAX_FILE_BYTES + 1), "lon.txt")
    assert is_vietnamese(str(err.value))
    assert "quá lớn" in str(err.value)


def test_the_name_does_not_choose_the_reader():
    # a text file misnamed .pdf is still read as text
    result = read("Thông báo nghỉ lễ".encode(), "thong-bao.pdf")
    assert result.format == "txt"


@pytest.mark.parametrize(
    ("head", "reader"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\r\n\r\n%PDF-1.4\n", "pdf"),
        (b"PK\x03\x04", "docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
        (b"\x89PNG\r\n\x1a\n", "image"),
        (b"\xff\xd8\xff\xe0", "image"),
        (b"II*\x00", "image"),
        (b"MM\x00*", "image"),
        ("Kế hoạch".encode(), "text"),
        ("Kế hoạch".encode("utf-16"), "text"),
    ],
)
def test_reader_is_chosen_by_magic_bytes(head, reader):
    from phongthu.ingest.readers import choose

    chosen = choose(head + b"\x00" * 16 if reader != "text" else head, "tep.bin")
    assert chosen is not None
    assert chosen.name == reader


def test_every_registered_reader_follows_the_protocol():
    from phongthu.ingest.readers import Reader, readers

    assert {r.name for r in readers()} == {"text", "docx", "pdf", "image", "doc"}
    assert all(isinstance(r, Reader) for r in readers())


def test_legacy_tcvn3_text_file_is_converted():
    from phongthu.text import unicode_to_tcvn3

    data = unicode_to_tcvn3("Kế hoạch phòng chống thiên tai của xã Đông Phước").encode("latin-1")
    result = read(data, "cu.txt")
    assert result.encoding == "tcvn3"
    assert result.blocks[0].text == "Kế hoạch phòng chống thiên tai của xã Đông Phước"


def _small_docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Một dòng thử")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "ô"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_DOCX = _small_docx()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_DOCX) - 1), st.integers(0, 255)), max_size=8))
def test_damaged_docx_is_read_or_refused_never_crashes(flips):
    data = bytearray(_DOCX)
    for position, value in flips:
        data[position] = value
    try:
        read(bytes(data), "hu.docx")
    except IngestError as err:
        assert _vietnamese(str(err))


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=2048))
def test_pdf_header_with_junk_is_refused_never_crashes(junk):
    try:
        read(b"%PDF-1.4\n" + junk, "rac.pdf", ocr=False)
    except IngestError as err:
        assert _vietnamese(str(err))
