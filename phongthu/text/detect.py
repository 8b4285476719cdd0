"""Which encoding a Vietnamese text is in: file bytes and legacy-font strings.

Legacy encodings reuse the same byte values for different letters, so no byte pattern
tells them apart. What does is the language: decoded the right way, the words of a
Vietnamese text are Vietnamese syllables ("Céng" is nothing, "Cộng" is a word). Each
candidate decoding is scored by how many of its non-ASCII words are well-formed
syllables, less those that are not, and the best one wins; on a tie, the reading with
more everyday words (`lexicon`) wins.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from phongthu.text.legacy import decode_cp1252, tcvn3_to_unicode, vni_to_unicode
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


def plausibility(text: str) -> tuple[int, int]:
    """(Vietnamese syllables minus other words, everyday words among them), counting
    only words with non-ASCII letters: ASCII words read the same in every candidate."""
    score = common = 0
    for word in _WORD.findall(text[:_SCORE_CHARS]):
        if word.isascii():
            continue
        if _plausible_case(word) and is_syllable(word):
            score += 1
            common += _is_common(word)
        else:
            score -= 1
    return score, common


@lru_cache(maxsize=1 << 16)
def _is_common(word: str) -> bool:
    return normalize_tones(word.lower()) in COMMON_SYLLABLES


def _has_high_latin1(s: str) -> bool:
    return any("\x80" <= ch <= "\xff" or "\uf080" <= ch <= "\uf0ff" for ch in s)


def detect_legacy(s: str) -> str | None:
    """ "tcvn3" or "vni" when `s` reads as Vietnamese only after that conversion;
    None for text that is already Unicode Vietnamese, plain ASCII, or anything else."""
    if not _has_high_latin1(s):
        return None
    best: str | None = None
    best_score = plausibility(s)
    for encoding, convert in (("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)):
        score = plausibility(convert(s))
        if score > best_score:
            best, best_score = encoding, score
    return best


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
    sample = data[:_SCORE_CHARS]
    best_encoding, best_score = "cp1258", plausibility(_decode_8bit(sample, "cp1258"))
    for encoding in ("tcvn3", "vni"):
        score = plausibility(_decode_8bit(sample, encoding))
        if score > best_score:
            best_encoding, best_score = encoding, score
    return _decode_8bit(data, best_encoding), best_encoding


def _decode_8bit(data: bytes, encoding: str) -> str:
    if encoding == "cp1258":
        return _nfc(data.decode("cp1258", errors="replace"))
    if encoding == "tcvn3":
        return tcvn3_to_unicode(decode_cp1252(data))
    return vni_to_unicode(decode_cp1252(data))


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)
