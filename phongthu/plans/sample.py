"""The sample plans `phongthu demo` loads, read through the real pipeline.

`samples/ke-hoach-ptds-mau.txt` is a civil-defense plan we wrote for the sample Sở KH&CN
(15/KH-KHCN, 8 tasks in 3 groups); `samples/ke-hoach-ptds-tinh-mau.txt` is the provincial
plan it carries out (36/KH-BCH), so the demo shows the cascade upward. Both are invented,
in the shape and style of real plans. They go through `extract` and `plan_import` exactly as
an upload does, so the demo exercises the parser; importing the same bytes again changes
nothing. One unit (Thanh tra Sở) has written its detailed plan, so the page shows the
cascade downward and the tasks no detailed plan covers yet.
"""

from __future__ import annotations

import copy
import functools
import hashlib
from pathlib import Path
from typing import Any

from django.db import transaction
from django.urls import reverse

from phongthu.ingest.pipeline import extract
from phongthu.org.models import OrgUnit
from phongthu.plans.models import Plan
from phongthu.plans.services import (
    SubplanTaskInput,
    plan_for_file,
    plan_import,
    subplan_create,
    subplan_of,
)

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
PROVINCE_PLAN = ("ke-hoach-ptds-tinh-mau.txt", "bch-ptds")
SAMPLE_PLAN = ("ke-hoach-ptds-mau.txt", "so-khcn")
SUBPLAN_UNIT = "so-khcn-tt"

# What Thanh tra Sở writes in its detailed plan, by the parent task it carries out
# (group label, task label).
SUBPLAN_TITLE = "Kế hoạch chi tiết của Thanh tra Sở thực hiện Kế hoạch số 15/KH-KHCN"
SUBPLAN_TASKS = (
    (
        ("I", "1"),
        "Lập danh mục văn bản quy phạm pháp luật mới về phòng thủ dân sự; "
        "gửi các phòng, đơn vị để thực hiện",
        "Trước ngày 30/4/2025",
    ),
    (
        ("III", "1"),
        "Kiểm tra an toàn bức xạ tại 06 cơ sở X-quang chẩn đoán y tế "
        "theo danh sách được Giám đốc Sở phê duyệt",
        "Quý III/2025",
    ),
)


@functools.cache
def _extraction(filename: str) -> tuple[bytes, dict[str, Any]]:
    """Read a shipped sample once per process: the files never change while it runs, and
    tests that load the sample in every test would otherwise parse it hundreds of times."""
    data = (SAMPLES_DIR / filename).read_bytes()
    return data, extract(data, filename).to_json()


def _import(filename: str, owner_code: str) -> Plan:
    data = (SAMPLES_DIR / filename).read_bytes()
    existing = plan_for_file(hashlib.sha256(data).hexdigest())
    if existing is not None:
        return existing
    data, cached = _extraction(filename)
    extraction = copy.deepcopy(cached)  # plan_import must never share a mutable dict
    return plan_import(
        extraction=extraction, owner=OrgUnit.objects.get(code=owner_code), by=None, data=data
    )


def _subplan(plan: Plan) -> Plan:
    unit = OrgUnit.objects.get(code=SUBPLAN_UNIT)
    existing = subplan_of(parent=plan, unit=unit)
    if existing is not None:
        return existing
    tasks = {
        (t.group.label if t.group else "", t.label): t for t in plan.tasks.select_related("group")
    }
    return subplan_create(
        parent=plan,
        unit=unit,
        title=SUBPLAN_TITLE,
        by=None,
        tasks=[
            SubplanTaskInput(parent_task=tasks[key], content=content, timeframe_text=timeframe)
            for key, content, timeframe in SUBPLAN_TASKS
        ],
    )


@transaction.atomic
def sample_plan_load() -> Plan:
    """Load the provincial plan, the Sở's plan that carries it out, and one unit's
    detailed plan; running it again changes nothing. Returns the Sở's plan."""
    _import(*PROVINCE_PLAN)
    plan = _import(*SAMPLE_PLAN)
    _subplan(plan)
    return plan


def sample_plan() -> Plan | None:
    data = (SAMPLES_DIR / SAMPLE_PLAN[0]).read_bytes()
    return plan_for_file(hashlib.sha256(data).hexdigest())


def sample_plan_path() -> str | None:
    """The sample plan's page, for `phongthu demo` to print."""
    plan = sample_plan()
    return reverse("plans:detail", args=[plan.pk]) if plan else None
