from __future__ import annotations

import shutil

from phongthu.web.checks import external_programs, media_folder_writable
from tests.conftest import require


def test_no_warning_when_ocr_and_libreoffice_are_installed():
    require(shutil.which("tesseract") is not None, "tesseract is not installed")
    require(shutil.which("soffice") is not None, "LibreOffice is not installed")
    assert external_programs() == []


def test_missing_programs_are_warnings_that_say_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    from phongthu.ingest.readers import tesseract as tess

    tess._languages.cache_clear()
    found = external_programs()
    ids = {message.id for message in found}
    assert ids == {"phongthu.W001", "phongthu.W002"}
    assert all(message.hint.startswith("apt-get install") for message in found)


def test_unwritable_media_folder_is_an_error(settings, tmp_path):
    settings.MEDIA_ROOT = "/proc/phongthu-media"  # no one, not even root, writes there
    assert [m.id for m in media_folder_writable()] == ["phongthu.E001"]
    settings.MEDIA_ROOT = str(tmp_path / "fine")
    assert media_folder_writable() == []
