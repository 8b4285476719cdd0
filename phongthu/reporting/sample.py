"""A compiled quarterly report of the sample plan, so the demo shows reporting end to end.

Quý IV/2025 of the sample plan (15/KH-KHCN): the Office opened it; Thanh tra Sở sent its
report on time and the Office accepted it; Văn phòng Sở sent its own late; the other
units did not report. The Office compiled the Báo cáo from that and the sample progress,
the Director approved it, the clerk numbered it in the register and sent it to the
provincial military command and the civil-defense command (b/c). Everything goes
through the services, dated when it would have happened; all of it is invented.
Loading again changes nothing; without the sample plan it does nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from phongthu.org.models import OrgUnit
from phongthu.reporting import compiled
from phongthu.reporting.models import ReportRequest
from phongthu.reporting.periods import parse_period
from phongthu.reporting.services import request_open_periodic, unit_report_accept, unit_report_save

PERIOD = "2025-Q4"


@dataclass(frozen=True)
class SampleUnitReport:
    unit: str
    username: str
    on: datetime.date
    results: str
    difficulties: str = ""
    next_steps: str = ""
    proposals: str = ""


REPORTS = (
    SampleUnitReport(
        "so-khcn-tt",
        "truongphong",
        datetime.date(2025, 12, 16),
        "Hoàn thành kiểm tra an toàn bức xạ tại 06 cơ sở X-quang chẩn đoán y tế; kiến nghị "
        "02 cơ sở bổ sung hồ sơ đánh giá an toàn. Tiếp tục rà soát văn bản quy phạm pháp "
        "luật mới về phòng thủ dân sự.",
        difficulties="Cán bộ thanh tra kiêm nhiệm nhiều nhiệm vụ, thời gian dành cho công "
        "tác phòng thủ dân sự còn hạn chế.",
        next_steps="Theo dõi việc khắc phục kiến nghị của 02 cơ sở X-quang.",
        proposals="Đề nghị Sở bố trí kinh phí mua sắm 01 máy đo suất liều bức xạ.",
    ),
    SampleUnitReport(
        "so-khcn-vp",
        "vanphong",
        datetime.date(2025, 12, 22),
        "Đăng 03 tin bài tuyên truyền Luật Phòng thủ dân sự; tổng hợp báo cáo của các "
        "phòng, đơn vị phục vụ báo cáo năm.",
        next_steps="Xây dựng dự thảo Kế hoạch công tác phòng thủ dân sự năm 2026.",
    ),
)
OPENED_ON = datetime.date(2025, 12, 1)
COMPILED_ON = datetime.date(2025, 12, 23)
ISSUED_ON = datetime.date(2025, 12, 26)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(10, 0), tzinfo=timezone.get_current_timezone()
    )


def sample_reporting_load() -> list[str]:
    """Open Quý IV/2025 of the sample plan, send the units' reports, compile, approve,
    number and send the Báo cáo; lines say what was done (nothing if already done)."""
    from phongthu.plans.sample import sample_plan

    plan = sample_plan()
    if plan is None:
        return []
    if ReportRequest.objects.filter(plan=plan, period_key=PERIOD).exists():
        return []
    people = {u.username: u for u in get_user_model().objects.all()}
    office, director, clerk = people.get("vanphong"), people.get("lanhdao"), people.get("vanthu")
    if office is None or director is None or clerk is None:
        return []
    request, _created = request_open_periodic(
        plan=plan, period=parse_period(PERIOD), by=office, today=OPENED_ON
    )
    for item in REPORTS:
        person = people.get(item.username)
        if person is None:
            continue
        sent = unit_report_save(
            request=request,
            unit=OrgUnit.objects.get(code=item.unit),
            by=person,
            results=item.results,
            difficulties=item.difficulties,
            next_steps=item.next_steps,
            proposals=item.proposals,
            figures={},
            expected_version=None,
            submit=True,
            now=_at(item.on),
        )
        if item.unit == "so-khcn-tt":
            unit_report_accept(report=sent, by=office)
    report = compiled.compiled_report_create(request=request, by=office, today=COMPILED_ON)
    compiled.compiled_report_submit(report=report, by=office)
    compiled.compiled_report_approve(report=report, by=director)
    report = compiled.compiled_report_issue(report=report, by=clerk, today=ISSUED_ON)
    return [
        f"Đã nạp báo cáo mẫu {report.document.type} số {report.document.reference}: "
        f"{report.document.title}; trang báo cáo: /bao-cao/tong-hop/{report.pk}/"
    ]
