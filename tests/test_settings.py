"""Settings come from the environment through typed helpers; production differs only by it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from phongthu.env import EnvError, email_config, env_bool, env_int, env_list, secret_key
from tests.conftest import require

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("ON", True), ("0", False), ("no", False)]
)
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("PT_FLAG", raw)
    assert env_bool("PT_FLAG") is expected


def test_env_bool_default_and_nonsense(monkeypatch):
    monkeypatch.delenv("PT_FLAG", raising=False)
    assert env_bool("PT_FLAG", default=True) is True
    monkeypatch.setenv("PT_FLAG", "perhaps")
    with pytest.raises(EnvError):
        env_bool("PT_FLAG")


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("PT_N", "42")
    assert env_int("PT_N", 1) == 42
    monkeypatch.setenv("PT_N", "forty")
    with pytest.raises(EnvError):
        env_int("PT_N", 1)
    monkeypatch.setenv("PT_HOSTS", " a.gov.vn, b.gov.vn ,")
    assert env_list("PT_HOSTS", []) == ["a.gov.vn", "b.gov.vn"]


def test_value_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("PT_N_FILE", str(secret))
    monkeypatch.setenv("PHONGTHU_SECRET_KEY_FILE", str(secret))
    assert secret_key(tmp_path) == "from-a-file"


def test_secret_key_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("PHONGTHU_SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) > 40
    assert secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_email_urls():
    assert email_config("console://")["BACKEND"].endswith("console.EmailBackend")
    smtp = email_config("smtp+tls://user%40x:p%3Ass@mail.gov.vn:587")
    assert smtp["OPTIONS"] == {
        "host": "mail.gov.vn",
        "port": 587,
        "username": "user@x",
        "password": "p:ss",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 10,
    }
    assert email_config("smtps://mail.gov.vn")["OPTIONS"]["port"] == 465
    assert email_config("file:///var/mail/pt") == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": "/var/mail/pt"},
    }
    with pytest.raises(EnvError):
        email_config("carrier-pigeon://x")


def _settings_in_subprocess(env: dict[str, str], expr: str) -> str:
    code = f"import phongthu.settings as s; print({expr})"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PHONGTHU_", "DATABASE"))}
    full_env.update(env)
    result = subprocess.run(
        [sys.executable, "-c", code], env=full_env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_default_database_is_sqlite_with_wal_in_the_data_folder(tmp_path):
    out = _settings_in_subprocess(
        {"PHONGTHU_DATA_DIR": str(tmp_path)},
        "s.DATABASES['default']['NAME'], s.DATABASES['default']['OPTIONS']",
    )
    assert str(tmp_path / "phongthu.sqlite3") in out
    assert "journal_mode=WAL" in out
    assert "'timeout': 20" in out


def test_database_url_selects_postgresql(tmp_path):
    out = _settings_in_subprocess(
        {
            "PHONGTHU_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/phongthu",
        },
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME']",
    )
    assert "postgresql" in out
    assert "phongthu" in out


def test_task_backend_and_media_from_environment(tmp_path):
    out = _settings_in_subprocess(
        {
            "PHONGTHU_DATA_DIR": str(tmp_path),
            "PHONGTHU_TASKS_BACKEND": "immediate",
            "PHONGTHU_MEDIA_ROOT": str(tmp_path / "files"),
        },
        "s.TASKS['default']['BACKEND'], s.MEDIA_ROOT",
    )
    assert "ImmediateBackend" in out
    assert str(tmp_path / "files") in out


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # Without tesseract or LibreOffice the checks rightly warn (phongthu.W001/W002).
    require(shutil.which("tesseract") is not None, "tesseract is not installed")
    require(shutil.which("soffice") is not None, "LibreOffice is not installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PHONGTHU_", "DATABASE"))}
    env.update(
        {
            "PHONGTHU_DATA_DIR": str(tmp_path),
            "PHONGTHU_SECRET_KEY": "k" * 20 + "-production-secret-" + "x9Q!" * 10,
            "PHONGTHU_DEBUG": "0",
            "PHONGTHU_ALLOWED_HOSTS": "phongthu.bacgiang.gov.vn",
            "PHONGTHU_HTTPS": "1",
            "EMAIL_URL": "smtp+tls://phongthu:secret@mail.bacgiang.gov.vn:587",
            "PHONGTHU_SITE_URL": "https://phongthu.bacgiang.gov.vn",
        }
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "phongthu",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_site_url_is_validated_and_loses_its_trailing_slash(monkeypatch):
    from phongthu.env import EnvError, env_site_url

    monkeypatch.setenv("PHONGTHU_SITE_URL", "https://phongthu.so-khcn.gov.vn/")
    assert env_site_url("PHONGTHU_SITE_URL", "http://127.0.0.1:8000") == (
        "https://phongthu.so-khcn.gov.vn"
    )
    monkeypatch.setenv("PHONGTHU_SITE_URL", "phongthu.so-khcn.gov.vn")
    with pytest.raises(EnvError):
        env_site_url("PHONGTHU_SITE_URL", "http://127.0.0.1:8000")
    monkeypatch.delenv("PHONGTHU_SITE_URL")
    assert env_site_url("PHONGTHU_SITE_URL", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"


def test_an_unset_site_url_is_a_deploy_warning(settings):
    from phongthu.web.checks import site_url_set

    settings.SITE_URL_SET = False
    assert [m.id for m in site_url_set()] == ["phongthu.W003"]
    settings.SITE_URL_SET = True
    assert site_url_set() == []
