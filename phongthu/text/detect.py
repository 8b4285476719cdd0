"""Which encoding a Vietnamese text is in: file bytes and legacy-font strings.

Legacy encodings reuse the same byte values for different letters, so no byte pattern
tells them apart. What does is the language: decoded the right way, the words of a
Vietnamese text are Vietnamese syllables ("Céng" is nothing, "Cộng" is a word). Each
candidate reading is scored by how many of the words with non-ASCII characters become
well-formed syllables, less those that do not, and the best one wins; on a tie, the reading with
more everyday words (`lexicon`) wins.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Final

from phongthu.text.legacy import convert_legacy, decode_cp1252, tcvn3_to_unicode, vni_to_unicode
from phongthu.text.lexicon import COMMON_SYLLABLES
from phongthu.text.syllable import is_syllable, normalize_tones

# Words: runs of anything but spaces, ASCII punctuation and digits, and the general
# punctuation block (cp1252 quotes and dashes). Legacy code characters such as § ¸ ­
# stay inside the word they belong to.
_WORD: Final = re.compile(r"[^\s!-@\[-`{-~\u2000-\u206f]+")
# Scoring a prefix is enough to decide, and keeps large files fast.
_SCORE_CHARS: Final = 200_000


def _plausible_case(word: str) -> bool:
    """lower, Title or UPPER; or upper case with lower-case accented letters, which is
    how TCVN3 headings decode (no codes for capitals with a tone). A wrong decoding
    shows as an accented capital inside a lower-case word ("dÉn")."""
    if word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower()):
        return True
    return all(ch.isupper() for ch in word if ch.isascii() and ch.isalpha())


def _identity_nfc(token: str) -> str:
    return unicodedata.normalize("NFC", token)


def _cp1258(token: str) -> str:
    return convert_legacy(token, "cp1258")


# How a word typed in the text reads in each candidate encoding. The words are cut out
# of the undecoded text: no code of any of these encodings is a separator, so a word
# stays one word whichever way it is read.
_READINGS: Final[dict[str, Callable[[str], str]]] = {
    "unicode": _identity_nfc,
    "cp1258": _cp1258,
    "tcvn3": tcvn3_to_unicode,
    "vni": vni_to_unicode,
}


def _evidence(text: str) -> Counter[str]:
    """The words that can tell encodings apart: those with a non-ASCII character, less
    lone symbols (a "·" or "×" bullet or sign reads as a one-letter word in TCVN3);
    each with how often it occurs (a text repeats its words: each is judged once)."""
    counts = Counter(_WORD.findall(text[:_SCORE_CHARS]))
    return Counter(
        {
            word: n
            for word, n in counts.items()
            if not word.isascii() and (len(word) > 1 or word.isalpha())
        }
    )


@lru_cache(maxsize=1 << 16)
def _verdict(word: str, reading: str) -> tuple[int, int]:
    read = _READINGS[reading](word)
    if _plausible_case(read) and is_syllable(read):
        return 1, int(normalize_tones(read.lower()) in COMMON_SYLLABLES)
    return -1, 0


def _score(words: Counter[str], reading: str) -> tuple[int, int]:
    """(Vietnamese syllables minus other words, everyday words among them)."""
    score = common = 0
    for word, n in words.items():
        valid, usual = _verdict(word, reading)
        score += valid * n
        common += usual * n
    return score, common


def _best_reading(words: Counter[str], readings: tuple[str, ...]) -> str:
    """The reading that scores best; the first one listed on a tie."""
    best, best_score = readings[0], _score(words, readings[0])
    for reading in readings[1:]:
        score = _score(words, reading)
        if score > best_score:
            best, best_score = reading, score
    return best


def _has_high_latin1(s: str) -> bool:
    return any("\x80" <= ch <= "\xff" or "\uf080" <= ch <= "\uf0ff" for ch in s)


def detect_legacy(s: str) -> str | None:
    """ "tcvn3" or "vni" when `s` reads as Vietnamese only after that conversion;
    None for text that is already Unicode Vietnamese, plain ASCII, or anything else."""
    if not _has_high_latin1(s):
        return None
    reading = _best_reading(_evidence(s), ("unicode", "tcvn3", "vni"))
    return None if reading == "unicode" else reading


def _utf16_order(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" for BOM-less UTF-16 (NULs in every other byte)."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2 or b"\x00" not in sample:
        return None
    even_zero = sample[0 : pairs * 2 : 2].count(0) / pairs
    odd_zero = sample[1 : pairs * 2 : 2].count(0) / pairs
    if odd_zero >= 0.25 and even_zero <= 0.05:
        return "utf-16-le"
    if even_zero >= 0.25 and odd_zero <= 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file: (NFC text, encoding).

    The encoding is "utf-8", "utf-16", "tcvn3", "vni" or "cp1258". A BOM decides first,
    then BOM-less UTF-16, then strict UTF-8 (which 8-bit Vietnamese text practically
    never passes); otherwise the 8-bit reading (Windows-1258, TCVN3 or VNI) that gives
    the most Vietnamese wins, Windows-1258 on a tie. A text file saved as UTF-8 from
    legacy-font text stays "utf-8": `detect_legacy` on the result tells that case.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _nfc(data[3:].decode("utf-8", errors="replace")), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _nfc(data.decode("utf-16", errors="replace")), "utf-16"
    order = _utf16_order(data)
    if order is not None:
        return _nfc(data.decode(order, errors="replace")), "utf-16"
    try:
        return _nfc(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    # Score the readings on a prefix, then decode the whole file the winning way.
    words = _evidence(decode_cp1252(data[:_SCORE_CHARS]))
    encoding = _best_reading(words, ("cp1258", "tcvn3", "vni"))
    return _decode_8bit(data, encoding), encoding


def _decode_8bit(data: bytes, encoding: str) -> str:
    if encoding == "cp1258":
        return _nfc(data.decode("cp1258", errors="replace"))
    if encoding == "tcvn3":
        return tcvn3_to_unicode(decode_cp1252(data))
    return vni_to_unicode(decode_cp1252(data))


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)
