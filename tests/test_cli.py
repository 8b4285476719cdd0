"""The `phongthu` command as a person runs it: a real process, a fresh data folder."""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from phongthu import __version__
from phongthu.cli import build_parser, main, os_error_text

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PHONGTHU_", "DATABASE"))}
    env["PHONGTHU_DATA_DIR"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "phongthu", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_version(tmp_path):
    result = run("version", data=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"phongthu {__version__}"


def test_init_sample_twice_is_safe(tmp_path):
    first = run("init", "--sample", data=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Đã nạp tổ chức mẫu" in first.stdout
    again = run("init", "--sample", data=tmp_path)
    assert again.returncode == 0, again.stderr

    db = sqlite3.connect(tmp_path / "phongthu.sqlite3")
    (units,) = db.execute("select count(*) from org_orgunit").fetchone()
    (users,) = db.execute("select count(*) from auth_user").fetchone()
    (journal,) = db.execute("pragma journal_mode").fetchone()
    assert units >= 10
    assert users == 8
    assert journal == "wal"


def test_init_without_sample_loads_no_people(tmp_path):
    assert run("init", data=tmp_path).returncode == 0
    db = sqlite3.connect(tmp_path / "phongthu.sqlite3")
    assert db.execute("select count(*) from auth_user").fetchone() == (0,)


def test_manage_passes_through(tmp_path):
    result = run("manage", "check", data=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_help_is_vietnamese(tmp_path):
    result = run("--help", data=tmp_path)
    assert "Theo dõi thực hiện kế hoạch phòng thủ dân sự" in result.stdout


@pytest.mark.parametrize("verb", ["init", "demo", "serve", "manage", "version", "parse"])
def test_verbs_are_wired(verb):
    parser = build_parser()
    args = parser.parse_args([verb, "x.txt"] if verb in {"parse", "manage"} else [verb])
    assert callable(args.handler)


def test_demo_port_option():
    args = build_parser().parse_args(["demo", "--port", "8123"])
    assert args.port == 8123
    assert args.host == "127.0.0.1"


ARGPARSE_ENGLISH = (
    "usage:",
    "positional arguments",
    "options:",
    "optional arguments",
    "show this help message",
    "error:",
    "the following arguments are required",
    "invalid choice",
)


def _verbs() -> list[str]:
    parser = build_parser()
    (verbs,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(verbs.choices)


@pytest.mark.parametrize("verb", [None, *_verbs()])
def test_help_of_the_command_and_of_every_verb_is_vietnamese(verb, capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"] if verb is None else [verb, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("Cách dùng: phongthu")
    assert "In hướng dẫn này rồi thoát." in text
    for english in ARGPARSE_ENGLISH:
        assert english not in text, english


def test_help_in_a_real_process_is_vietnamese(tmp_path):
    result = run("parse", "--help", data=tmp_path)
    assert result.returncode == 0
    assert "Đối số:" in result.stdout and "Tùy chọn:" in result.stdout
    for english in ARGPARSE_ENGLISH:
        assert english not in result.stdout, english


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["parse"], "phongthu parse: lỗi: thiếu đối số bắt buộc: TỆP"),
        (["khong-co"], "phongthu: lỗi: đối số LỆNH: lựa chọn không hợp lệ: 'khong-co'"),
        (["serve", "--port", "tám"], "phongthu serve: lỗi: đối số --port: giá trị không hợp lệ"),
    ],
)
def test_a_wrong_command_line_is_refused_in_vietnamese(args, expected, capsys):
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 2
    text = capsys.readouterr().err
    assert text.startswith("Cách dùng: phongthu")
    assert expected in text
    for english in ARGPARSE_ENGLISH:
        assert english not in text, english


def test_argparse_keeps_its_own_words_outside_phongthu(capsys):
    """The Vietnamese is ours only while `phongthu` parses: pytest's parser is untouched."""
    main(["version"])
    parser = argparse.ArgumentParser(prog="other")
    assert "usage: other" in parser.format_usage()


def test_import_of_a_folder_or_a_missing_file_says_why_in_vietnamese(tmp_path):
    assert run("init", data=tmp_path / "data").returncode == 0
    folder = tmp_path / "plans"
    folder.mkdir()
    result = run(
        "import", "--yes", str(folder), str(tmp_path / "khong.docx"), data=tmp_path / "data"
    )
    assert result.returncode == 1
    assert f"plans: không mở được tệp — đây là một thư mục, không phải một tệp: {folder}." in (
        result.stderr
    )
    assert "khong.docx: không mở được tệp — không có tệp hay thư mục này:" in result.stderr
    for english in ("Traceback", "Errno", "Is a directory", "No such file"):
        assert english not in result.stderr + result.stdout


def test_a_port_in_use_is_one_vietnamese_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), data=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "Lỗi: cổng này đang được một chương trình khác dùng."


def test_os_errors_are_worded_in_vietnamese():
    assert os_error_text(IsADirectoryError(errno.EISDIR, "Is a directory", "/tmp/nu/plans")) == (
        "đây là một thư mục, không phải một tệp: /tmp/nu/plans"
    )
    assert os_error_text(PermissionError(errno.EACCES, "Permission denied")) == (
        "không có quyền đọc hoặc ghi"
    )
    assert os_error_text(OSError(errno.EXDEV, "Invalid cross-device link")) == (
        "hệ điều hành báo lỗi EXDEV"
    )
