"""Choosing a reader by content, and refusing what cannot be read."""

from __future__ import annotations

import random

import pytest

from phongthu.ingest.model import IngestError
from phongthu.ingest.readers import MAX_FILE_BYTES, read


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
