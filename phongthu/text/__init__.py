"""Vietnamese text: normal forms, tone placement, collation and legacy encodings.

Pure Python with no dependency on Django or the rest of phongthu, so the ingest
library and every app can use it.
"""

from __future__ import annotations

from phongthu.text.collation import person_sort_key, sort_key
from phongthu.text.dates import format_date
from phongthu.text.detect import decode_bytes, detect_legacy
from phongthu.text.legacy import (
    convert_legacy,
    font_encoding,
    font_is_uppercase,
    tcvn3_to_unicode,
    unicode_to_cp1258,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)
from phongthu.text.normalize import clean, fold, nfc, search_key
from phongthu.text.syllable import is_syllable, normalize_tones

__all__ = [
    "clean",
    "convert_legacy",
    "decode_bytes",
    "detect_legacy",
    "fold",
    "font_encoding",
    "font_is_uppercase",
    "format_date",
    "is_syllable",
    "nfc",
    "normalize_tones",
    "person_sort_key",
    "search_key",
    "sort_key",
    "tcvn3_to_unicode",
    "unicode_to_cp1258",
    "unicode_to_tcvn3",
    "unicode_to_vni",
    "vni_to_unicode",
]
