"""`phongthu import FILE… [--org CODE] [--yes]`: plans from documents, from the shell.

Each file is read in this process (with a progress bar over the files), summarised, and
after a yes (or with --yes) handed to `plans.services.plan_import`, the same door the
web review uses. A file imported before is not read again: its plan's id is printed.
Unit names that resolve to nothing stop that file with a non-zero exit; `--map
"NAME=CODE"` says which unit such a name means (kept as an alias for next time).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from phongthu.cli import django_setup, err, os_error_text, out

# Exit codes: 0 everything imported (or already there), 1 a file could not be imported,
# 2 the command itself is wrong (an unknown --org or --map unit).
FAILED, USAGE = 1, 2

YES = {"c", "co", "có", "y", "yes"}


class _Stop(Exception):
    """A file that cannot go on; the message is for the person at the shell."""


def _summary(extraction: dict[str, Any], owner_name: str) -> str:
    document = extraction.get("document") or {}
    tasks = extraction.get("tasks") or []
    groups = {
        ((t.get("group") or {}).get("label"), (t.get("group") or {}).get("title"))
        for t in tasks
        if t.get("group")
    }
    lines = [
        f"  Cơ quan: {owner_name}",
        f"  Loại văn bản: {document.get('type') or '—'}   "
        f"Số, ký hiệu: {document.get('reference') or '—'}",
        f"  Trích yếu: {document.get('title') or '—'}",
        f"  Nhiệm vụ: {len(tasks)} trong {len(groups)} nhóm   "
        f"Căn cứ, viện dẫn: {len(extraction.get('citations') or [])}",
    ]
    lines += [f"  Lưu ý: {warning}" for warning in extraction.get("warnings") or []]
    return "\n".join(lines)


def _ask(question: str) -> bool:
    sys.stdout.write(question)
    sys.stdout.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in YES


def _owner_of(extraction: dict[str, Any], org: Any) -> Any:
    """The body the plan belongs to: --org, else the issuer the document names."""
    from phongthu.org.models import OrgUnit
    from phongthu.org.queries import body_of, unit_lookup

    if org is not None:
        return org
    issuer = (extraction.get("document") or {}).get("issuer") or ""
    root = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    unit = unit_lookup(issuer, within=root) if issuer and root else None
    if unit is None:
        raise _Stop(
            "không xác định được cơ quan ban hành"
            + (f" “{issuer}”" if issuer else "")
            + "; hãy chỉ rõ bằng --org MÃ (xem trang Cơ cấu tổ chức)."
        )
    return body_of(unit)


def _import_one(path: Path, args: argparse.Namespace, org: Any, mapping: dict[str, Any]) -> int:
    """Import one file; return the plan's id. Raises _Stop with the reason otherwise."""
    from django.conf import settings

    from phongthu.ingest.model import IngestError
    from phongthu.ingest.pipeline import extract
    from phongthu.plans.services import (
        PlanImportError,
        plan_for_file,
        plan_import,
        plan_units_resolve,
    )

    try:
        size = path.stat().st_size
        if size > settings.MAX_UPLOAD_BYTES:
            raise _Stop(f"tệp quá lớn; chỉ nhận tệp đến {settings.MAX_UPLOAD_BYTES // 2**20} MB.")
        # A folder passes stat() and fails only here (IsADirectoryError), as does a file
        # the user may not read.
        data = path.read_bytes()
    except OSError as exc:
        raise _Stop(f"không mở được tệp — {os_error_text(exc)}.") from exc
    existing = plan_for_file(hashlib.sha256(data).hexdigest())
    if existing is not None:
        out(f"{path.name}: đã nhập trước đó — kế hoạch số {existing.pk}")
        return existing.pk
    try:
        extraction = extract(data, path.name).to_json()
    except IngestError as exc:
        raise _Stop(str(exc)) from exc
    owner = _owner_of(extraction, org)
    names = plan_units_resolve(extraction=extraction, owner=owner, mapping=mapping)
    if names.unresolved:
        listed = "\n".join(f"  - {name}" for name in names.unresolved)
        raise _Stop(
            "các đơn vị sau chưa có trong cơ cấu tổ chức của "
            f"{owner.name}:\n{listed}\n"
            'Hãy chỉ rõ từng tên ứng với đơn vị nào bằng --map "TÊN=MÃ", hoặc nhập tệp '
            "qua trang Nhập kế hoạch để chọn đơn vị."
        )
    out(f"{path.name}:\n{_summary(extraction, owner.name)}")
    if not args.yes and not _ask("Nhập kế hoạch này? [c/K] "):
        out(f"{path.name}: bỏ qua, không nhập.")
        return 0
    try:
        plan = plan_import(extraction=extraction, owner=owner, by=None, data=data, mapping=mapping)
    except PlanImportError as exc:
        raise _Stop(str(exc)) from exc
    out(f"{path.name}: đã nhập — kế hoạch số {plan.pk}")
    return plan.pk


