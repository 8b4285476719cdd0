"""`phongthu render-plan ID (--docx|--pdf) -o FILE`: a plan in the official format.

The same door as the download links (`plans.render.plan_render`), for scripts and for
machines where nobody opens a browser. The operator of the machine runs it, so it asks
no permission of a person.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

Verb = Callable[..., argparse.ArgumentParser]


def register(verb: Verb) -> None:
    sub = verb(
        "render-plan",
        handle,
        "Xuất kế hoạch ra tệp DOCX hoặc PDF theo thể thức Nghị định 30/2020.",
    )
    sub.add_argument("plan_id", type=int, metavar="ID", help="Mã số kế hoạch trong hệ thống.")
    fmt = sub.add_mutually_exclusive_group(required=True)
    fmt.add_argument(
        "--docx", dest="format", action="store_const", const="docx", help="Tệp Word (.docx)."
    )
    fmt.add_argument(
        "--pdf",
        dest="format",
        action="store_const",
        const="pdf",
        help="Tệp PDF (cần LibreOffice).",
    )
    sub.add_argument("-o", "--output", required=True, metavar="TỆP", help="Tệp sẽ ghi ra.")


def handle(args: argparse.Namespace) -> int:
    from phongthu.cli import django_setup, err, os_error_text, out

    django_setup()
    from phongthu.documents.queries import plan_for_rendering
    from phongthu.documents.render.pdf import RenderError
    from phongthu.plans.models import Plan
    from phongthu.plans.render import plan_render

    try:
        plan = plan_for_rendering(args.plan_id)
    except Plan.DoesNotExist:
        err(f"Không có kế hoạch mã số {args.plan_id} trong hệ thống.")
        return 1
    try:
        rendered = plan_render(plan, args.format)
    except RenderError as exc:
        err(str(exc))
        return 1
    target = Path(args.output)
    try:
        target.write_bytes(rendered.data)
    except OSError as exc:
        err(f"Không ghi được tệp “{target}”: {os_error_text(exc)}.")
        return 1
    size_kb = max(1, round(len(rendered.data) / 1024))
    out(f"Đã ghi kế hoạch “{plan.document.title}” ra {target} ({size_kb} KB).")
    return 0
