"""Small text operations the parse steps share: matching and tidying Vietnamese wording.

The folding here keeps the length of the text (one folded character per character),
so a match found in folded text points at the same span of the original. That is why
the parse steps do not use `phongthu.text.fold`, which is free to change lengths.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_VIETNAMESE_LOWER = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)
# A regex class of the capital letters Vietnamese uses (re has no \p{Lu}).
UPPER = "[" + re.escape(_VIETNAMESE_LOWER.upper()) + "]"

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_WIDE_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u3000]")
_MARKUP = re.compile(r"\*\*|__")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[:1] or char
    lowered = base.lower()
    # A few characters lower-case to two ("İ"); keep one so lengths stay equal.
    return lowered if len(lowered) == 1 else base


def fold(text: str) -> str:
    """Lower case without diacritics, same length as `text` (positions map back)."""
    return "".join(_fold_char(c) for c in text)


def _unmark(text: str) -> str:
    # Checking for the marks first is cheaper than a regex pass over every text.
    return _MARKUP.sub("", text) if "**" in text or "__" in text else text


def squash(text: str) -> str:
    """One space for every run of white space (tabs and line breaks included), trimmed."""
    # str.split() splits on exactly what the regex \s matches, in C.
    return " ".join(_unmark(text).split())


def squash_line(text: str) -> str:
    """Runs of spaces and tabs as one space; line breaks kept."""
    return "\n".join([_squash_spaces(line) for line in _unmark(text).split("\n")])


def _squash_spaces(line: str) -> str:
    # Most lines have single spaces only: then there is nothing to replace, only ends
    # to strip, and the regex pass (slow over non-ASCII text) is skipped.
    if "  " not in line and "\t" not in line and (line.isascii() or not _WIDE_SPACES.search(line)):
        return line.strip()
    return _SPACES.sub(" ", line).strip()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_upper(text: str) -> bool:
    """True when every letter is a capital (and there is at least one letter)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)


# Words that keep a capital inside a position or title when the rest is lowered:
# the usual way positions are written ("Phó Giám đốc", "Chánh Văn phòng").
_TITLE_WORDS = (
    "giám đốc",
    "chủ tịch",
    "văn phòng",
    "cục trưởng",
    "vụ trưởng",
    "bộ trưởng",
    "thứ trưởng",
    "chánh",
    "tổng",
    "trưởng ban",
    "chánh thanh tra",
    "thanh tra",
    "chỉ huy trưởng",
    "chính ủy",
    "tư lệnh",
    "hiệu trưởng",
    "viện trưởng",
    "chánh án",
    "bí thư",
    "ủy ban nhân dân",
    "hội đồng nhân dân",
    "giám đốc sở",
)


def _capitalize_words(match: re.Match[str]) -> str:
    # "giám đốc sở" -> "Giám đốc Sở": the first syllable and a trailing body name.
    words = match.group(0).split(" ")
    words[0] = capitalize_first(words[0])
    if words[-1] == "sở":
        words[-1] = "Sở"
    return " ".join(words)


def sentence_case(text: str) -> str:
    """'PHÓ GIÁM ĐỐC' -> 'Phó Giám đốc'; text already in mixed case is kept as printed."""
    text = squash(text)
    if not text or not is_upper(text):
        return text
    lowered = text.lower()
    for word in sorted(_TITLE_WORDS, key=len, reverse=True):
        lowered = re.sub(
            rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])",
            _capitalize_words,
            lowered,
        )
    return lowered[:1].upper() + lowered[1:]


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def strip_punct(text: str, chars: str = " .;,:") -> str:
    return text.strip().strip(chars).strip()
