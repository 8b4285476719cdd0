"""`phongthu report --plan ID --period 2024-Q2 (--docx|--pdf|--xlsx) -o FILE`.

DOCX and PDF: the compiled report (Báo cáo) of that period, as the Office edited it;
where no one has compiled it yet, the report as the data would pre-fill it (a draft, not
saved). XLSX: one workbook with the task-status table and the units × periods grid.
The same doors as the pages (`reporting.render.compiled_render`, `reporting.xlsx`). The
operator of the machine runs it, so it asks no permission of a person.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

Verb = Callable[..., argparse.ArgumentParser]


def register(verb: Verb) -> None:
    sub = verb(
        "report",
        handle,
        "Xuất báo cáo kết quả thực hiện kế hoạch của một kỳ (DOCX, PDF) hoặc bảng số liệu (XLSX).",
    )
    sub.add_argument("--plan", required=True, type=int, metavar="ID", help="Mã số kế hoạch.")
    sub.add_argument(
        "--period",
        required=True,
        metavar="KỲ",
        help="Kỳ báo cáo: 2024-Q2 (quý), 2024-M05 (tháng), 2024-H1 (6 tháng), 2024 (năm).",
    )
    fmt = sub.add_mutually_exclusive_group(required=True)
    for name, text in (
        ("docx", "Báo cáo dạng Word (.docx) theo thể thức Nghị định 30/2020."),
        ("pdf", "Báo cáo dạng PDF (cần LibreOffice)."),
        ("xlsx", "Bảng tình hình nhiệm vụ và bảng báo cáo của đơn vị (.xlsx)."),
    ):
        fmt.add_argument(f"--{name}", dest="format", action="store_const", const=name, help=text)
    sub.add_argument("-o", "--output", required=True, metavar="TỆP", help="Tệp sẽ ghi ra.")


def handle(args: argparse.Namespace) -> int:
    from phongthu.cli import django_setup, err, os_error_text, out

    django_setup()
    from django.utils import timezone

    from phongthu.documents.render.pdf import RenderError
    from phongthu.reporting import queries, xlsx
    from phongthu.reporting.compiled import compiled_preview
    from phongthu.reporting.content import task_lines
    from phongthu.reporting.facts import deadline_for
    from phongthu.reporting.models import ReportRequest, RequestKind
    from phongthu.reporting.periods import parse_period
    from phongthu.reporting.render import compiled_render
    from phongthu.reporting.services import plan_reporting

    try:
        period = parse_period(args.period)
    except ValueError:
        err(
            f"Kỳ báo cáo “{args.period}” không hợp lệ: viết như 2024-Q2, 2024-M05, 2024-H1 "
            "hoặc 2024."
        )
        return 1
    plan = queries.plan_for_reporting(args.plan)
    if plan is None:
        err(f"Không có kế hoạch mã số {args.plan} trong hệ thống.")
        return 1
    today = timezone.localdate()
    request = queries.periodic_request(plan, period.key)
    if request is None:
        # Nobody opened the period: read it as the data stands, writing nothing.
        request = ReportRequest(
            plan=plan,
            kind=RequestKind.PERIODIC,
            period_key=period.key,
            title=f"Báo cáo {period.label}",
            start=period.start,
            cutoff=period.end,
            deadline=deadline_for(
                cutoff=period.end, deadline_days=plan_reporting(plan).deadline_days
            ),
        )
    lines = task_lines(request, today)
    if args.format == "xlsx":
        grid = queries.completeness_grid(plan, today)
        data = xlsx.report_workbook(
            lines,
            grid,
            tasks_title=f"Tình hình thực hiện nhiệm vụ {period.label} — {plan.document.title}",
            grid_title=f"Tình hình gửi báo cáo của các phòng, đơn vị — {plan.document.title}",
        )
        what = f"bảng số liệu {period.label}"
    else:
        report = queries.compiled_for_request(request) if request.pk else None
        draft = report is None
        if report is None:
            report = compiled_preview(request=request, today=today)
        try:
            data = compiled_render(report, lines, args.format).data
        except RenderError as exc:
            err(str(exc))
            return 1
        what = f"báo cáo “{report.document.title}”" + (" (bản dự thảo từ số liệu)" if draft else "")
    target = Path(args.output)
    try:
        target.write_bytes(data)
    except OSError as exc:
        err(f"Không ghi được tệp “{target}”: {os_error_text(exc)}.")
        return 1
    out(f"Đã ghi {what} ra {target} ({max(1, round(len(data) / 1024))} KB).")
    return 0
