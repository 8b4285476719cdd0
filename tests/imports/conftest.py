from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import require

SEED = "corpus/seed/kh-ptds-2024-sokhcn-bacgiang.txt"


@pytest.fixture
def seed_path(shared_dir) -> Path:
    path = shared_dir / SEED
    require(path.exists(), f"{path} is absent")
    return path


@pytest.fixture
def seed_bytes(seed_path) -> bytes:
    return seed_path.read_bytes()


@pytest.fixture
def start(unit, personas, django_capture_on_commit_callbacks):
    """Upload bytes as the Office clerk of Sở KH&CN; the read job is queued, not run."""
    from phongthu.imports.services import plan_import_start

    def _start(data: bytes, filename: str = "ke-hoach.txt", owner: str = "so-khcn"):
        with django_capture_on_commit_callbacks(execute=True):
            return plan_import_start(
                data=data, filename=filename, owner=unit(owner), by=personas.office
            )

    return _start


@pytest.fixture
def read(start):
    """Upload and run the read job in this process: an import ready for review."""
    from phongthu.imports.models import PlanImport
    from phongthu.imports.services import plan_import_read

    def _read(data: bytes, filename: str = "ke-hoach.txt", owner: str = "so-khcn"):
        plan_import = start(data, filename, owner)
        plan_import_read(plan_import_id=plan_import.pk)
        return PlanImport.objects.get(pk=plan_import.pk)

    return _read
