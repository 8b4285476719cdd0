"""The sample plan we wrote for the demo: read by the real parser, every unit resolved."""

from __future__ import annotations

import pytest

from phongthu.ingest.pipeline import extract
from phongthu.org.models import OrgUnit
from phongthu.plans.models import Assignment, Plan, Task
from phongthu.plans.sample import PROVINCE_PLAN, SAMPLE_PLAN, SAMPLES_DIR, sample_plan_path
from phongthu.plans.services import plan_units_resolve

pytestmark = pytest.mark.django_db


def _extraction(filename: str) -> dict:
    return extract((SAMPLES_DIR / filename).read_bytes(), filename).to_json()


def test_the_sample_parses_with_every_unit_resolved(sample_org):
    extraction = _extraction(SAMPLE_PLAN[0])
    document = extraction["document"]
    assert document["reference"] == "15/KH-KHCN"
    assert document["issuer"] == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert document["date"]["iso"] == "2025-03-12"
    assert document["title"] == "Thực hiện công tác phòng thủ dân sự năm 2025"
    assert document["signer"]["authority"] == "KT."
    assert document["archive"] == ["VT", "VP"]
    assert [c["reference"] for c in extraction["citations"]] == ["204/KH-UBND", "36/KH-BCH"]
    assert len(extraction["tasks"]) == 8
    assert [t["group"]["label"] for t in extraction["tasks"]].count("II") == 3
    kinds = {t["timeframe"]["text"]: t["timeframe"]["kind"] for t in extraction["tasks"]}
    assert kinds == {
        "Thường xuyên": "ongoing",
        "Quý II/2025": "period",
        "Trước ngày 30/6/2025": "deadline",
        "Hằng năm": "recurring",
        "Tháng 10/2025": "period",
        "Quý III/2025": "period",
        "Trước ngày 15/12/2025": "deadline",
    }
    names = plan_units_resolve(extraction=extraction, owner=OrgUnit.objects.get(code="so-khcn"))
    assert names.unresolved == []


def test_the_provincial_sample_resolves_too(sample_org):
    extraction = _extraction(PROVINCE_PLAN[0])
    assert extraction["document"]["reference"] == "36/KH-BCH"
    owner = OrgUnit.objects.get(code=PROVINCE_PLAN[1])
    assert plan_units_resolve(extraction=extraction, owner=owner).unresolved == []


def test_loading_makes_the_plan_its_cascade_and_a_subplan(sample_plan):
    plan = sample_plan
    assert plan.owner.code == "so-khcn"
    assert plan.year == 2025
    assert plan.tasks.count() == 8
    assert [g.label for g in plan.groups.order_by("position")] == ["I", "II", "III"]
    assert plan.monitoring_unit.code == "so-khcn-vp"
    assert plan.reports_to == "Giám đốc Sở"
    assert {"periodic", "ad_hoc"} <= set(plan.reporting_cadence)
    # The provincial plan it cites is in the system: the citation resolves, the cascade links.
    assert [p.document.reference for p in plan.implements.all()] == ["36/KH-BCH"]
    assert plan.document.citations.get(reference="36/KH-BCH").resolved is not None
    sub = plan.subplans.get()
    assert sub.owner.code == "so-khcn-tt"
    assert {t.parent_task.plan_id for t in sub.tasks.all()} == {plan.pk}


def test_loading_again_changes_nothing(sample_plan):
    from phongthu.plans.sample import sample_plan_load

    counts = (Plan.objects.count(), Task.objects.count(), Assignment.objects.count())
    assert sample_plan_load().pk == sample_plan.pk
    assert counts == (Plan.objects.count(), Task.objects.count(), Assignment.objects.count())


def test_the_samples_registry_loads_it_and_says_where_it_is(db):
    from phongthu.samples import sample_load

    lines = sample_load()
    path = sample_plan_path()
    assert path is not None
    assert any("15/KH-KHCN" in line and path in line for line in lines)
