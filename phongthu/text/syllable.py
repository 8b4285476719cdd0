"""Vietnamese syllables: tones, their canonical placement, and a plausibility check.

A written syllable is onset + vowel cluster + final consonant, with at most one tone
mark sitting on one vowel of the cluster. Everything here works on single words and
leaves anything that does not parse as a Vietnamese syllable exactly as it was: English
words, abbreviations (UBND, KH-UBND) and names in other languages pass through.

Canonical tone placement (what `normalize_tones` writes)
--------------------------------------------------------
1. A vowel carrying a quality mark (ă â ê ô ơ ư) takes the tone; in ươ it is the ơ
   (người, giữa, thuở, khuyến, quyển).
2. Otherwise, when a final consonant follows, the last vowel of the cluster takes it
   (hoàn, toán, huỳnh, suýt).
3. Otherwise (open syllable): one vowel takes it; of two vowels the FIRST takes it
   (hòa, khỏe, thủy, ủy, mùa, hái); of three, the middle one (ngoài, khuỷu).

Rule 3 is the placement of government documents ("Cộng hòa", "Ủy ban nhân dân",
"Thủ tướng"), so normalised text reads like the documents we import. The "i" of gi and
the "u" of qu belong to the onset when another vowel follows, so già, giữa, quý, quả
keep their marks on the vowel after the onset.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

# Tones, numbered in Vietnamese dictionary order: the collation uses these numbers.
NO_TONE: Final = 0
HUYEN: Final = 1  # grave
SAC: Final = 2  # acute
HOI: Final = 3  # hook above
NGA: Final = 4  # tilde
NANG: Final = 5  # dot below

TONE_MARKS: Final[dict[int, str]] = {
    HUYEN: "\u0300",
    SAC: "\u0301",
    HOI: "\u0309",
    NGA: "\u0303",
    NANG: "\u0323",
}
_MARK_TONE: Final[dict[str, int]] = {mark: tone for tone, mark in TONE_MARKS.items()}

VOWELS: Final = "aăâeêioôơuưy"
_QUALITY_VOWELS: Final = "ăâêôơư"

# Every toned vowel, both cases, split into (toneless vowel, tone) and back again.
_SPLIT: dict[str, tuple[str, int]] = {}
_JOIN: dict[tuple[str, int], str] = {}
for _base in VOWELS + VOWELS.upper():
    for _tone, _mark in TONE_MARKS.items():
        _toned = unicodedata.normalize("NFC", _base + _mark)
        _SPLIT[_toned] = (_base, _tone)
        _JOIN[(_base, _tone)] = _toned


def split_tone(ch: str) -> tuple[str, int]:
    """(toneless character, tone) of one NFC character; non-vowels have NO_TONE."""
    return _SPLIT.get(ch, (ch, NO_TONE))


def with_tone(base: str, tone: int) -> str:
    """The NFC character for a toneless vowel carrying `tone` (NO_TONE gives it back)."""
    if tone == NO_TONE:
        return base
    return _JOIN[(base, tone)]


def is_toned(ch: str) -> bool:
    return ch in _SPLIT


_ONSETS_TEXT: Final = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"
ONSETS: Final = frozenset(["", *_ONSETS_TEXT.split()])
CODAS: Final = frozenset(["", "c", "ch", "m", "n", "ng", "nh", "p", "t"])
_STOP_CODAS: Final = frozenset(("c", "ch", "p", "t"))

# Every rhyme (vowel cluster + final consonant) of standard Vietnamese, without tone.
_RHYMES_TEXT: Final = """
    a ac ach ai am an ang anh ao ap at au ay
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êch êm ên ênh êp êt êu
    i ia ich iêc iêm iên iêng iêp iêt iêu im in inh ip it iu
    o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt
    oc oe oem oen oeo oet oi om on ong oong ooc op ot
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua uân uâng uât uây uc uê uêch uênh uêt ui um un ung uôc uôi uôm uôn uông uôt
    up ut uơ uy uya uych uyên uyêt uynh uyp uyt uyu
    ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêt yêu
