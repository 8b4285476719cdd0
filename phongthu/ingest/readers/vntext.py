"""The Vietnamese-text services the readers use, all from `phongthu.text`.

Readers go through this module so that the dependency stays in one place
(ingest -> text only, docs/architecture.md).
"""

from __future__ import annotations

import re

from phongthu.text import (
    convert_legacy,
    decode_bytes,
    detect_legacy,
    font_is_uppercase,
    is_syllable,
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
    "word_share",
]


def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding a font implies ("tcvn3", "vni"), None for Unicode fonts."""
    return _font_encoding(font_name) if font_name else None


_LETTER_RUNS = re.compile(r"[^\W\d_]+")
# A prefix tells as well as the whole file, and keeps large files fast.
_SHARE_CHARS = 200_000


def word_share(text: str) -> float:
    """The share of the letters of `text` that stand in a word a reader would know:
    a Vietnamese syllable or a word of plain ASCII letters (UBND, email). Counted in
    letters, so a stray one-letter "word" weighs little. 0.0 for text without letters.

    Text decoded the right way scores near 1; bytes of some other code page, decoded
    as the Vietnamese one they most resemble, score near 0.
    """
    total = known = 0
    for word in _LETTER_RUNS.findall(text[:_SHARE_CHARS]):
        total += len(word)
        if word.isascii() or is_syllable(word):
            known += len(word)
    return known / total if total else 0.0
