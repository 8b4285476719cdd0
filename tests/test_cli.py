"""The `phongthu` command as a person runs it: a real process, a fresh data folder."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from phongthu import __version__
from phongthu.cli import build_parser

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
