"""`phongthu render-plan ID (--docx|--pdf) -o FILE`, run as a person runs it: a real process.

A fresh data folder gets `phongthu init --sample`, the seed plan is imported there by a
small Python process (the test database of pytest-django is invisible to other
processes), then the verb writes the plan's DOCX and PDF.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from phongthu.documents.render.pdf import pdf_available
from tests.conftest import SHARED, require

pytestmark = pytest.mark.corpus

SEED = SHARED / "corpus/seed/kh-ptds-2024-sokhcn-bacgiang.txt"
IMPORT_SEED = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phongthu.settings")
import django
django.setup()
from pathlib import Path
from phongthu.ingest.pipeline import extract
from phongthu.org.models import OrgUnit
from phongthu.plans.services import plan_import
path = Path(sys.argv[1])
data = path.read_bytes()
plan = plan_import(
    extraction=extract(data, path.name).to_json(),
    owner=OrgUnit.objects.get(code="so-khcn"),
    by=None,
    data=data,
)
print(plan.pk)
"""


def phongthu_command() -> list[str]:
    script = Path(sys.executable).with_name("phongthu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "phongthu"]


def run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=300, check=False, **kwargs
    )


@pytest.fixture(scope="module")
def installation(tmp_path_factory) -> tuple[dict[str, str], int]:
    """A data folder of its own (SQLite) with the sample organisation and the seed plan."""
    require(SEED.is_file(), f"{SEED} is absent: the shared corpus is read in place")
    data_dir = tmp_path_factory.mktemp("phongthu-data")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PHONGTHU_DATA_DIR"] = str(data_dir)
    init = run([*phongthu_command(), "init", "--sample"], env)
    assert init.returncode == 0, init.stderr
    imported = run([sys.executable, "-c", IMPORT_SEED, str(SEED)], env)
    assert imported.returncode == 0, imported.stderr
    return env, int(imported.stdout.strip().splitlines()[-1])


def test_render_plan_writes_the_docx(installation, tmp_path):
    env, plan_id = installation
    target = tmp_path / "plan.docx"

    done = run([*phongthu_command(), "render-plan", str(plan_id), "--docx", "-o", str(target)], env)

    assert done.returncode == 0, done.stderr
    assert "Đã ghi kế hoạch" in done.stdout and str(target) in done.stdout
    assert zipfile.is_zipfile(target)
    opened = docx.Document(io.BytesIO(target.read_bytes()))
    assert "KẾ HOẠCH" in [p.text for p in opened.paragraphs]
    assert opened.tables[-1].cell(0, 1).paragraphs[0].text == "KT. GIÁM ĐỐC"


def test_render_plan_writes_the_pdf(installation, tmp_path):
    require(pdf_available(), "LibreOffice (soffice) is not installed")
    env, plan_id = installation
    target = tmp_path / "plan.pdf"

    done = run([*phongthu_command(), "render-plan", str(plan_id), "--pdf", "-o", str(target)], env)

    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF-")


def test_without_libreoffice_the_pdf_is_refused_in_vietnamese(installation, tmp_path):
    env, plan_id = installation
    target = tmp_path / "plan.pdf"
    no_programs = tmp_path / "bin"
    no_programs.mkdir()

    done = run(
        [*phongthu_command(), "render-plan", str(plan_id), "--pdf", "-o", str(target)],
        {**env, "PATH": str(no_programs)},
    )

    assert done.returncode == 1
    assert "LibreOffice" in done.stderr and "cài đặt" in done.stderr
    assert not target.exists()


def test_an_unknown_plan_is_refused_in_vietnamese(installation, tmp_path):
    env, _plan_id = installation
    done = run(
        [*phongthu_command(), "render-plan", "987654", "--docx", "-o", str(tmp_path / "x.docx")],
        env,
    )
    assert done.returncode == 1
    assert "Không có kế hoạch mã số 987654" in done.stderr


def test_a_format_must_be_chosen(installation, tmp_path):
    env, plan_id = installation
    done = run([*phongthu_command(), "render-plan", str(plan_id), "-o", str(tmp_path / "x")], env)
    assert done.returncode == 2
    assert "--docx" in done.stderr and "--pdf" in done.stderr
