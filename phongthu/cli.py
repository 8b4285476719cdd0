"""The `phongthu` command: one verb per job, each a thin caller of the services.

`parse` runs without Django and without a database; every other verb sets Django up
first. Messages for people are Vietnamese; `--json` output follows the schema.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import io
import json
import logging
import os
import pkgutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from phongthu import __version__

Handler = Callable[[argparse.Namespace], int]


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phongthu.settings")
    import django

    django.setup()


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


# What the operating system refused, worded for a person: Python's own texts
# ("[Errno 21] Is a directory: '…'") are English and name the error by number.
_OS_ERRORS = {
    errno.ENOENT: "không có tệp hay thư mục này",
    errno.EISDIR: "đây là một thư mục, không phải một tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
    errno.EACCES: "không có quyền đọc hoặc ghi",
    errno.EPERM: "hệ điều hành không cho phép",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc, không ghi được",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EEXIST: "đã có tệp trùng tên",
    errno.EIO: "lỗi đọc, ghi ổ đĩa",
    errno.ELOOP: "đường dẫn có liên kết vòng",
    errno.EMFILE: "đang mở quá nhiều tệp cùng lúc",
    errno.EADDRINUSE: "cổng này đang được một chương trình khác dùng",
    errno.EADDRNOTAVAIL: "máy này không có địa chỉ đó",
    errno.ECONNREFUSED: "máy bên kia từ chối kết nối",
    errno.ETIMEDOUT: "quá thời gian chờ kết nối",
}


def os_error_text(exc: OSError) -> str:
    """One Vietnamese phrase for an OSError, with the path it concerns if any."""
    if exc.errno in _OS_ERRORS:
        what = _OS_ERRORS[exc.errno]
    elif exc.errno:
        what = f"hệ điều hành báo lỗi {errno.errorcode.get(exc.errno, exc.errno)}"
    else:
        what = "hệ điều hành báo lỗi"
    return f"{what}: {exc.filename}" if exc.filename else what


# argparse's own words (usage, section titles, the -h line, its error messages), which
# it looks up through gettext each time it builds a parser or prints. Python ships no
# Vietnamese catalogue for them, so `phongthu` answers those look-ups itself while it
# builds and runs its parser (see _argparse_in_vietnamese).
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "Đối số",
    "options": "Tùy chọn",
    "optional arguments": "Tùy chọn",
    "show this help message and exit": "In hướng dẫn này rồi thoát.",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu đối số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các đối số %s",
    "unrecognized arguments: %s": "không hiểu các đối số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "not allowed with argument %s": "không dùng cùng được với %s",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "chỉ nhận nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ignored explicit argument %r": "không nhận giá trị %r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn %(option)s chưa rõ: có thể là %(matches)s"
    ),
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "can't open '%(filename)s': %(error)s": "không mở được “%(filename)s”: %(error)s",
}
_ARGPARSE_VI_PLURAL = {
    "expected %s argument": "cần %s giá trị",
}


def _argparse_gettext(message: str) -> str:
    return _ARGPARSE_VI.get(message, message)


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return _ARGPARSE_VI_PLURAL.get(singular) or (singular if n == 1 else plural)


@contextlib.contextmanager
def _argparse_in_vietnamese() -> Iterator[None]:
    """argparse calls the module-level `_` and `ngettext` it imported from gettext; point
    them at our words for as long as `phongthu` builds and runs its parser, then put them
    back, so another program sharing the process (pytest) keeps its own."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _argparse_gettext, _argparse_ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


# --- verbs ----------------------------------------------------------------------------------


