"""Recognising the blocks that lay out a page rather than hold data.

An administrative document (Nghị định 30/2020) opens with two side-by-side columns —
the issuing body on the left, the national motto on the right, then "Số:" and the
place and date — and closes with the recipients ("Nơi nhận") beside the signature.
Word documents and their text exports hold both as tables; the parsers need to tell
them from a task table, so every reader marks them with `Table.layout`.
"""

from __future__ import annotations

import re

from phongthu.ingest.readers import vntext

# Matched against folded text (lower case, no diacritics), so that old and new tone
# placement, capitals and legacy-font quirks all match.
_LAYOUT_MARKERS = re.compile(
    r"cong\s*hoa\s+xa\s+hoi\s+chu\s+nghia"
    r"|doc\s*lap\s*[-–—.,]?\s*tu\s*do\s*[-–—.,]?\s*hanh\s*phuc"
    r"|^\s*so\s*:"
    r"|^\s*noi\s+nhan"
)
# A signing authority opening a cell ("KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN").
_AUTHORITY = re.compile(r"^\s*(TM|KT|TL|TUQ|Q)\s*\.\s*[^\W\d_]")


def is_layout_text(text: str) -> bool:
    """True when a cell or column of text belongs to the header or signature block."""
    if not text:
        return False
    if _AUTHORITY.match(text):
        return True
    return bool(_LAYOUT_MARKERS.search(vntext.search_key(text)))
