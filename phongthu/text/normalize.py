"""Normal forms of Vietnamese text: for storage, for comparison, for search.

These run on every cell and line of every document read, so they avoid
`str.translate` with a dict (a Python-level lookup per character: tens of
microseconds a line) in favour of precompiled regular expressions and plain
`str.replace`, which run in C.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from phongthu.text.syllable import normalize_tones

# Characters Word and PDF extractors leave inside words that show nothing: removing
# them joins the word back ("Hà\u200bNội" was typed as one word with a break hint).
# The soft hyphen U+00AD is deliberately NOT here: in TCVN3 text it is the letter ư,
# so it must survive until the legacy conversion has run.
_INVISIBLE_CHARS: Final = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE: Final = re.compile(f"[{_INVISIBLE_CHARS}]+")


def nfc(s: str) -> str:
    """Unicode NFC, nothing else: composed letters, same spaces and case."""
    return unicodedata.normalize("NFC", s)


def clean(s: str) -> str:
    """NFC, every kind of space (no-break, thin, ideographic, tabs, line breaks) as one
    ordinary space, zero-width characters removed, ends stripped."""
    s = unicodedata.normalize("NFC", s)
    # Searching for five characters is much cheaper than running the regex over text
    # that almost never holds any of them.
    if not s.isascii() and (
        "\u200b" in s or "\u200c" in s or "\u200d" in s or "\u2060" in s or "\ufeff" in s
    ):
        s = _INVISIBLE.sub("", s)
    return " ".join(s.split())


def _casefold(s: str) -> str:
    """casefold, with the look-alikes of Đ that keyboards and converters put in
    Vietnamese text read as đ: the Icelandic eth (Ð U+00D0, casefolded to ð) and the
    African D (Ɖ U+0189, casefolded to ɖ)."""
    s = s.casefold()
    if "ð" in s:
        s = s.replace("ð", "đ")
    if "ɖ" in s:
        s = s.replace("ɖ", "đ")
    return s


def fold(s: str) -> str:
    """Comparison key that keeps diacritics: same for "Hoà Bình" and "HÒA BÌNH".

    clean + casefold + canonical tone placement; casefold turns Đ into đ, and its
    look-alikes Ð and Ɖ are read as đ too.
    """
    return normalize_tones(_casefold(clean(s)))


# The combining marks Vietnamese letters decompose into (tones and vowel marks) are
# all in this block; any other combining character is rare and checked one by one.
_VIETNAMESE_MARKS: Final = re.compile("[\u0300-\u036f]+")
_BEYOND_MARKS: Final = re.compile("[^\x00-\u036f]")
# Words longer than this are not remembered (they are not vocabulary).
_CACHED_WORD_CHARS: Final = 40


def _drop_if_combining(match: re.Match[str]) -> str:
    ch = match.group(0)
    return "" if unicodedata.combining(ch) else ch


def _strip_marks(word: str) -> str:
    stripped = _VIETNAMESE_MARKS.sub("", unicodedata.normalize("NFD", word))
    if not stripped.isascii():
        stripped = _BEYOND_MARKS.sub(_drop_if_combining, stripped)
    return unicodedata.normalize("NFC", stripped)


# Documents repeat a few thousand words: remembering each one's key makes search keys
# of whole cells several times faster than decomposing every character again.
_strip_word = lru_cache(maxsize=1 << 16)(_strip_marks)


def search_key(s: str) -> str:
    """`fold` without any diacritic, đ as d: "Đồng Hới" → "dong hoi"."""
    # Where the tone sits does not matter once every mark is gone: no need to place it.
    text = _casefold(clean(s)).replace("đ", "d")
    if text.isascii():
        return text
    return " ".join(
        [
            w
            if w.isascii()
            else _strip_word(w)
            if len(w) <= _CACHED_WORD_CHARS
            else _strip_marks(w)
            for w in text.split(" ")
        ]
    )
