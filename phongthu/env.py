"""Typed readers of environment variables, used only by settings.py.

Every deployment choice comes from the environment, so production differs from a
laptop only by its variables. A variable `X` may also be given as `X_FILE`, a path
whose content is the value (how container secrets are mounted).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class EnvError(ValueError):
    """A variable is set to something that cannot be what it names."""


def env_str(name: str, default: str = "") -> str:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool = False) -> bool:
    raw = env_str(name, "").strip().lower()
    if name not in os.environ and f"{name}_FILE" not in os.environ:
        return default
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise EnvError(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = env_str(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise EnvError(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name, "")
    if not raw.strip():
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = env_str(name, "").strip()
    return Path(raw).expanduser().resolve() if raw else default.resolve()


def env_site_url(name: str, default: str) -> str:
    """The public address of the site, as people's browsers reach it: scheme and host (and
    port, and a path prefix if any), without a trailing slash."""
    from urllib.parse import urlsplit

    raw = env_str(name, "").strip() or default
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise EnvError(
            f"{name} must be an address like https://phongthu.example.gov.vn, got {raw!r}"
        )
    return raw.rstrip("/")


def secret_key(data_dir: Path) -> str:
    """PHONGTHU_SECRET_KEY, or one generated on first start and kept in the data folder.

    Keeping it on disk means sessions survive a restart of a local install without
    anyone having to invent a key; production sets the variable instead.
    """
    value = env_str("PHONGTHU_SECRET_KEY", "").strip()
    if value:
        return value
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    # Created with owner-only permissions: the key signs sessions.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def email_config(url: str) -> dict[str, object]:
    """Django's MAILERS["default"] from one URL.

    console:// (the default) prints mail; smtp://user:pass@host:port, smtp+tls://…
    (STARTTLS) and smtps://… (implicit TLS) send through an SMTP server; file:///path
    writes each message to a file in that folder (the demo's mailbox); locmem:// keeps
    mail in memory.
    """
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url or "console://")
    scheme = parts.scheme.lower()
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if scheme not in backends:
        raise EnvError(f"EMAIL_URL scheme must be one of {sorted(backends)}, got {scheme!r}")
    options: dict[str, object] = {}
    if scheme == "file":
        if not parts.path:
            raise EnvError("EMAIL_URL file:// needs a folder, e.g. file:///var/lib/phongthu/mail")
        options = {"file_path": unquote(parts.path)}
    if scheme.startswith("smtp"):
        options = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": scheme == "smtp+tls",
            "use_ssl": scheme == "smtps",
            "timeout": 10,
        }
    return {"BACKEND": backends[scheme], "OPTIONS": options}
