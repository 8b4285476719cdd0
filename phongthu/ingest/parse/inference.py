"""Step 8: values a document does not print but plainly implies.

A draft may leave out the header's issuer; its symbol still names it ("KH-KHCN": the
plan of the KHCN body) and the body names the same body in full ("Sở Khoa học và Công
nghệ"). Such a value is filled in and its JSON path listed in `inferred`, so nobody
mistakes it for printed text.
"""

from __future__ import annotations

import re

from phongthu.ingest.model import Paragraph, Table
from phongthu.ingest.parse import patterns
from phongthu.ingest.parse.doctypes import by_code
from phongthu.ingest.parse.state import ParseState
from phongthu.ingest.parse.wording import fold, squash

_SKIP = {"và", "-", ",", "&"}
_MAX_WORDS = 10


def infer_values(state: ParseState) -> None:
    doc = state.extraction.document
    if doc.issuer is None and doc.symbol:
        name = issuer_from_symbol(doc.symbol, _body_text(state))
        if name:
            doc.issuer = name
            state.extraction.inferred.append("document.issuer")


def _body_text(state: ParseState) -> str:
    parts: list[str] = []
    for block in state.blocks[state.body_start :]:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            parts.extend(cell.text for row in block.rows for cell in row)
    return squash(" \n ".join(parts))


def _codes(symbol: str) -> list[str]:
    """The parts of a symbol that may name a body: not the type code, not a year."""
    parts = [p for p in re.split(r"[-/()]", symbol) if p and not p.isdigit()]
    return [p for p in parts if by_code(p) is None]


def _initials(words: list[str]) -> str:
    return "".join(fold(w)[:1] for w in words if w not in _SKIP).upper()


def issuer_from_symbol(symbol: str, text: str) -> str | None:
    """The body a symbol's code abbreviates, named in full in `text`, or None.

    'KH-KHCN' with "... Sở Khoa học và Công nghệ ..." -> 'Sở Khoa học và Công nghệ':
    the initials of the words after the head ('Khoa học và Công nghệ' -> KHCN), or of
    the head and the words together ('Sở Công Thương' -> SCT), spell the code.
    """
    for code in _codes(symbol):
        wanted = fold(code).upper()
        if len(wanted) < 2:
            continue
        for m in patterns.ORG_HEAD.finditer(text):
            head = m.group(1).split()
            words = re.findall(r"[^\s,;.()]+|,", text[m.end() : m.end() + 120])[:_MAX_WORDS]
            for k in range(1, len(words) + 1):
                taken = words[:k]
                if taken[-1] in _SKIP:
                    continue
                if wanted in (_initials(taken), _initials(head + taken)):
                    return squash(f"{m.group(1)} {' '.join(taken)}").replace(" ,", ",")
            if wanted == _initials(head):
                return m.group(1)
    return None
