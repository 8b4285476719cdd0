"""Fixtures for the documents tests: the seed plan imported, and its rendering."""

from __future__ import annotations

import pytest

from phongthu.documents.queries import plan_for_rendering
from phongthu.documents.render.docx import render_docx
from phongthu.plans.render import plan_document
from phongthu.plans.services import plan_import
from tests.plans.conftest import seed_bytes, seed_extraction  # noqa: F401 — fixtures


@pytest.fixture
def seed_plan(personas, unit, seed_bytes, seed_extraction):  # noqa: F811
    data, _name = seed_bytes
    plan = plan_import(
        extraction=seed_extraction, owner=unit("so-khcn"), by=personas.office, data=data
    )
    return plan_for_rendering(plan.pk)


@pytest.fixture
def seed_docx(seed_plan) -> bytes:
    return render_docx(plan_document(seed_plan))