def cmd_version(args: argparse.Namespace) -> int:
    out(f"phongthu {__version__}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    django_setup()
    from django.core.management import call_command

    from phongthu.samples import sample_load

    call_command("migrate", interactive=False, verbosity=0)
    out("Đã cập nhật cơ sở dữ liệu.")
    if args.sample:
        for line in sample_load():
            out(line)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    django_setup()
    import waitress

    from phongthu.wsgi import application

    out(f"phongthu đang chạy tại http://{args.host}:{args.port}/ (Ctrl+C để dừng)")
    waitress.serve(application, host=args.host, port=args.port, threads=args.threads)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    # The demo keeps its e-mail in a folder of the data directory, to be read there,
    # instead of printing every message (attachments included) over the server's log.
    data_dir = Path(os.environ.get("PHONGTHU_DATA_DIR") or "data").resolve()
    os.environ.setdefault("EMAIL_URL", f"file://{data_dir / 'mail'}")
    # Links in the demo's e-mails lead to the server it is about to start.
    os.environ.setdefault("PHONGTHU_SITE_URL", f"http://{args.host}:{args.port}")
    init_args = argparse.Namespace(sample=True)
    cmd_init(init_args)
    from phongthu.org.sample import DEMO_PASSWORD, PEOPLE

    out("")
    out(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
    for person in PEOPLE:
        out(f"  {person.username:<12} {person.full_name} — {person.position}")
    from phongthu.plans.sample import sample_plan_path

    if path := sample_plan_path():
        out(f"Kế hoạch mẫu (tài khoản vanphong): http://{args.host}:{args.port}{path}")
    if os.environ["EMAIL_URL"].startswith("file://"):
        out(f"Thư điện tử của bản dùng thử được lưu tại: {data_dir / 'mail'}")
    out("")
    from phongthu.commands.worker import worker_beside

    with worker_beside():  # background jobs (reading uploads, reminders) beside the server
        return cmd_serve(args)


def cmd_manage(args: argparse.Namespace) -> int:
    django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["phongthu manage", *args.rest])
    return 0


_parse_log = logging.getLogger("phongthu.parse")


class _QuietFileHandler(logging.FileHandler):
    """A log file made only when something is logged, which never complains on the
    console: if it cannot be written, the record is dropped, the user's line stays."""

    def _open(self) -> io.TextIOWrapper:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        pass


def _parse_logging() -> None:
    """Send the log of `parse` to data/logs/parse.log, never to the console.

    A reader that fails in an unexpected way is logged with its traceback (for whoever
    maintains it) while the user reads one Vietnamese line; without a handler, Python
    would print that traceback on stderr. Warnings of libraries go to the file too.
    Logging an embedding program configured itself is left alone.
    """
    root = logging.getLogger()
    if root.handlers:
        return
    from phongthu.env import env_path, env_str

    path = env_path("PHONGTHU_DATA_DIR", Path.cwd() / "data") / "logs" / "parse.log"
    handler = _QuietFileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    level = env_str("PHONGTHU_LOG_LEVEL", "WARNING").strip().upper()
    root.setLevel(level if isinstance(logging.getLevelName(level), int) else logging.WARNING)
    # Each file's outcome is kept whatever the level: what was read and what refused.
    _parse_log.setLevel(min(root.level, logging.INFO))
    logging.captureWarnings(capture=True)


def cmd_parse(args: argparse.Namespace) -> int:
    from phongthu.ingest.model import IngestError
    from phongthu.ingest.pipeline import extract_file

    _parse_logging()
    status = 0
    results = []
    for name in args.files:
        path = Path(name)
        try:
            extraction = extract_file(path, ocr=not args.no_ocr)
        except (IngestError, OSError) as exc:
            _parse_log.warning("%s: refused: %s", path, exc)
            # The reader words a file it cannot open with the system's English text;
            # the underlying OSError is worded here instead.
            cause = exc if isinstance(exc, OSError) else exc.__cause__
            reason = (
                f"không mở được tệp — {os_error_text(cause)}."
                if isinstance(cause, OSError)
                else str(exc)
            )
            err(f"{path.name}: {reason}")
            status = 1
            continue
        source = extraction.source
        _parse_log.info(
            "%s: read as %s%s, %d tasks, %d warnings",
            path,
            source.format,
            " (OCR)" if source.ocr else "",
            len(extraction.tasks),
            len(extraction.warnings),
        )
        results.append(extraction.to_json())
    if args.json:
        payload = results[0] if len(results) == 1 else results
        out(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for data in results:
            out(_summary(data))
    return status


def _summary(data: dict) -> str:
    doc = data["document"]
    lines = [
        f"Tệp: {data['source']['filename']} ({data['source']['format']})",
        f"Loại văn bản: {doc.get('type') or '—'}   Số, ký hiệu: {doc.get('reference') or '—'}",
        f"Cơ quan ban hành: {doc.get('issuer') or '—'}",
        f"Trích yếu: {doc.get('title') or '—'}",
        f"Căn cứ, viện dẫn: {len(data['citations'])}   Nhiệm vụ: {len(data['tasks'])}",
    ]
    lines += [f"Cảnh báo: {w}" for w in data.get("warnings", [])]
    return "\n".join(lines)


# --- wiring ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="phongthu",
        description="Theo dõi thực hiện kế hoạch phòng thủ dân sự.",
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="LỆNH")

    def verb(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = verbs.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    verb("version", cmd_version, "In phiên bản.")
    init = verb("init", cmd_init, "Tạo hoặc cập nhật cơ sở dữ liệu.")
    init.add_argument("--sample", action="store_true", help="Nạp tổ chức và kế hoạch mẫu.")

    for name, handler, help_text in (
        ("serve", cmd_serve, "Chạy máy chủ web."),
        ("demo", cmd_demo, "Nạp dữ liệu mẫu rồi chạy máy chủ web."),
    ):
        sub = verb(name, handler, help_text)
        sub.add_argument(
            "--host", default="127.0.0.1", metavar="ĐỊA_CHỈ", help="Địa chỉ lắng nghe."
        )
        sub.add_argument(
            "--port", type=int, default=8000, metavar="CỔNG", help="Cổng (mặc định 8000)."
        )
        sub.add_argument("--threads", type=int, default=8, metavar="SỐ", help="Số luồng phục vụ.")

    manage = verb("manage", cmd_manage, "Chạy một lệnh quản trị của Django.")
    manage.add_argument(
        "rest",
        nargs=argparse.REMAINDER,
        metavar="LỆNH_DJANGO",
        help="Lệnh quản trị của Django và các đối số của nó (ví dụ: createsuperuser).",
    )

    parse = verb("parse", cmd_parse, "Đọc văn bản và in những gì hiểu được.")
    parse.add_argument(
        "files", nargs="+", metavar="TỆP", help="Tệp văn bản: .docx, .doc, .pdf, .txt, ảnh quét."
    )
    parse.add_argument("--json", action="store_true", help="In JSON theo lược đồ trích xuất.")
    parse.add_argument("--no-ocr", action="store_true", help="Không nhận dạng ảnh quét.")

    # Feature verbs (import, worker, report, …) live in phongthu/commands/, one module
    # each with `register(verb)`, so a feature brings its verb without touching this file.
    import phongthu.commands

    for info in sorted(pkgutil.iter_modules(phongthu.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"phongthu.commands.{info.name}")
        module.register(verb)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with _argparse_in_vietnamese():
        args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except OSError as exc:
        # A file, folder or port the verb could not use: one line for the person at the
        # shell, not a traceback (a verb that expects such errors words them itself).
        err(f"Lỗi: {os_error_text(exc)}.")
        return 1


if __name__ == "__main__":
    sys.exit(main())
