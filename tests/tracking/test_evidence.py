"""Evidence is judged by content: the accepted kinds pass, renamed impostors do not."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from phongthu.tracking.evidence import (
    DOCX,
    JPEG,
    PDF,
    PNG,
    XLSX,
    EvidenceRejected,
    clean_filename,
    evidence_check,
)
from tests.tracking import files


@pytest.mark.parametrize(
    ("make", "name", "kind"),
    [
        (files.pdf, "bien-ban.pdf", PDF),
        (files.docx_bytes, "bao-cao.docx", DOCX),
        (files.xlsx, "so-lieu.xlsx", XLSX),
        (files.png, "anh.png", PNG),
        (files.jpeg, "anh.jpg", JPEG),
        # the name does not matter: a PDF called .png is a PDF
        (files.pdf, "anh-chup.png", PDF),
        (files.docx_bytes, "khong-ten", DOCX),
    ],
)
def test_accepted_kinds_are_recognised_by_content(make, name, kind):
    data = make()
    checked = evidence_check(name=name, file=data)
    assert checked.kind == kind
    assert checked.size == len(data)
    assert len(checked.sha256) == 64
    assert checked.source.read() == data


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (files.EXE, "bao-cao.pdf", "Không nhận loại tệp này"),
        (b"Bao cao tien do", "bao-cao.docx", "Không nhận loại tệp này"),
        (files.FAKE_PDF, "bao-cao.pdf", "Tệp PDF không đầy đủ hoặc bị hỏng"),
        (files.OLE_DOC, "bao-cao.doc", "định dạng cũ (.doc, .xls)"),
        (files.plain_zip(), "bao-cao.docx", "không phải văn bản Word"),
        (files.docm(), "bao-cao.docx", "có macro"),
        (files.xlsx(files.XLSM_MAIN), "so-lieu.xlsx", "có macro"),
        (b"PK\x03\x04broken zip", "bao-cao.xlsx", "bị hỏng"),
        (b"", "rong.pdf", "không có nội dung"),
    ],
)
def test_impostors_are_refused_in_vietnamese(data, name, says):
    with pytest.raises(EvidenceRejected) as caught:
        evidence_check(name=name, file=data)
    assert says in str(caught.value)


def test_size_limit(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    big = files.pdf() + b" " * 2048 + b"%%EOF\n"
    with pytest.raises(EvidenceRejected) as caught:
        evidence_check(name="lon.pdf", file=big)
    assert "vượt mức tối đa" in str(caught.value)
    assert "lon.pdf" in str(caught.value)


def test_filenames_lose_folders_and_control_characters():
    assert clean_filename("C:\\Users\\a\\Biên bản.pdf") == "Biên bản.pdf"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("a\x00b\n.pdf") == "ab.pdf"
    assert clean_filename("") == "tep-minh-chung"
    assert len(clean_filename("x" * 300 + ".pdf")) <= 200
    assert clean_filename("x" * 300 + ".pdf").endswith(".pdf")


@hypothesis_settings(max_examples=300)
@given(data=st.binary(max_size=2048), name=st.text(max_size=80))
def test_any_bytes_are_either_accepted_or_refused_with_a_reason(data, name):
    try:
        checked = evidence_check(name=name, file=data)
    except EvidenceRejected as exc:
        assert str(exc)
    else:
        assert checked.kind in (PDF, DOCX, XLSX, PNG, JPEG)


@given(
    prefix=st.sampled_from([b"%PDF-", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]),
    rest=st.binary(max_size=512),
)
def test_magic_prefixes_with_garbage_never_crash(prefix, rest):
    # Either outcome is fine; an exception of any other kind is the failure.
    with contextlib.suppress(EvidenceRejected):
        evidence_check(name="x", file=prefix + rest)
