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


@pytest.fixture
def sample_plan(sample_org):
    """The demo's sample plan (15/KH-KHCN), its provincial parent and one unit's sub-plan."""
    from phongthu.plans.sample import sample_plan_load

    return sample_plan_load()


def plan_extraction(
    *,
    tasks: list[dict],
    title: str = "Thực hiện công tác phòng thủ dân sự năm 2024",
    reference: str = "07/KH-KHCN",
    date: str = "2024-03-05",
    citations: list[dict] | None = None,
    sha256: str = "",
) -> dict:
    """A hand-written extraction, so service tests do not depend on the parser."""
    year, month, day = (int(part) for part in date.split("-"))
    number, _slash, symbol = reference.partition("/")
    return {
        "source": {"filename": "", "format": "txt", "sha256": sha256},
        "document": {
            "type": "Kế hoạch",
            "type_code": "KH",
            "reference": reference,
            "number": number or None,
            "symbol": symbol,
            "issuer": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            "issuer_parent": "UBND TỈNH BẮC GIANG",
            "place": "Bắc Giang",
            "date": {"year": year, "month": month, "day": day, "iso": date},
            "title": title,
            "signer": {
                "name": "Lương Quốc Bảo",
                "position": "Phó Giám đốc",
                "authority": "KT.",
                "on_behalf_of": "Giám đốc",
            },
            "recipients": [{"name": "Bộ CHQS tỉnh", "purpose": "b/c"}],
            "archive": ["VT", "VP"],
        },
        "citations": citations or [],
        "tasks": [
            {
                "group": {"label": t.get("group", "I"), "title": t.get("group_title", "Nhóm")},
                "label": t.get("label", str(i + 1)),
                "content": t["content"],
                "lead": t.get("lead", ["Văn phòng Sở"]),
                "support": t.get("support", []),
                "timeframe": {"text": t.get("timeframe", "Thường xuyên"), "edited": True},
            }
            for i, t in enumerate(tasks)
        ],
        "directives": [
            {"kind": "monitor", "units": ["Văn phòng Sở"], "to": "Giám đốc Sở", "cadence": []}
        ],
    }


@pytest.fixture
def make_plan(sample_org):
    """Import a plan from a hand-written extraction: make_plan(tasks=[{"content": …}])."""
    from phongthu.org.models import OrgUnit
    from phongthu.plans.services import plan_import

    def make(*, owner: str = "so-khcn", **kwargs):
        return plan_import(
            extraction=plan_extraction(**kwargs),
            owner=OrgUnit.objects.get(code=owner),
            by=None,
        )

    return make
