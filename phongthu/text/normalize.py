"""Normal forms of Vietnamese text: for storage, for comparison, for search."""

from __future__ import annotations

import unicodedata

from phongthu.text.syllable import normalize_tones

# Characters Word and PDF extractors leave inside words that show nothing: removing
# them joins the word back ("Hà\u200bNội" was typed as one word with a break hint).
# The soft hyphen U+00AD is deliberately NOT here: in TCVN3 text it is the letter ư,
# so it must survive until the legacy conversion has run.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def nfc(s: str) -> str:
    """Unicode NFC, nothing else: composed letters, same spaces and case."""
    return unicodedata.normalize("NFC", s)


def clean(s: str) -> str:
    """NFC, every kind of space (no-break, thin, ideographic, tabs, line breaks) as one
    ordinary space, zero-width characters removed, ends stripped."""
    return " ".join(nfc(s).translate(_INVISIBLE).split())


# Look-alikes of Đ that keyboards and converters put in Vietnamese text: the Icelandic
# eth (Ð U+00D0, casefolded to ð) and the African D (Ɖ U+0189, casefolded to ɖ).
_D_LOOKALIKES = str.maketrans({"ð": "đ", "ɖ": "đ"})


def fold(s: str) -> str:
    """Comparison key that keeps diacritics: same for "Hoà Bình" and "HÒA BÌNH".

    clean + casefold + canonical tone placement; casefold turns Đ into đ, and its
    look-alikes Ð and Ɖ are read as đ too.
    """
    return normalize_tones(clean(s).casefold().translate(_D_LOOKALIKES))


def search_key(s: str) -> str:
    """`fold` without any diacritic, đ as d: "Đồng Hới" → "dong hoi"."""
    decomposed = unicodedata.normalize("NFD", fold(s).replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)