def _mapping(pairs: list[str]) -> dict[str, Any]:
    from phongthu.org.models import OrgUnit

    mapping: dict[str, Any] = {}
    for pair in pairs:
        name, sep, code = pair.rpartition("=")
        unit = OrgUnit.objects.filter(code=code.strip()).first() if sep else None
        if not name.strip() or unit is None:
            raise _Stop(f"--map “{pair}”: cần dạng “TÊN=MÃ” với MÃ là mã một đơn vị có thật.")
        mapping[name.strip()] = unit
    return mapping


def cmd_import(args: argparse.Namespace) -> int:
    django_setup()
    from tqdm import tqdm

    from phongthu.org.models import OrgUnit

    org = None
    if args.org:
        org = OrgUnit.objects.filter(code=args.org).first()
        if org is None:
            err(f"Không có cơ quan, đơn vị nào mã “{args.org}” (xem trang Cơ cấu tổ chức).")
            return USAGE
    try:
        mapping = _mapping(args.map or [])
    except _Stop as exc:
        err(str(exc))
        return USAGE

    status = 0
    files = [Path(name) for name in args.files]
    bar = tqdm(files, desc="Nhập kế hoạch", unit="tệp", file=sys.stderr, leave=False, disable=None)
    for path in bar:
        bar.set_postfix_str(path.name)
        try:
            # Messages go around the bar (tqdm.write) so it is redrawn below them.
            with _around(bar):
                _import_one(path, args, org, mapping)
        except _Stop as exc:
            tqdm.write(f"{path.name}: {exc}", file=sys.stderr)
            status = FAILED
    bar.close()
    if status:
        err("Có tệp chưa nhập được; xem thông báo ở trên.")
    return status


class _around:
    """Clear the bar while a file prints its summary or asks; redraw it afterwards."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar

    def __enter__(self) -> None:
        self.bar.clear()

    def __exit__(self, *exc: object) -> None:
        self.bar.refresh()


def register(verb: Callable[[str, Callable[[argparse.Namespace], int], str], Any]) -> None:
    sub = verb("import", cmd_import, "Nhập kế hoạch từ văn bản (có bảng nhiệm vụ).")
    sub.add_argument(
        "files", nargs="+", metavar="TỆP", help="Tệp văn bản kế hoạch: .docx, .doc, .pdf, .txt."
    )
    sub.add_argument(
        "--org",
        metavar="MÃ",
        help="Mã cơ quan có kế hoạch (mặc định: cơ quan ban hành ghi trên văn bản).",
    )
    sub.add_argument("--yes", action="store_true", help="Nhập luôn, không hỏi lại.")
    sub.add_argument(
        "--map",
        action="append",
        metavar="TÊN=MÃ",
        help="Tên đơn vị như văn bản ghi = mã đơn vị trong hệ thống (dùng được nhiều lần).",
    )
