"""Round trip: a plan rendered as DOCX and read back by `phongthu parse` is the same plan.

The expectation is built from the plan as the system holds it (its document's fields,
citations, outline, tasks with their groups, units as printed and schedules,
recipients, signer), not from the seed's own expectation file, and scored with the
shared scorer (imported from ../shared/tools in place). It must score 100%.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from phongthu.documents.queries import plan_for_rendering
from phongthu.documents.render.docx import render_docx
from phongthu.ingest.pipeline import extract
from phongthu.plans.models import AssignmentRole, Plan
from phongthu.plans.render import plan_document, units_as_printed
from phongthu.plans.services import plan_import
from tests.conftest import require

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]


@pytest.fixture
def scorer(shared_dir):
    path = shared_dir / "tools/score_extraction.py"
    require(path.is_file(), f"{path} is absent")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _or_none(value: Any) -> Any:
    return value if value not in ("", None) else None


def expectation(plan: Plan) -> dict[str, Any]:
    """What the rendered plan must read back as, from the plan's own rows."""
    doc = plan.document
    date = {"year": doc.date_year, "month": doc.date_month, "day": doc.date_day}
    date["iso"] = doc.date.isoformat() if doc.date else None
    document = {
        "type": doc.type,
        "type_code": _or_none(doc.type_code),
        "reference": doc.reference,
        "number": _or_none(doc.number),
        "symbol": _or_none(doc.symbol),
        "issuer": doc.issuer or plan.owner.name,
        "issuer_parent": _or_none(doc.issuer_parent),
        "place": _or_none(doc.place),
        "date": date,
        "title": doc.title,
        "signer": {
            "name": doc.signer_name,
            "position": doc.signer_position,
            "authority": doc.signer_authority,
            "on_behalf_of": doc.signer_on_behalf_of,
        },
        "recipients": [
            {"name": r["name"], "purpose": _or_none(r.get("purpose"))} for r in doc.recipients
        ],
        "archive": list(doc.archive),
    }
    citations = [
        {
            "type": c.type,
            "reference": c.reference,
            "date": c.date.isoformat() if c.date else None,
            "issuer": _or_none(c.issuer),
            "role": c.role,
        }
        for c in doc.citations.all()
    ]
    tasks = []
    for task in plan.tasks.all():
        group = {"label": task.group.label, "title": task.group.title} if task.group else None
        tasks.append(
            {
                "group": group,
                "label": task.label,
                "content": task.content,
                "lead": units_as_printed(task, AssignmentRole.LEAD),
                "support": units_as_printed(task, AssignmentRole.SUPPORT),
                "timeframe": {
                    "text": task.timeframe_text,
                    "kind": task.kind,
                    "start": task.start.isoformat() if task.start else None,
                    "due": task.due.isoformat() if task.due else None,
                    "recurrence": _or_none(task.recurrence),
                },
            }
        )
    expected = {"document": document, "citations": citations, "tasks": tasks}
    sections = (doc.extraction or {}).get("sections")
    if sections:
        expected["sections"] = sections
    return expected


def read_back(plan: Plan) -> dict[str, Any]:
    data = render_docx(plan_document(plan))
    return extract(data, f"plan-{plan.pk}.docx").to_json()


def assert_scores_100(scorer, expected: dict[str, Any], actual: dict[str, Any]) -> None:
    tally = scorer.score(expected, actual)
    assert tally.misses == [], "\n".join(tally.misses)
    assert tally.matched == tally.total


def test_the_seed_plan_reads_back_at_100_percent(
    personas, unit, seed_bytes, seed_extraction, scorer
):
    data, _name = seed_bytes
    plan = plan_import(
        extraction=seed_extraction, owner=unit("so-khcn"), by=personas.office, data=data
    )
    plan = plan_for_rendering(plan.pk)
    expected = expectation(plan)

    actual = read_back(plan)

    assert actual["source"]["format"] == "docx"
    assert_scores_100(scorer, expected, actual)
    tally = scorer.score(expected, actual)
    # Every part was scored: document, 5 citations, the outline and 5 tasks.
    assert tally.total >= 100
    assert len(actual["tasks"]) == 5
    assert {c["reference"] for c in actual["citations"]} >= {"42/KH-UBND", "1217/QĐ-TTg"}


