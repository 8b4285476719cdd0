"""Official document output: DOCX generation and PDF conversion of a large plan.

    python -m bench.render [--tasks 200] [--runs 15] [--pdf-runs 3]

In a throw-away data folder (SQLite) it loads the sample organisation, imports a plan of
--tasks tasks in groups of 20 (invented wording, lead and support units of the sample
Sở, every kind of timeframe), then times, each as the median of its runs:

- load: the plan with everything printed (documents.queries.plan_for_rendering);
- model: plan -> OfficialDocument (plans.render.plan_document);
- docx: OfficialDocument -> DOCX bytes (documents.render.docx.render_docx);
- pdf: DOCX -> PDF by LibreOffice headless (skipped, saying so, where it is absent).

Measured on the project's machines: about 150 ms for the DOCX of 200 tasks and about
1.3 s a PDF conversion. Not part of `make bench` yet: run it with `python -m bench.render`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

GROUPS = (
    "Xây dựng, hoàn thiện văn bản, kế hoạch về phòng thủ dân sự",
    "Tuyên truyền, phổ biến, giáo dục pháp luật về phòng thủ dân sự",
    "Huấn luyện, bồi dưỡng, diễn tập ứng phó sự cố, thảm họa",
    "Bảo đảm lực lượng, phương tiện, trang thiết bị",
    "Kiểm tra, đôn đốc, sơ kết, tổng kết",
)
ACTIONS = (
    "Rà soát, cập nhật",
    "Tổ chức triển khai",
    "Xây dựng và trình phê duyệt",
    "Kiểm tra, đánh giá việc thực hiện",
    "Tổng hợp, báo cáo kết quả",
)
OBJECTS = (
    "kế hoạch ứng phó sự cố bức xạ, hạt nhân tại các cơ sở sử dụng nguồn phóng xạ",
    "phương án bảo đảm an toàn thông tin trong tình huống thiên tai, thảm họa",
    "danh mục trang thiết bị đo kiểm phục vụ ứng phó sự cố của Sở",
    "nội dung tuyên truyền về Luật Phòng thủ dân sự trên cổng thông tin điện tử",
    "lớp bồi dưỡng kiến thức phòng thủ dân sự cho cán bộ, công chức, viên chức",
)
LEADS = ("Văn phòng Sở", "Thanh tra Sở", "Ban CHQS Sở", "Phòng quản lý Công nghệ và TTCN")
TIMEFRAMES = (
    "Thường xuyên",
    "Quý II/2025",
    "Trước ngày 30/6/2025",
    "Tháng 10/2025",
    "Hằng năm",
    "6 tháng đầu năm 2025",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def synthetic_plan(tasks: int) -> dict[str, Any]:
    """An extraction of a plan with `tasks` tasks, in groups of 20."""
    rows = []
    for index in range(tasks):
        group = index // 20
        lead = LEADS[index % len(LEADS)]
        support = [u for u in LEADS if u != lead][: index % 3]
        rows.append(
            {
                "group": {
                    "label": ROMAN[group % len(ROMAN)],
                    "title": f"{GROUPS[group % len(GROUPS)]} (nhóm {group + 1})",
                },
                "label": str(index % 20 + 1),
                "content": f"{ACTIONS[index % len(ACTIONS)]} "
                f"{OBJECTS[(index // 5) % len(OBJECTS)]} (nhiệm vụ {index + 1}).",
                "lead": [lead],
                "support": support,
                "timeframe": {"text": TIMEFRAMES[index % len(TIMEFRAMES)]},
            }
        )
    return {
        "source": {"filename": "bench.json", "format": "txt", "sha256": ""},
        "document": {
            "type": "Kế hoạch",
            "type_code": "KH",
            "reference": "99/KH-KHCN",
            "number": "99",
            "symbol": "KH-KHCN",
            "issuer": "Sở Khoa học và Công nghệ",
            "issuer_parent": "UBND tỉnh Bắc Giang",
            "place": "Bắc Giang",
            "date": {"year": 2025, "month": 3, "day": 10, "iso": "2025-03-10"},
            "title": "Thực hiện công tác phòng thủ dân sự năm 2025 (dữ liệu đo hiệu năng)",
            "signer": {
                "name": "Trần Minh Khoa",
                "position": "Giám đốc",
                "authority": "",
                "on_behalf_of": "",
            },
            "recipients": [{"name": "Bộ CHQS tỉnh", "purpose": "b/c"}],
            "archive": ["VT", "VP"],
        },
        "citations": [],
        "sections": [],
        "tasks": rows,
        "directives": [],
        "warnings": [],
    }


def timed(runs: int, work: Callable[[], Any]) -> tuple[list[float], Any]:
    """Milliseconds of each run after one warm-up, and the last result."""
    result = work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pdf-runs", type=int, default=3)
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="phongthu-bench-render-"))
    os.environ["PHONGTHU_DATA_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phongthu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from phongthu.documents.queries import plan_for_rendering
    from phongthu.documents.render.docx import render_docx
    from phongthu.documents.render.pdf import docx_to_pdf, pdf_available
    from phongthu.org.models import OrgUnit
    from phongthu.org.sample import sample_organisation_load
    from phongthu.plans.render import plan_document
    from phongthu.plans.services import plan_import

    call_command("migrate", interactive=False, verbosity=0)
    sample_organisation_load(with_people=False)
    plan = plan_import(
        extraction=synthetic_plan(args.tasks), owner=OrgUnit.objects.get(code="so-khcn"), by=None
    )

    rows: list[tuple[str, list[float], str]] = []
    load, loaded = timed(args.runs, lambda: plan_for_rendering(plan.pk))
    rows.append(("load plan (queries)", load, f"{loaded.tasks.count()} tasks"))
    model_times, model = timed(args.runs, lambda: plan_document(loaded))
    rows.append(("plan -> document model", model_times, ""))
    docx_times, data = timed(args.runs, lambda: render_docx(model))
    rows.append(("document model -> DOCX", docx_times, f"{len(data) // 1024} KB"))
    total, _ = timed(args.runs, lambda: render_docx(plan_document(plan_for_rendering(plan.pk))))
    rows.append(("plan -> DOCX, all of it", total, ""))
    if pdf_available():
        pdf_times, pdf = timed(args.pdf_runs, lambda: docx_to_pdf(data))
        rows.append(("DOCX -> PDF (LibreOffice)", pdf_times, f"{len(pdf) // 1024} KB"))
    else:
        rows.append(("DOCX -> PDF (LibreOffice)", [], "skipped: soffice not installed"))

    out = sys.stdout
    out.write(f"Official document output, plan of {args.tasks} tasks\n")
    out.write(f"{'step':<28} {'runs':>4} {'median ms':>10} {'min ms':>8} {'max ms':>8}  note\n")
    for name, times, note in rows:
        if times:
            out.write(
                f"{name:<28} {len(times):>4} {statistics.median(times):>10.1f} "
                f"{min(times):>8.1f} {max(times):>8.1f}  {note}\n"
            )
        else:
            out.write(f"{name:<28} {0:>4} {'-':>10} {'-':>8} {'-':>8}  {note}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
