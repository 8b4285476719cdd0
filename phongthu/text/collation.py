"""Vietnamese collation: dictionary order for names of people and units.

Letters are ordered a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (the
Latin letters Vietnamese does not use, f j w z, sit where Latin puts them). Words are
compared one after another, as a dictionary does: first by their letters, then by their
tone in the order none, huyền, sắc, hỏi, ngã, nặng — so ba < bà < bá < bả < bã < bạ <
ba ba < bác. Case does not matter. Numbers sort by value, as offices number their units
and teams: Tổ 2 < Tổ 10.
"""

from __future__ import annotations

import re

from phongthu.text.normalize import clean, fold
from phongthu.text.syllable import split_tone

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_DIGITS = re.compile(r"([0-9]+)")
_LETTER_RANK = {ch: 100 + k for k, ch in enumerate(_ALPHABET)}
# A run of digits is this marker followed by its value; the marker sorts numbers after
# punctuation and before letters.
_NUMBER_RANK = 10
# Spaces never reach the word keys (words are split on them); other punctuation and
# symbols sort before numbers and letters, all alike: the full folded text at the end
# of the key orders them among themselves.
_OTHER_RANK = 0
_FOREIGN_LETTER_BASE = 1000

type WordKey = tuple[tuple[int, ...], tuple[int, ...]]
type SortKey = tuple[tuple[WordKey, ...], str]


def _char_rank(ch: str) -> int:
    rank = _LETTER_RANK.get(ch)
    if rank is not None:
        return rank
    if ch.isalpha():
        return _FOREIGN_LETTER_BASE + ord(ch)
    return _OTHER_RANK


def _word_key(word: str) -> WordKey:
    letters: list[int] = []
    tones: list[int] = []
    for part in _DIGITS.split(word):
        if part.isascii() and part.isdigit():
            letters += (_NUMBER_RANK, int(part))
            continue
        for ch in part:
            base, tone = split_tone(ch)
            letters.append(_char_rank(base))
            if tone:
                tones.append(tone)
    return tuple(letters), tuple(tones)


def sort_key(s: str) -> SortKey:
    """Key for `sorted(names, key=sort_key)` in Vietnamese dictionary order.

    Two strings get equal keys exactly when their `fold` is equal, so the order is
    total on folded text and agrees with fold-equality.
    """
    folded = fold(s)
    return tuple(_word_key(word) for word in folded.split(" ") if word), folded


def person_sort_key(full_name: str) -> tuple[SortKey, SortKey]:
    """Key that sorts Vietnamese person names the way offices list staff.

    By the given name (the last word) first, then the rest in its order (family name,
    middle names): Trần Văn An < Lê Thị Bình < Nguyễn Văn Bình.
    """
    words = clean(full_name).split(" ")
    return sort_key(words[-1]), sort_key(" ".join(words[:-1]))
