"""Document types: the 29 of Nghị định 30/2020 (Điều 7, Phụ lục III) and the legal types cited.

The administrative types are what a document's own heading can say ("KẾ HOẠCH"); the
cited types add the legal documents an agency cites but does not issue (Luật, Nghị
định, Thông tư, ...). Abbreviations are those of Phụ lục III; they appear in the
symbol part of a reference ("42/KH-UBND") and let a type be recognised from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from phongthu.ingest.parse.wording import fold, squash


@dataclass(frozen=True, slots=True)
class DocType:
    name: str  # sentence case, as Nghị định 30/2020 names it
    code: str | None  # abbreviation of Phụ lục III; None where it has none


# Điều 7 of Nghị định 30/2020, in its order. Công văn has no printed abbreviation; "CV" is
# the conventional code the schema asks for. Thư công has none.
ADMIN_TYPES: tuple[DocType, ...] = (
    DocType("Nghị quyết", "NQ"),
    DocType("Quyết định", "QĐ"),
    DocType("Chỉ thị", "CT"),
    DocType("Quy chế", "QC"),
    DocType("Quy định", "QyĐ"),
    DocType("Thông cáo", "TC"),
    DocType("Thông báo", "TB"),
    DocType("Hướng dẫn", "HD"),
    DocType("Chương trình", "CTr"),
    DocType("Kế hoạch", "KH"),
    DocType("Phương án", "PA"),
    DocType("Đề án", "ĐA"),
    DocType("Dự án", "DA"),
    DocType("Báo cáo", "BC"),
    DocType("Biên bản", "BB"),
    DocType("Tờ trình", "TTr"),
    DocType("Hợp đồng", "HĐ"),
    DocType("Công văn", "CV"),
    DocType("Công điện", "CĐ"),
    DocType("Bản ghi nhớ", "BGN"),
    DocType("Bản thỏa thuận", "BTT"),
    DocType("Giấy ủy quyền", "GUQ"),
    DocType("Giấy mời", "GM"),
    DocType("Giấy giới thiệu", "GGT"),
    DocType("Giấy nghỉ phép", "GNP"),
    DocType("Phiếu gửi", "PG"),
    DocType("Phiếu chuyển", "PC"),
    DocType("Phiếu báo", "PB"),
    DocType("Thư công", None),
)

CONG_VAN = next(t for t in ADMIN_TYPES if t.name == "Công văn")

# Types that only appear as cited documents (legal documents of higher bodies, party
# documents), with the codes their references carry.
LEGAL_TYPES: tuple[DocType, ...] = (
    DocType("Hiến pháp", None),
    DocType("Bộ luật", None),
    DocType("Luật", None),
    DocType("Pháp lệnh", None),
    DocType("Lệnh", None),
    DocType("Nghị quyết liên tịch", "NQLT"),
    DocType("Nghị định", "NĐ"),
    DocType("Thông tư liên tịch", "TTLT"),
    DocType("Thông tư", "TT"),
    DocType("Kết luận", "KL"),
    DocType("Văn bản", None),
    DocType("Điều lệ", None),
)

_BY_FOLDED_NAME = {fold(t.name): t for t in (*ADMIN_TYPES, *LEGAL_TYPES)}
_BY_CODE = {t.code.upper(): t for t in (*LEGAL_TYPES, *ADMIN_TYPES) if t.code}


def all_cited_names() -> list[str]:
    """Every type name a citation may open with, longest first (so 'Thông tư liên tịch'
    wins over 'Thông tư')."""
    names = {t.name for t in (*ADMIN_TYPES, *LEGAL_TYPES)}
    return sorted(names, key=len, reverse=True)


def by_name(text: str) -> DocType | None:
    """The type a name or heading says, whatever its case or tone placement."""
    return _BY_FOLDED_NAME.get(fold(squash(text)).rstrip(" .:"))


def heading_type(text: str) -> DocType | None:
    """The administrative type when `text` is a type heading ('KẾ HOẠCH', 'TỜ TRÌNH')."""
    cleaned = squash(text)
    if not cleaned or len(cleaned) > 30:
        return None
    letters = [c for c in cleaned if c.isalpha()]
    # A heading is set in capitals; a sentence that merely starts with a type name is not.
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return None
    found = by_name(cleaned)
    if found is None or found not in ADMIN_TYPES:
        return None
    return found


def by_code(code: str) -> DocType | None:
    return _BY_CODE.get(code.upper())


_PARTY_REF = re.compile(r"^\d+[a-z]?-([^\W\d_]+)/", re.IGNORECASE)


def type_code_of_symbol(reference: str) -> str | None:
    """The type abbreviation inside a reference: '42/KH-UBND' -> 'KH', '22-NQ/TW' -> 'NQ',
    '358/2025/NĐ-CP' -> 'NĐ'; None for a công văn ('7432/UBND-XD')."""
    party = _PARTY_REF.match(reference)
    if party:
        return party.group(1)
    parts = [p for p in reference.split("/")[1:] if p and not p.isdigit()]
    if not parts:
        return None
    first = re.split(r"[-(]", parts[0])[0]
    return first if by_code(first) else None
