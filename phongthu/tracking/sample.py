"""Sample progress on the sample plan, so the demo's dashboard is not empty.

Reports are sent through `progress_submit`, as the demo people would send them, dated
when they would have been sent: some tasks done on time, one done late, one still open
past its deadline, an ongoing task reported this period and another not. All of it is
invented. Loading again changes nothing; without a sample plan it does nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from phongthu.plans.models import Assignment, Plan
from phongthu.tracking.evidence import evidence_check
from phongthu.tracking.models import ProgressUpdate
from phongthu.tracking.services import progress_submit


@dataclass(frozen=True)
class SampleReport:
    group: str
    label: str
    unit: str
    username: str
    status: str
    narrative: str
    percent: int | None = None
    on: datetime.date | None = None  # None: now (this reporting period)
    metrics: tuple[tuple[str, int], ...] = ()
    evidence: str = ""  # file name of a generated PDF attached to the report


REPORTS = (
    SampleReport(
        "I",
        "1",
        "so-khcn-tt",
        "truongphong",
        "in_progress",
        "Đã rà soát 12 văn bản quy phạm pháp luật mới về phòng thủ dân sự; đề xuất sửa đổi "
        "02 điều của Quy chế làm việc của Sở cho phù hợp. Danh mục gửi kèm.",
        percent=70,
        metrics=(("documents_reviewed", 12),),
        evidence="Danh-muc-van-ban-da-ra-soat.pdf",
    ),
    SampleReport(
        "I",
        "2",
        "so-khcn-qlcn",
        "chuyenvien",
        "done",
        "Đã xây dựng Kế hoạch ứng phó sự cố bức xạ, hạt nhân cấp Sở năm 2025; Giám đốc Sở "
        "phê duyệt ngày 10/7/2025 (chậm so với thời hạn do chờ ý kiến góp ý của Bộ CHQS tỉnh).",
        on=datetime.date(2025, 7, 10),
    ),
    SampleReport(
        "I",
        "2",
        "so-khcn-tt",
        "truongphong",
        "done",
        "Đã góp ý dự thảo Kế hoạch ứng phó sự cố bức xạ, hạt nhân về phần kiểm tra, giám sát.",
        on=datetime.date(2025, 5, 28),
    ),
    SampleReport(
        "II",
        "1",
        "so-khcn-vp",
        "vanphong",
        "in_progress",
        "Đăng 03 tin bài về Luật Phòng thủ dân sự trên Trang thông tin điện tử của Sở; lồng "
        "ghép phổ biến tại 02 cuộc họp giao ban.",
        metrics=(("sessions", 2), ("participants", 85)),
        on=datetime.date(2025, 11, 20),
    ),
    SampleReport(
        "III",
        "1",
        "so-khcn-tt",
        "truongphong",
        "done",
        "Đã kiểm tra an toàn bức xạ tại 06 cơ sở X-quang chẩn đoán y tế; lập biên bản, "
        "kiến nghị 02 cơ sở bổ sung hồ sơ đánh giá an toàn.",
        on=datetime.date(2025, 9, 22),
        evidence="Bien-ban-kiem-tra-an-toan-buc-xa.pdf",
    ),
    SampleReport(
        "III",
        "2",
        "so-khcn-vp",
        "vanphong",
        "in_progress",
        "Đã tổng hợp báo cáo của 05/08 phòng, đơn vị; còn chờ Ban CHQS Sở, Phòng QLCN&TTCN "
        "và Trung tâm Ứng dụng.",
        percent=60,
        on=datetime.date(2025, 12, 10),
    ),
)


def sample_pdf(title: str) -> bytes:
    """A one-page PDF with a title line: a real file a viewer opens, made without a library.

    The page text is ASCII (the standard Helvetica font has no Vietnamese glyphs).
    """
    text = title.replace("(", "").replace(")", "").replace("\\", "")
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _sample_plan() -> Plan | None:
    try:
        from phongthu.plans.sample import sample_plan
    except ImportError:
        return None
    return sample_plan()


def _at(day: datetime.date | None) -> datetime.datetime:
    if day is None:
        return timezone.now()
    return datetime.datetime.combine(
        day, datetime.time(9, 30), tzinfo=timezone.get_current_timezone()
    )


def sample_progress_load() -> list[str]:
    """Send the sample reports once; lines say what was done (nothing without a plan)."""
    plan = _sample_plan()
    if plan is None:
        return []
    if ProgressUpdate.objects.filter(assignment__task__plan=plan).exists():
        return []
    people = {u.username: u for u in get_user_model().objects.all()}
    sent = 0
    for report in REPORTS:
        assignment = (
            Assignment.objects.select_related("task", "unit")
            .filter(
                task__plan=plan,
                task__group__label=report.group,
                task__label=report.label,
                unit__code=report.unit,
            )
            .first()
        )
        person = people.get(report.username)
        if assignment is None or person is None:
            continue
        files = []
        if report.evidence:
            files.append(
                evidence_check(name=report.evidence, file=sample_pdf(report.evidence[:-4]))
            )
        progress_submit(
            assignment=assignment,
            by=person,
            status=report.status,
            narrative=report.narrative,
            percent=report.percent,
            metrics=dict(report.metrics),
            files=files,
            expected_version=assignment.version,
            now=_at(report.on),
        )
        sent += 1
    if not sent:
        return []
    return [f"Đã nạp {sent} báo cáo tiến độ mẫu của các phòng, đơn vị."]
