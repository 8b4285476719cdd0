"""The Vietnamese-text services the readers use, all from `phongthu.text`.

Readers go through this module so that the dependency stays in one place
(ingest -> text only, docs/architecture.md).
"""

from __future__ import annotations

from phongthu.text import (
    convert_legacy,
    decode_bytes,
    detect_legacy,
    font_is_uppercase,
    nfc,
    search_key,
)
from phongthu.text import font_encoding as _font_encoding

__all__ = [
    "convert_legacy",
    "decode_bytes",
    "detect_legacy",
    "font_encoding",
    "font_is_uppercase",
    "nfc",
    "search_key",
]


def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding a font implies ("tcvn3", "vni"), None for Unicode fonts."""
    return _font_encoding(font_name) if font_name else None
