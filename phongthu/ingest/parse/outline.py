"""Step 4: the body's outline — parts, Roman sections, articles, numbered items, letters.

Nghị định 30/2020 numbers a body with "Phần"/"Chương", Roman numerals (I, II), "Điều",
Arabic numerals (1, 2) and letters (a, b, đ); a document uses the levels it needs,
from the top. A label counts only in sequence (I then II; 1, 2, 3 under each parent),
so that a numbered list nested inside a paragraph does not pass for a section.
Tables and the appendix are not part of the outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from phongthu.ingest.model import Paragraph, Section
from phongthu.ingest.parse import patterns
from phongthu.ingest.parse.state import ParseState
from phongthu.ingest.parse.wording import is_upper, squash

_KINDS = ("part", "alpha", "roman", "article", "arabic", "letter")
_ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7}
_LETTERS = "abcdđeghiklmnopqrstuvxy"


@dataclass(frozen=True, slots=True)
class Heading:
    block: int
    kind: str
    label: str
    value: int
    title: str


def classify(text: str) -> Heading | None:
    """The outline label a paragraph opens with, if any (block index left at -1)."""
    text = squash(text)
    m = patterns.PART.match(text)
    if m:
        label = m.group("label")
        ordinal = re.match(r"thứ\s+(\w+)", label, re.IGNORECASE)
        if label.isdigit():
            value: int | None = int(label)
        elif ordinal:
            value = _ORDINALS.get(ordinal.group(1).lower())
        else:
            value = patterns.roman_value(label)
        if value:
            kind = m.group("kind").capitalize()
            return Heading(-1, "part", f"{kind} {label}", value, m.group("title").strip())
    m = patterns.ALPHA.match(text)
    if m and is_upper(m.group("title")) and patterns.roman_value(m.group("label")) is None:
        value = ord(m.group("label")) - ord("A") + 1
        return Heading(-1, "alpha", m.group("label"), value, m.group("title").strip())
    m = patterns.ARTICLE.match(text)
    if m:
        return Heading(
            -1,
            "article",
            f"Điều {m.group('label')}",
            int(m.group("label")),
            m.group("title").strip(),
        )
    m = patterns.ROMAN.match(text)
    if m:
        roman = patterns.roman_value(m.group("label"))
        if roman:
            return Heading(-1, "roman", m.group("label"), roman, m.group("title").strip())
    m = patterns.ARABIC.match(text)
    if m:
        return Heading(
            -1, "arabic", m.group("label"), int(m.group("label")), m.group("title").strip()
        )
    m = patterns.LETTER.match(text)
    if m:
        value = _LETTERS.find(m.group("label")) + 1
        if value:
            return Heading(-1, "letter", m.group("label"), value, m.group("title").strip())
    return None


def _candidates(state: ParseState) -> list[Heading]:
    out: list[Heading] = []
    for i in range(state.body_start, state.body_end):
        block = state.blocks[i]
        if not isinstance(block, Paragraph) or i in state.title_blocks:
            continue
        text = squash(block.text)
        if not text:
            continue
        if block.numbering and not classify(text):
            text = f"{block.numbering.strip()} {text}"
        found = classify(text)
        if found is not None and found.title:
            out.append(Heading(i, found.kind, found.label, found.value, found.title))
    return out


def _in_sequence(headings: list[Heading]) -> list[Heading]:
    """Keep the headings whose numbers run on from their parent's previous child."""
    kept: list[Heading] = []
    last: dict[str, int] = {}
    for h in headings:
        if h.value != last.get(h.kind, 0) + 1:
            continue
        last[h.kind] = h.value
        # Children restart under every new parent.
        for k in _KINDS[_KINDS.index(h.kind) + 1 :]:
            last.pop(k, None)
        kept.append(h)
    return kept


def read_outline(state: ParseState) -> None:
    headings = _in_sequence(_candidates(state))
    if not headings:
        state.opening_end = _opening_without_headings(state)
        return
    kinds = [k for k in _KINDS if any(h.kind == k for h in headings)]
    level_of = {k: n for n, k in enumerate(kinds)}
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []
    for h in headings:
        level = level_of[h.kind]
        section = Section(label=h.label, title=_title(h.title))
        while stack and stack[-1][0] >= level:
            stack.pop()
        if stack:
            stack[-1][1].children.append(section)
        elif level == 0:
            roots.append(section)
        else:
            continue  # a lower label before the first top-level heading: preamble text
        stack.append((level, section))
        state.headings[h.block] = (level, h.title)
        state.heading_labels[h.block] = h.label
    state.extraction.sections = roots
    state.opening_end = min(state.headings) if state.headings else _opening_without_headings(state)


# Paragraphs that state what the document rests on ("Căn cứ ...", "Thực hiện ...").
_BASIS = re.compile(
    r"^\s*(căn cứ|thực hiện|tiếp tục thực hiện|triển khai|theo|xét|trên cơ sở|thừa lệnh)\b",
    re.IGNORECASE,
)


def _opening_without_headings(state: ParseState) -> int:
    """Without headings, the opening is the first paragraph and the run of 'Căn cứ' /
    'Thực hiện' paragraphs that follows it; the rest is the body proper. A paragraph that
    a scan or a PDF broke in two (the next part runs on in lower case, or the first part
    has no closing punctuation) counts as the paragraph it belongs to."""
    previous: str | None = None
    for i in range(state.body_start, state.body_end):
        block = state.blocks[i]
        text = squash(block.text) if isinstance(block, Paragraph) else ""
        if not text:
            continue
        runs_on = previous is not None and (
            text[:1].islower() or not previous.rstrip("”\"' ").endswith((".", ";", ":", "!", "?"))
        )
        if previous is not None and not runs_on and not _BASIS.match(text):
            return i
        previous = text
    return state.body_end


def _title(text: str) -> str:
    # The closing mark of the last paragraph ("./.") and a trailing colon are not title.
    return re.sub(r"\s*(?:\./\.?|[:.;])\s*$", "", squash(text)) or squash(text)
