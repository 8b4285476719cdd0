"""Correcting what OCR predictably gets wrong, word by word, conservatively.

Tesseract's Vietnamese model keeps the letters of a word but often loses or swaps its
marks, most of all in capitals and under a rule or a stamp ("ĐIÊU TRA", "TỘI PHAM",
"CỤC TRƯƠNG"), and reads the figures of short codes as letters ("Pó" for "P6").

- Marks: a run of words whose bare letters spell a phrase of administrative
  Vietnamese (`phongthu.text.lexicon.ADMIN_PHRASES`) takes that phrase's marks. A
  word that is not in the lexicon is corrected on the strength of the phrase alone; a
  word that is (a real word with other marks: "đề" for "để") only where tesseract
  was unsure of it, or where the phrase is long or holds a slash mark ("để p/h"),
  and never where it already makes a phrase with its neighbour. A lone word read
  with low confidence that is no word at all takes the commonest word with its
  letters ("VẺ" -> "VỀ"). Text that is right is left exactly as it is.
- Slash marks: "p/h/th" lost one slash of "p/h/t/h".
- Codes: a short code that differs from a code printed elsewhere in the document
  (the segments of its own symbol, "C04-P6") only by look-alike characters
  (S/5, o/0, ó/6, l/1, ...) is that code.
- Lost spaces: Vietnamese is written a syllable a word; a run of marked letters that
  is no syllable but splits one way only into fewer syllables than any other way
  ("traSở", "đoàncơ") lost its spaces, which tesseract drops on lines that run
  across the cells of a table.
- Acronyms: a Vietnamese acronym is the bare initials of its words (UBND, CHQS,
  TTCN), never marked; a word in capitals that is no syllable but holds an "Ọ" is an
  acronym whose "Q" had its tail read as the dot below ("CHỌS" for "CHQS").

Words keep their boxes and confidence: a corrected word that tesseract was unsure of
is still reported as uncertain.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from phongthu.ingest.readers.positioned import LOW_CONFIDENCE, Word
from phongthu.text import fold, search_key
from phongthu.text.lexicon import ADMIN_PHRASES, COMMON_IN_ORDER
from phongthu.text.syllable import is_syllable

_MAX_PHRASE = 6
# A real word read at least this surely keeps its marks, whatever phrase it is in.
SURE = 90.0
# A word tesseract read at least this surely is taken as a code others may match.
_CODE_CONFIDENCE = 80.0
# A code-like word read this surely, in capitals and figures only, is left alone.
_SURE_CODE = 90.0

_PUNCTUATION = "()[]{}“”\"'‘’.,;:!?…-–—"
_TOKEN = re.compile(
    r"(?P<abbr>[^\W\d_]{1,2}(?:/[^\W\d_]{1,2})+)"
    r"|(?P<code>[^\W_]*\d[^\W_]*)"
    r"|(?P<word>[^\W\d_]+)"
)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, int]  # folded word -> rank (lower is commoner)
    by_key: dict[str, tuple[str, ...]]  # bare letters -> folded words, commonest first
    phrases: dict[tuple[str, ...], frozenset[tuple[str, ...]]]  # bare key -> forms
    bigrams: frozenset[tuple[str, str]]


@functools.cache
def lexicon() -> _Lexicon:
    words: dict[str, int] = {}
    for word in COMMON_IN_ORDER:
        words.setdefault(fold(word), len(words))
    phrases: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    bigrams: set[tuple[str, str]] = set()
    for phrase in ADMIN_PHRASES:
        form = tuple(fold(w) for w in phrase.split())
        for word in form:
            words.setdefault(word, len(words))
        if len(form) >= 2:
            phrases.setdefault(tuple(search_key(w) for w in form), set()).add(form)
            bigrams.update(itertools.pairwise(form))
    by_key: dict[str, list[str]] = {}
    for word in sorted(words, key=words.__getitem__):
        by_key.setdefault(search_key(word), []).append(word)
    return _Lexicon(
        words=words,
        by_key={k: tuple(v) for k, v in by_key.items()},
        phrases={k: frozenset(v) for k, v in phrases.items()},
        bigrams=frozenset(bigrams),
    )


# --- tokens ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Slot:
    word: int  # index of the Word in the line
    start: int  # span in the Word's text
    end: int
    text: str
    kind: str  # "word", "abbr" or "code"
    conf: float | None
    joined: bool  # nothing but a space between it and the slot before
    whole: bool  # all the letters of its Word: no figures or signs inside
    new: str | None = None

    @property
    def current(self) -> str:
        return self.new if self.new is not None else self.text

    @property
    def folded(self) -> str:
        return fold(self.current)

    @property
    def key(self) -> str:
        return search_key(self.current)


def _slots(words: list[Word]) -> list[_Slot]:
    slots: list[_Slot] = []
    gap = ""
    for index, word in enumerate(words):
        position = 0
        for m in _TOKEN.finditer(word.text):
            gap += word.text[position : m.start()]
            kind = m.lastgroup or "word"
            joined = bool(slots) and not gap.strip()
            whole = m.group() == word.text.strip(_PUNCTUATION)
            slots.append(
                _Slot(index, m.start(), m.end(), m.group(), kind, word.conf, joined, whole)
            )
            gap = ""
            position = m.end()
        gap += word.text[position:] + " "
    return slots


def _runs(slots: list[_Slot]) -> list[list[_Slot]]:
    """Stretches of words with only spaces between them (punctuation parts phrases)."""
    runs: list[list[_Slot]] = []
    for slot in slots:
        if slot.kind == "code":
            runs.append([])
            continue
        if runs and runs[-1] and slot.joined:
            runs[-1].append(slot)
        else:
            runs.append([slot])
    return [run for run in runs if run]


def _cased(model: str, form: str) -> str:
    """`form` written in the capitals of `model` (all capitals, a capital first, none)."""
    letters = [c for c in model if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return form.upper()
    if model[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


# --- marks -------------------------------------------------------------------------------


def _repair_mark(slot: _Slot) -> None:
    """'p/h/th' -> 'p/h/t/h': a purpose mark is single letters between slashes."""
    parts = slot.text.split("/")
    if slot.kind != "abbr" or len(parts) < 3 or not slot.text.islower():
        return
    long = [k for k, part in enumerate(parts) if len(part) == 2]
    if (
        len(long) != 1
        or long[0] == 0
        or any(len(p) != 1 for k, p in enumerate(parts) if k != long[0])
    ):
        return
    k = long[0]
    slot.new = "/".join([*parts[:k], parts[k][0], parts[k][1], *parts[k + 1 :]])


def _in_bigram(run: list[_Slot], j: int, lex: _Lexicon) -> bool:
    word = run[j].folded
    return (j > 0 and (run[j - 1].folded, word) in lex.bigrams) or (
        j + 1 < len(run) and (word, run[j + 1].folded) in lex.bigrams
    )


def _low(slot: _Slot) -> bool:
    return slot.conf is not None and slot.conf < LOW_CONFIDENCE


def _sure(slot: _Slot) -> bool:
    return slot.conf is None or slot.conf >= SURE


def _restore_marks(run: list[_Slot], lex: _Lexicon) -> None:
    words = [s.folded for s in run]
    keys = [s.key for s in run]
    settled = [_in_bigram(run, j, lex) for j in range(len(run))]
    for i in range(len(run)):
        for length in range(min(_MAX_PHRASE, len(run) - i), 1, -1):
            forms = lex.phrases.get(tuple(keys[i : i + length]))
            if not forms or tuple(words[i : i + length]) in forms or len(forms) != 1:
                continue
            (form,) = forms
            strong = length >= 3 or any(s.kind == "abbr" for s in run[i : i + length])
            changes = [j for j in range(i, i + length) if words[j] != form[j - i]]
            if all(
                run[j].kind == "word"
                and not settled[j]
                and (words[j] not in lex.words or _low(run[j]) or (strong and not _sure(run[j])))
                for j in changes
            ):
                for j in changes:
                    run[j].new = _cased(run[j].text, form[j - i])
                    words[j] = form[j - i]
                for j in range(i, i + length):
                    settled[j] = True
                break
    for j, slot in enumerate(run):
        if settled[j] or slot.kind != "word" or not _low(slot) or words[j] in lex.words:
            continue
        if not (slot.text.islower() or slot.text.isupper()):
            continue  # a capital first: a name, or a word opening a sentence
        if not slot.whole:
            continue  # letters among figures or signs ("23§ÿ") are no word
        if slot.text.isascii():
            continue  # no mark read at all: an abbreviation ("VI" for "VT") as likely
        commonest = lex.by_key.get(slot.key)
        if commonest:
            slot.new = _cased(slot.text, commonest[0])


# --- codes -------------------------------------------------------------------------------

_LOOK_ALIKES: dict[str, str] = {
    "0": "OoQDòóôõÒÓÔÕơƠ",
    "1": "IlLiíìĩ|!J",
    "2": "Zz",
    "4": "A",
    "5": "SsŠš§$",
    "6": "bGóÓòÒ",
    "8": "B",
    "9": "gq",
}
_CODE = re.compile(r"^(?=.*\d)(?=.*[A-ZĐ])[A-ZĐ0-9]{2,8}$")


def _looks_alike(read: str, printed: str) -> bool:
    if read == printed or read.upper() == printed:
        return True
    if printed.isdigit():
        return read in _LOOK_ALIKES[printed] if printed in _LOOK_ALIKES else False
    return read.isdigit() and printed in _LOOK_ALIKES.get(read, "")


@dataclass(slots=True)
class CodeBook:
    """Codes printed in a document (letters with figures: C04, P6, H01), page after page."""

    codes: set[str] = field(default_factory=set)

    def learn(self, lines: Iterable[list[Word]]) -> None:
        for word in (w for line in lines for w in line):
            if word.conf is None or word.conf < _CODE_CONFIDENCE:
                continue
            for part in re.split(r"[/\-.,;:()\s]+", word.text):
                if _CODE.match(part):
                    self.codes.add(part)

    def match(self, text: str) -> str | None:
        """The one known code `text` is a misreading of, if any."""
        found = {
            code
            for code in self.codes
            if len(code) == len(text)
            and code != text
            and all(_looks_alike(a, b) for a, b in zip(text, code, strict=True))
        }
        return found.pop() if len(found) == 1 else None


def _restore_code(slot: _Slot, codes: CodeBook, lex: _Lexicon) -> None:
    text = slot.text
    if not 2 <= len(text) <= 8 or not (text[:1].isupper() or text[:1].isdigit()):
        return
    if slot.kind == "word" and slot.folded in lex.words:
        return
    odd = any(not (c.isdigit() or "A" <= c <= "Z" or c == "Đ") for c in text)
    if not odd and slot.conf is not None and slot.conf >= _SURE_CODE:
        return
    code = codes.match(text)
    if code is not None:
        slot.new = code


# --- acronyms ----------------------------------------------------------------------------

_ACRONYM_LETTERS = re.compile(r"^[A-ZĐỌ]{3,8}$")


def restore_acronym(text: str) -> str:
    """'CHỌS' -> 'CHQS': an unmarked acronym whose Q was read as Ọ; else `text`."""
    if "Ọ" not in text or not _ACRONYM_LETTERS.match(text) or is_syllable(text):
        return text
    return text.replace("Ọ", "Q")


def correct_words(words: list[Word]) -> list[Word]:
    """Words read one by one (a table's cells): their acronyms and lost spaces mended."""
    out = []
    for word in words:
        mended = _ACRONYM_IN_WORD.sub(lambda m: restore_acronym(m.group()), word.text)
        mended = _LETTERS.sub(lambda m: " ".join(split_syllables(m.group())), mended)
        out.append(word if mended == word.text else replace(word, text=mended))
    return out


# --- lost spaces -------------------------------------------------------------------------

_LETTERS = re.compile(r"[^\W\d_]+")
_MAX_RUN = 30


def split_syllables(text: str) -> list[str]:
    """'traSở' -> ['tra', 'Sở']: a run of letters that lost the spaces between its
    syllables, split where it splits one way only; else `[text]`.

    Only a run with a Vietnamese mark, or a capital after a small letter, is taken
    for one: a word without marks may be a loanword or a name ("online").
    """
    if len(text) > _MAX_RUN or is_syllable(text):
        return [text]
    cased = any(a.islower() and b.isupper() for a, b in itertools.pairwise(text))
    if text.isascii() and not cased:
        return [text]
    # best[i]: the fewest syllables text[:i] splits into, and in how many ways.
    best: list[tuple[int, int]] = [(0, 1)] + [(_MAX_RUN + 1, 0)] * len(text)
    cut = [0] * (len(text) + 1)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - 7), end):
            parts, ways = best[start]
            if ways == 0 or not is_syllable(text[start:end]):
                continue
            if parts + 1 < best[end][0]:
                best[end], cut[end] = (parts + 1, ways), start
            elif parts + 1 == best[end][0]:
                best[end] = (parts + 1, best[end][1] + ways)
    parts, ways = best[len(text)]
    if ways != 1 or parts < 2:
        return [text]
    out: list[str] = []
    end = len(text)
    while end:
        out.append(text[cut[end] : end])
        end = cut[end]
    return out[::-1]


