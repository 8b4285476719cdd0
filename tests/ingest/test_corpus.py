"""Golden tests: the pipeline on the shared corpus, in place, scored by the shared scorer.

The seed must match exactly. The dev documents are real ones, read by every reader
(DOCX, Word 97, PDF text layer, a scan through OCR); each keeps at least the score it
reaches today, so a change that loses ground on a real document fails here. Without
../shared these tests skip with the reason — or fail when CI is set.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from phongthu.ingest.model import IngestError
from phongthu.ingest.pipeline import extract_file
from tests.conftest import SHARED

_CORPUS = SHARED / "corpus"

# Per-document floors (matched / expected fields) for the dev set; the default applies
# to documents not listed.
_DEV_FLOOR = 0.95
_DEV_FLOORS: dict[str, float] = {
    # A scan with a handwritten number and day and OCR noise in its header and closing.
    "bca-cv-2388-c04-scan.expected.json": 0.93,
}
_DEV_TOTAL_FLOOR = 0.98
_OCR = {"bca-cv-2388-c04-scan.expected.json"}


def _scorer(corpus: Path) -> ModuleType:
    path = corpus.parent / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec is not None and spec.loader is not None, f"no scorer at {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _extraction(path: str) -> dict[str, Any]:
    # Each document is read once per session: the scan goes through OCR, which is slow.
    return extract_file(path).to_json()


def _expectations(folder: str) -> list[Any]:
    names = sorted(p.name for p in (_CORPUS / folder).glob("*.expected.json"))
    if not names:
        return ["(corpus absent)"]
    return [pytest.param(n, marks=pytest.mark.ocr) if n in _OCR else pytest.param(n) for n in names]


def _score(corpus: Path, folder: str, name: str, require: Any) -> tuple[int, int, list[str]]:
    expected_path = corpus / folder / name
    require(expected_path.is_file(), f"{expected_path} is absent")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    source = expected_path.parent / expected["source"]["filename"]
    try:
        actual = _extraction(str(source))
    except IngestError as exc:
        require(False, f"{source.name} cannot be read here: {exc}")
        raise
    tally = _scorer(corpus).score(expected, actual)
    return tally.matched, tally.total, tally.misses


@pytest.mark.corpus
@pytest.mark.parametrize("name", _expectations("seed"))
def test_seed_matches_exactly(corpus: Path, name: str, require: Any) -> None:
    matched, total, misses = _score(corpus, "seed", name, require)
    assert misses == []
    assert matched == total > 0


@pytest.mark.corpus
@pytest.mark.parametrize("name", _expectations("dev"))
def test_dev_document_keeps_its_score(corpus: Path, name: str, require: Any) -> None:
    matched, total, misses = _score(corpus, "dev", name, require)
    assert total > 0
    assert matched / total >= _DEV_FLOORS.get(name, _DEV_FLOOR), misses


@pytest.mark.corpus
def test_dev_set_as_a_whole(corpus: Path, require: Any) -> None:
    matched = total = 0
    for path in sorted((corpus / "dev").glob("*.expected.json")):
        m, t, _ = _score(corpus, "dev", path.name, require)
        matched, total = matched + m, total + t
    assert total > 0
    assert matched / total >= _DEV_TOTAL_FLOOR