"""
RHYMES: Final = frozenset(_RHYMES_TEXT.split())


@dataclass(frozen=True, slots=True)
class Syllable:
    """A parsed word: `bases` are its characters without tone (original case)."""

    bases: tuple[str, ...]
    onset: str
    start: int  # index of the first vowel of the cluster
    end: int  # index just past the cluster
    coda: str
    tone: int
    tone_at: int  # index of the toned vowel, -1 when there is no tone

    @property
    def rhyme(self) -> str:
        return "".join(self.bases[self.start :]).lower()

    def canonical_tone_index(self) -> int:
        """Where the tone belongs under the placement rule of this module."""
        low = [b.lower() for b in self.bases[self.start : self.end]]
        quality = [k for k, ch in enumerate(low) if ch in _QUALITY_VOWELS]
        if quality:
            return self.start + quality[-1]
        if self.coda:
            return self.end - 1
        if len(low) == 3:
            return self.start + 1
        return self.start

    def accepted_tone_indexes(self) -> tuple[int, ...]:
        """Where a careful writer may put the tone: the canonical place, and for open
        oa/oe/uy also the second vowel ("new style": hoà, khoẻ, thuỷ)."""
        canonical = self.canonical_tone_index()
        cluster = "".join(self.bases[self.start : self.end]).lower()
        if not self.coda and cluster in ("oa", "oe", "uy"):
            return canonical, self.start + 1
        return (canonical,)


def parse_syllable(word: str) -> Syllable | None:
    """Split an NFC word into onset, vowel cluster and final consonant.

    Returns None when the word has more than one tone mark, or its letters do not
    fall into a Vietnamese onset / vowel cluster / final consonant pattern.
    """
    bases: list[str] = []
    tone, tone_at = NO_TONE, -1
    for k, ch in enumerate(word):
        base, t = split_tone(ch)
        if t != NO_TONE:
            if tone != NO_TONE:
                return None
            tone, tone_at = t, k
        bases.append(base)
    low = "".join(bases).lower()
    if len(low) != len(bases):  # a character whose lower case is longer (e.g. "İ")
        return None
    n = len(low)
    i = 0
    while i < n and low[i] not in VOWELS:
        i += 1
    onset = low[:i]
    # gi and qu: the vowel letter belongs to the onset when a vowel follows it.
    if i + 1 < n and low[i + 1] in VOWELS and (onset, low[i]) in (("g", "i"), ("q", "u")):
        i += 1
        onset = low[:i]
    if onset not in ONSETS:
        return None
    j = i
    while j < n and low[j] in VOWELS:
        j += 1
    if j == i or j - i > 3:
        return None
    coda = low[j:]
    if coda not in CODAS:
        return None
    return Syllable(tuple(bases), onset, i, j, coda, tone, tone_at)


_LABIAL_ONSETS: Final = frozenset(("b", "m", "p", "ph", "v"))
_ROUNDED_GLIDES: Final = ("oa", "oă", "oe", "uâ", "uê", "uơ", "uya", "uyê")


# Texts repeat a few thousand syllables over and over: remembering the verdicts makes
# scoring and normalising whole documents several times faster.
@lru_cache(maxsize=1 << 16)
def is_syllable(word: str) -> bool:
    """Whether `word` is a well-formed Vietnamese syllable (any case, NFC).

    Used to judge which decoding of a legacy text is right, so it checks what the
    spelling rules fix: the onset, the rhyme, c/k and g/gh spelling, and that the stop
    finals c, ch, p, t only carry the sắc or nặng tone.
    """
    syl = parse_syllable(word)
    if syl is None:
        return False
    rhyme = syl.rhyme
    onset = syl.onset
    if onset == "qu":
        ok = rhyme in RHYMES and rhyme[0] not in "uưo"
    elif onset == "gi":
        ok = rhyme in RHYMES or "i" + rhyme in RHYMES
    else:
        ok = rhyme in RHYMES
    if not ok:
        return False
    first = rhyme[0]
    if onset == "k" and first not in "eêiy":
        return False
    # c is written before no front vowel (k is) and no medial o/u (qu is): "coá" is no word.
    if onset == "c" and (first in "eêiy" or rhyme.startswith(("oa", "oă", "oe", "uy", "uâ", "uê"))):
        return False
    if onset in ("gh", "ngh") and first not in "eêi":
        return False
    if onset in ("g", "ng") and first in "eê":
        return False
    # Lips and a rounded glide do not go together: no "phoai", "voa", "buân" (the loan
    # word buýt keeps uy).
    if onset in _LABIAL_ONSETS and rhyme.startswith(_ROUNDED_GLIDES):
        return False
    if syl.coda in _STOP_CODAS and syl.tone not in (SAC, NANG):
        return False
    # oong / ooc live in loan words only (boong, xoong, soóc): no tone but sắc.
    if rhyme in ("oong", "ooc") and syl.tone not in (NO_TONE, SAC):
        return False
    return syl.tone == NO_TONE or syl.tone_at in syl.accepted_tone_indexes()


@lru_cache(maxsize=1 << 16)
def _normalize_word(word: str) -> str:
    syl = parse_syllable(word)
    if syl is None or syl.tone == NO_TONE:
        return word
    target = syl.canonical_tone_index()
    if target == syl.tone_at:
        return word
    chars = list(word)
    chars[syl.tone_at] = syl.bases[syl.tone_at]
    chars[target] = with_tone(syl.bases[target], syl.tone)
    return "".join(chars)


def normalize_tones(s: str) -> str:
    """Put every tone mark where the placement rule above says, keeping case.

    hoà → hòa, thuỷ → thủy, khoẻ → khỏe, uỷ → ủy; hoàn, huỳnh, suýt, quý, giữa, thuở,
    khuyến are already right and stay. Words that are not Vietnamese syllables are
    left alone. The result is NFC.
    """
    s = unicodedata.normalize("NFC", s)
    if s.isascii():
        return s
    # Space-separated pieces, each remembered: a regex callback per word is what made
    # this slow, and documents repeat the same few thousand pieces.
    return " ".join(
        [
            p if p.isascii() else _normalize_piece(p) if len(p) <= _CACHED_PIECE_CHARS
            else _LETTERS.sub(_normalize_match, p)
            for p in s.split(" ")
        ]
    )  # fmt: skip


_LETTERS: Final = re.compile(r"[^\W\d_]+")
# Longer pieces are not vocabulary and are not remembered.
_CACHED_PIECE_CHARS: Final = 40


@lru_cache(maxsize=1 << 16)
def _normalize_piece(piece: str) -> str:
    return _LETTERS.sub(_normalize_match, piece)


def _normalize_match(match: re.Match[str]) -> str:
    return _normalize_word(match.group(0))
