"""Shared fixtures for the ingest tests.

Tests that need something outside the project — the shared corpus next to the
checkout, tesseract with its Vietnamese model, LibreOffice — say so with a marker
(`corpus`, `ocr`, `libreoffice`). Where the thing is missing they skip with the
reason on a workstation, but fail in CI (the CI variable set), where everything is
installed and a skip would hide a broken set-up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def require(condition: object, reason: str) -> None:
    """Skip the running test when `condition` is false — or fail it in CI."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: a missing prerequisite is an error here)")
    pytest.skip(reason)


def has_tesseract_vie() -> bool:
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "vie" in (out.stdout + out.stderr).split()


def has_soffice() -> bool:
    return any(shutil.which(name) for name in ("soffice", "libreoffice"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("corpus"):
        require(CORPUS.is_dir(), f"the shared corpus is not at {CORPUS}")
    if item.get_closest_marker("ocr"):
        require(has_tesseract_vie(), "tesseract with the Vietnamese model (vie) is not installed")
    if item.get_closest_marker("libreoffice"):
        require(has_soffice(), "LibreOffice (soffice) is not installed")


@pytest.fixture(name="require")
def require_fixture() -> Callable[[object, str], None]:
    return require


@pytest.fixture
def corpus() -> Path:
    require(CORPUS.is_dir(), f"the shared corpus is not at {CORPUS}")
    return CORPUS


_VIETNAMESE_LETTERS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def is_vietnamese(message: str) -> bool:
    """A message meant for users: it has letters only Vietnamese uses."""
    return any(ch in _VIETNAMESE_LETTERS for ch in message.lower())


@pytest.fixture(name="is_vietnamese")
def is_vietnamese_fixture() -> Callable[[str], bool]:
    return is_vietnamese
