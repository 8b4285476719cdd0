"""Vietnamese letters for the text tests: every base letter with every tone."""

from __future__ import annotations

import unicodedata

import pytest

TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx"


def toned(vowel: str, mark: str) -> str:
    return unicodedata.normalize("NFC", vowel + mark)


LOWER_LETTERS = sorted(
    {toned(v, m) for v in VOWELS for m in TONE_MARKS} | set(CONSONANTS) | set("fjwz")
)
UPPER_LETTERS = sorted({ch.upper() for ch in LOWER_LETTERS})


@pytest.fixture(params=LOWER_LETTERS)
def lower_letter(request: pytest.FixtureRequest) -> str:
    """Each lower-case letter of Vietnamese (and f j w z), with each tone."""
    return str(request.param)


@pytest.fixture(params=UPPER_LETTERS)
def upper_letter(request: pytest.FixtureRequest) -> str:
    """Each capital letter of Vietnamese (and F J W Z), with each tone."""
    return str(request.param)
