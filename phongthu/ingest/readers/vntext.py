"""The few Vietnamese-text services the readers need, taken from `phongthu.text`.

Readers go through this module so that the dependency is in one place
(ingest -> text only, docs/architecture.md). Until `phongthu.text` provides a
function, a conservative stand-in is used: UTF-8 decoding and no legacy conversion.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Callable
from typing import Any, cast


def _text_function(name: str) -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("phongthu.text")
    except ImportError:  # pragma: no cover - the package is part of the project
        return None
    return cast("Callable[..., Any] | None", getattr(module, name, None))


def nfc(text: str) -> str:
    fn = _text_function("nfc")
    if fn is not None:
        return str(fn(text))
    return unicodedata.normalize("NFC", text)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text and the encoding it came from ("utf-8", "utf-16", "tcvn3", "vni", "cp1258", ...)."""
    fn = _text_function("decode_bytes")
    if fn is not None:
        text, encoding = fn(data)
        return str(text), str(encoding)
    for bom, codec, name in (
        (b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
        (b"\xff\xfe", "utf-16", "utf-16"),
        (b"\xfe\xff", "utf-16", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace"), "cp1258"


def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding a font implies: "tcvn3" (.Vn*), "vni" (VNI-*) or None."""
    if not font_name:
        return None
    fn = _text_function("font_encoding")
    if fn is not None:
        result = fn(font_name)
        return str(result) if result else None
    name = font_name.strip().lower()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith("vni-") or name.startswith("vni "):
        return "vni"
    return None


def convert_legacy(text: str, encoding: str, *, uppercase: bool = False) -> str:
    """Unicode text from characters typed in a legacy font encoding."""
    fn = _text_function("convert_legacy")
    if fn is not None:
        return str(fn(text, encoding, uppercase=uppercase))
    return text.upper() if uppercase else text


def legacy_supported() -> bool:
    """Whether legacy-font conversion is really available (not the stand-in)."""
    return _text_function("convert_legacy") is not None


def search_key(text: str) -> str:
    """Lower case without diacritics (đ as d), for matching fixed phrases however typed."""
    fn = _text_function("search_key")
    if fn is not None:
        return str(fn(text))
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def detect_legacy(text: str) -> str | None:
    """The encoding ("tcvn3", "vni") when the text reads as Vietnamese only once converted."""
    fn = _text_function("detect_legacy")
    if fn is None:
        return None
    result = fn(text)
    return str(result) if result else None


def font_is_uppercase(font_name: str) -> bool:
    """Whether a TCVN3 font draws every letter as a capital (.VnTimeH, .VnArialH)."""
    fn = _text_function("font_is_uppercase")
    if fn is not None:
        return bool(fn(font_name))
    name = font_name.strip()
    return name.lower().startswith(".vn") and len(name) > 4 and name.endswith("H")
