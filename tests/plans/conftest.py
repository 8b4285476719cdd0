from __future__ import annotations

import pytest

from phongthu.ingest.pipeline import extract
from tests.conftest import require


@pytest.fixture
def seed_bytes(shared_dir) -> tuple[bytes, str]:
    path = shared_dir / "corpus/seed/kh-ptds-2024-sokhcn-bacgiang.txt"
    require(path.exists(), f"{path} is absent")
    return path.read_bytes(), path.name


@pytest.fixture
def seed_extraction(seed_bytes) -> dict:
    data, name = seed_bytes
    return extract(data, name).to_json()
