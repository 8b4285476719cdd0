"""Word 97-2003 (.doc) through LibreOffice."""

from __future__ import annotations

import pytest

from phongthu.ingest.model import IngestError, Table
from phongthu.ingest.readers import libreoffice, read
from phongthu.ingest.readers.libreoffice import OLE_MAGIC


@pytest.mark.libreoffice
def test_doc_is_read_like_docx(plan_doc):
    result = read(plan_doc, "ke-hoach.doc")
    assert result.format == "doc"
    tables = [b for b in result.blocks if isinstance(b, Table)]
    header, tasks, signature = tables
    assert header.layout and signature.layout and not tasks.layout
    assert [c.text for c in tasks.rows[2]] == [
        "2",
        "Tập huấn sơ cứu cho đội xung kích",
        "Trạm y tế xã",
        "Hội Chữ thập đỏ",
        "Tháng 6",
    ]


def test_missing_libreoffice_says_what_to_install(monkeypatch, is_vietnamese):
    monkeypatch.setattr(libreoffice.shutil, "which", lambda _name: None)
    with pytest.raises(IngestError) as err:
        read(OLE_MAGIC + "WordDocument".encode("utf-16-le") + b"\x00" * 1024, "cu.doc")
    message = str(err.value)
    assert is_vietnamese(message)
    assert "apt-get install libreoffice-writer-nogui" in message


def test_password_protected_word_file_is_refused(is_vietnamese):
    data = OLE_MAGIC + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    with pytest.raises(IngestError) as err:
        read(data, "khoa.docx")
    assert is_vietnamese(str(err.value))
    assert "mật khẩu" in str(err.value)


def test_ole_file_that_is_not_word_is_refused(is_vietnamese):
    with pytest.raises(IngestError) as err:
        read(OLE_MAGIC + bytes(range(256)) * 8, "bang-tinh.doc")
    assert is_vietnamese(str(err.value))
    assert "không phải văn bản Word" in str(err.value)


@pytest.mark.libreoffice
def test_broken_word_file_is_refused(is_vietnamese):
    data = OLE_MAGIC + "WordDocument".encode("utf-16-le") + bytes(range(256)) * 8
    with pytest.raises(IngestError) as err:
        read(data, "hong.doc")
    assert is_vietnamese(str(err.value))


@pytest.mark.corpus
@pytest.mark.libreoffice
def test_corpus_doc(corpus):
    path = corpus / "dev" / "ld-ttr-cat-cainghien-2025.doc"
    result = read(path.read_bytes(), path.name)
    assert result.format == "doc"
    header = result.blocks[0]
    assert isinstance(header, Table) and header.layout
    assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.rows[0][-1].text
    closing = [b for b in result.blocks if isinstance(b, Table)][-1]
    assert closing.layout
    assert closing.rows[0][0].text.startswith("Nơi nhận")
