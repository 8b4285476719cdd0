"""The demo holds a compiled quarterly report of its sample plan; loading again changes
nothing."""

from __future__ import annotations

import pytest

from phongthu.reporting.models import CompiledReport, CompiledStatus, ReportDispatch
from phongthu.samples import sample_load

pytestmark = pytest.mark.django_db


def test_the_demo_holds_a_compiled_quarterly_report(personas, client):
    lines = sample_load()
    assert any("Đã nạp báo cáo mẫu Báo cáo số" in line for line in lines)
    report = CompiledReport.objects.select_related("document", "request").get()
    assert report.request.period_key == "2025-Q4"
    assert report.status == CompiledStatus.ISSUED
    assert report.document.reference.endswith("/BC-KHCN")
    assert report.document.title.endswith("Quý IV/2025")
    assert "Kết quả cụ thể" in report.results
    assert ReportDispatch.objects.filter(report=report, unit__code="bo-chqs").exists()

    assert not any("báo cáo mẫu" in line for line in sample_load())
    assert CompiledReport.objects.count() == 1

    client.force_login(personas.higher_body)
    page = client.get(f"/bao-cao/tong-hop/{report.pk}/")
    assert page.status_code == 200
    assert client.get(f"/bao-cao/tong-hop/{report.pk}/docx/").status_code == 200
