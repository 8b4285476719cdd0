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