# A plan of our own, numbered and dated, with what the seed lacks: a parent body,
# several leads in one cell, dated and recurring timeframes, a task outside any group.
OWN_PLAN: dict[str, Any] = {
    "source": {"filename": "kh-ptds-2025-sokhcn.json", "format": "txt", "sha256": ""},
    "document": {
        "type": "Kế hoạch",
        "type_code": "KH",
        "reference": "27/KH-KHCN",
        "number": "27",
        "symbol": "KH-KHCN",
        "issuer": "Sở Khoa học và Công nghệ",
        "issuer_parent": "UBND tỉnh Bắc Giang",
        "place": "Bắc Giang",
        "date": {"year": 2025, "month": 2, "day": 7, "iso": "2025-02-07"},
        "title": "Huấn luyện, diễn tập ứng phó sự cố bức xạ năm 2025",
        "signer": {
            "name": "Trần Minh Khoa",
            "position": "Giám đốc",
            "authority": "",
            "on_behalf_of": "",
        },
        "recipients": [
            {"name": "Ban Chỉ huy phòng thủ dân sự tỉnh", "purpose": "b/c"},
            {"name": "Các phòng, đơn vị thuộc Sở", "purpose": "t/h"},
        ],
        "archive": ["VT", "VP"],
    },
    "citations": [
        {
            "type": "Kế hoạch",
            "reference": "12/KH-BCH",
            "date": "2025-01-15",
            "issuer": "Ban Chỉ huy phòng thủ dân sự tỉnh",
            "role": "basis",
        }
    ],
    "sections": [],
    "tasks": [
        {
            "group": {"label": "I", "title": "Chuẩn bị lực lượng và phương tiện"},
            "label": "1",
            "content": "Kiện toàn tổ ứng phó sự cố bức xạ của Sở, phân công từng thành viên.",
            "lead": ["Văn phòng Sở", "Ban CHQS Sở"],
            "support": ["Thanh tra Sở"],
            "timeframe": {"text": "Trước ngày 31/3/2025"},
        },
        {
            "group": {"label": "I", "title": "Chuẩn bị lực lượng và phương tiện"},
            "label": "2",
            "content": "Kiểm tra thiết bị đo suất liều bức xạ tại các cơ sở.",
            "lead": ["Phòng quản lý Công nghệ và TTCN"],
            "support": ["Văn phòng Sở"],
            "timeframe": {"text": "Quý II/2025"},
        },
        {
            "group": {"label": "II", "title": "Tổ chức diễn tập"},
            "label": "1",
            "content": "Diễn tập ứng phó sự cố rò rỉ nguồn phóng xạ tại cơ sở y tế.",
            "lead": ["Ban CHQS Sở"],
            "support": ["Các phòng, đơn vị thuộc Sở"],
            "timeframe": {"text": "Tháng 10/2025"},
        },
        {
            "group": {"label": "II", "title": "Tổ chức diễn tập"},
            "label": "2",
            "content": "Báo cáo kết quả huấn luyện, diễn tập về Ban Chỉ huy phòng thủ dân sự tỉnh.",
            "lead": ["Văn phòng Sở"],
            "support": [],
            "timeframe": {"text": "Hằng quý"},
        },
    ],
    "directives": [
        {
            "kind": "monitor",
            "text": "Văn phòng Sở theo dõi, đôn đốc việc thực hiện Kế hoạch này, "
            "báo cáo Giám đốc Sở theo quý.",
            "units": ["Văn phòng Sở"],
            "to": "Giám đốc Sở",
            "cadence": ["quarterly"],
        }
    ],
    "warnings": [],
}


def test_a_numbered_plan_with_several_leads_reads_back_at_100_percent(unit, scorer):
    plan = plan_import(extraction=OWN_PLAN, owner=unit("so-khcn"), by=None)
    plan = plan_for_rendering(plan.pk)
    expected = expectation(plan)
    assert expected["tasks"][0]["lead"] == ["Văn phòng Sở", "Ban CHQS Sở"]
    assert expected["tasks"][0]["timeframe"]["due"] == "2025-03-31"

    actual = read_back(plan)

    assert_scores_100(scorer, expected, actual)
