"""Shared fixtures: the sample organisation and its personas.

Personas are named people with one role each, as in Healthchecks' tests: the Office
clerk (Văn phòng), a unit head, another unit's staff, the Director, someone from
another Sở, and the rest of the roles.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _find_shared() -> Path:
    """Where the shared corpus lives: PHONGTHU_SHARED_DIR, else ../shared beside the
    checkout, else ../shared beside the repository this one was cloned from (a fresh
    clone in /tmp still finds the corpus of the checkout it came from)."""
    configured = os.environ.get("PHONGTHU_SHARED_DIR")
    if configured:
        return Path(configured)
    beside = ROOT.parent / "shared"
    if beside.is_dir():
        return beside
    try:
        origin = subprocess.run(
            ["git", "-C", str(ROOT), "remote", "get-url", "origin"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        origin = ""
    if origin and Path(origin).is_dir():
        candidate = Path(origin).resolve().parent / "shared"
        if candidate.is_dir():
            return candidate
    return beside


SHARED = _find_shared()


def require(condition: bool, reason: str) -> None:
    """Skip with the reason where something outside the project is missing, never in CI."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test, but: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _test_settings(request, tmp_path):
    """Fast password hashing and a media folder of the test's own.

    Real hashing costs ~0.3 s a user and tests create many users. Skipped where the
    Django plugin is off (`-p no:django` for the pure ingest and text libraries).
    """
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def shared_dir() -> Path:
    require(SHARED.is_dir(), f"{SHARED} is absent: the shared corpus is read in place")
    return SHARED


@dataclass
class Personas:
    office: object  # Văn phòng Sở, role office ("the Office clerk")
    unit_head: object  # Thanh tra Sở, unit head
    other_staff: object  # Phòng QLCN&TTCN, unit staff
    director: object  # Sở KH&CN, leadership
    other_department: object  # Văn phòng Sở Công Thương, office
    clerk: object  # Văn thư
    higher_body: object  # Bộ CHQS tỉnh
    admin: object


@pytest.fixture
def sample_org(db):
    from phongthu.org.sample import sample_organisation_load

    return sample_organisation_load()


@pytest.fixture
def personas(sample_org) -> Personas:
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    return Personas(
        office=users["vanphong"],
        unit_head=users["truongphong"],
        other_staff=users["chuyenvien"],
        director=users["lanhdao"],
        other_department=users["congthuong"],
        clerk=users["vanthu"],
        higher_body=users["chqs"],
        admin=users["quantri"],
    )


@pytest.fixture
def unit(sample_org):
    """Look a sample unit up by code: unit("so-khcn-vp")."""
    from phongthu.org.models import OrgUnit

    return lambda code: OrgUnit.objects.get(code=code)