_ACRONYM_IN_WORD = re.compile(r"(?<![^\W\d_])[A-ZĐỌ]{3,8}(?![^\W\d_])")


# --- lines -------------------------------------------------------------------------------


# "Số:" opening the number line, read with a small s or a wrong mark ("số:", "Só:",
# "Sñ:").
_NUMBER_LABEL = re.compile(r"^[sS][ốôóòõoồổñ](?=\s*:)")


def correct_line(words: list[Word], codes: CodeBook | None = None) -> list[Word]:
    """One line of OCR words (left to right) with marks, slash marks and codes mended."""
    lex = lexicon()
    if words and _NUMBER_LABEL.match(words[0].text):
        words = [replace(words[0], text=_NUMBER_LABEL.sub("Số", words[0].text)), *words[1:]]
    slots = _slots(words)
    for slot in slots:
        if slot.kind == "abbr":
            _repair_mark(slot)
    for run in _runs(slots):
        _restore_marks(run, lex)
    for slot in slots:
        if slot.new is None and slot.kind == "word":
            mended = " ".join(split_syllables(restore_acronym(slot.text)))
            if mended != slot.text:
                slot.new = mended
    if codes is not None and codes.codes:
        for slot in slots:
            if slot.new is None and slot.kind in ("word", "code"):
                _restore_code(slot, codes, lex)
    changed = [s for s in slots if s.new is not None and s.new != s.text]
    if not changed:
        return words
    out = list(words)
    for slot in sorted(changed, key=lambda s: (s.word, -s.start)):
        word = out[slot.word]
        text = word.text[: slot.start] + (slot.new or "") + word.text[slot.end :]
        out[slot.word] = replace(word, text=text)
    return out


def correct_lines(lines: list[list[Word]], codes: CodeBook | None = None) -> list[list[Word]]:
    """A page's OCR lines corrected; `codes` first learns the codes the page prints."""
    if codes is not None:
        codes.learn(lines)
    return [correct_line(sorted(line, key=lambda w: w.x0), codes) for line in lines]
