"""Step 2: the header — issuer, number and symbol, place and date, type and trích yếu.

The header's two columns (issuer | national motto, 'Số:' | place and date) come as a
layout table from Word and from tab-separated text, as separate lines from plain text
without tabs, and sometimes as one merged line per row from a PDF text layer. Every
line is read for what it holds, whatever column it came from; only the issuer lines
must come from the left side.
"""

from __future__ import annotations

import re

from phongthu.ingest.model import Paragraph
from phongthu.ingest.parse import patterns
from phongthu.ingest.parse.dates import find_dates
from phongthu.ingest.parse.doctypes import CONG_VAN, by_code, heading_type, type_code_of_symbol
from phongthu.ingest.parse.regions import type_title_lines
from phongthu.ingest.parse.state import Line, ParseState, block_lines
from phongthu.ingest.parse.wording import fold, squash, upper_ratio

_PLACE_DATE = re.compile(r"(?P<place>[^\W\d_][^,;:]{0,60}?)\s*,\s*ng[àa]y\b", re.IGNORECASE)


def read_header(state: ParseState) -> None:
    doc = state.extraction.document
    lines: list[Line] = []
    for i in range(state.header_end):
        lines.extend(block_lines(state.blocks[i], i))

    issuer_lines: list[str] = []
    vv_lines: list[str] = []
    vv_column: int | None = -1
    seen_so = False
    for line in lines:
        text = patterns.strip_motto(line.text)
        if not text or patterns.is_decoration(text):
            continue
        if vv_column != -1 and line.column == vv_column and not _is_mark(text):
            vv_lines.append(text)
            continue
        vv_column = -1
        so = patterns.so_reference(text)
        if so is not None and doc.reference is None:
            if _doubtful_number(so[0], line.uncertain):
                # A scan's handwritten number that recognition could not confirm.
                doc.symbol = split_reference(so[0])[1]
                _unreadable_number(state)
            else:
                _set_reference(state, so[0])
            seen_so = True
            text = squash(text[so[1] :])
            if not text:
                continue
        unread = None if seen_so else patterns.unreadable_number(text)
        if unread is not None:
            doc.symbol = unread[0]
            _unreadable_number(state)
            seen_so = True
            text = squash(text[unread[1] :])
            if not text:
                continue
        if _read_place_date(state, text, line.uncertain):
            continue
        if patterns.VV.match(text):
            vv_lines = [text]
            vv_column = line.column
            continue
        if not seen_so and line.column in (0, None) and upper_ratio(text) > 0.6:
            issuer_lines.append(text)

    parent, issuer = split_issuer(issuer_lines)
    doc.issuer, doc.issuer_parent = issuer, parent
    _read_type_and_title(state, vv_lines)


def _unreadable_number(state: ParseState) -> None:
    state.unreadable.add("number")
    state.extraction.warnings.append(
        "Không đọc được số của văn bản (chữ viết tay hoặc bản quét mờ); hãy nhập lại theo bản gốc."
    )


def _figures(word: str) -> str:
    """The figures a word opens with ('2387' of '2387/C04-P6', '20' of '20,')."""
    m = re.match(r"\d+", word.lstrip("(“\"'"))
    return m.group() if m else ""


def _doubtful_number(ref: str, uncertain: tuple[str, ...]) -> bool:
    """Whether OCR was unsure of the figures of the reference's number."""
    number = split_reference(ref)[0]
    return bool(number) and any(_figures(w) and _figures(w) == number for w in uncertain)


def _doubtful_part(value: int | None, uncertain: tuple[str, ...]) -> bool:
    return value is not None and any(_figures(w) and int(_figures(w)) == value for w in uncertain)


def _is_mark(text: str) -> bool:
    return bool(
        patterns.so_reference(text)
        or _PLACE_DATE.search(text)
        or patterns.KINH_GUI.match(text)
        or heading_type(text)
    )


def _set_reference(state: ParseState, ref: str) -> None:
    doc = state.extraction.document
    doc.reference = ref
    number, symbol = split_reference(ref)
    doc.number, doc.symbol = number, symbol


def split_reference(ref: str) -> tuple[str | None, str | None]:
    """'42/KH-UBND' -> ('42', 'KH-UBND'); '/KH-KHCN' -> (None, 'KH-KHCN');
    '22-NQ/TW' -> ('22', 'NQ/TW')."""
    party = re.match(r"^(\d+[a-zA-Z]?)-([^/]+/.+)$", ref)
    if party:
        return party.group(1), party.group(2)
    number, slash, symbol = ref.partition("/")
    if not slash:
        return (number or None), None
    return (number.strip() or None), (symbol.strip("/") or None)


def _read_place_date(state: ParseState, text: str, uncertain: tuple[str, ...] = ()) -> bool:
    doc = state.extraction.document
    m = _PLACE_DATE.search(text)
    if not m:
        return False
    dates = [d for d in find_dates(text[m.end() - 4 :]) if d.start <= 6]
    if not dates:
        return False
    if doc.date.year is None:
        doc.date = dates[0].date
        if not dates[0].valid:
            state.extraction.warnings.append(
                "Ngày ban hành in trên văn bản không tồn tại; đã bỏ qua phần ngày, tháng sai."
            )
        # Figures a scan's recognition could not confirm (handwriting) are not taken.
        doubtful = False
        if _doubtful_part(doc.date.day, uncertain):
            doc.date.day, doubtful = None, True
        if _doubtful_part(doc.date.month, uncertain):
            doc.date.month, doc.date.day, doubtful = None, None, True
        if dates[0].unreadable or doubtful:
            state.unreadable.add("date")
            state.extraction.warnings.append(
                "Không đọc được ngày hoặc tháng ban hành (chữ viết tay hoặc bản quét mờ); "
                "hãy nhập lại theo bản gốc."
            )
    if doc.place is None:
        # Only the name itself: a merged PDF line may carry other words before it.
        place = re.split(r"\s{2,}|\t", m.group("place").strip())[-1].strip()
        doc.place = squash(place) or None
    return True


# Words that open the name of a body; a header line that opens otherwise continues
# the line above it ("ỦY BAN NHÂN DÂN" / "TỈNH LÂM ĐỒNG" is one body).
_BODY_HEADS = re.compile(
    r"^(bo|so|cuc|tong cuc|chi cuc|vu|vien|uy ban|ubnd|hoi dong|hdnd|ban|van phong|"
    r"cong an|bo chi huy|bo tu lenh|bo doi|quan khu|quan doan|su doan|lu doan|trung doan|"
    r"tinh uy|thanh uy|huyen uy|quan uy|thi uy|dang uy|dang bo|truong|trung tam|phong|"
    r"thanh tra|kho bac|bao hiem|ngan hang|cong ty|tong cong ty|tap doan|doan|hoi|"
    r"lien doan|mat tran|dai hoc|hoc vien|benh vien|chinh phu|quoc hoi|toa an|"
    r"vien kiem sat|kiem toan|doi|tram|hat|chi nhanh|bch|bchqs|ubmttq|mttq|hdnd)\b"
)


def split_issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer_parent, issuer) from the header's issuer lines, top to bottom."""
    groups: list[str] = []
    for line in lines:
        text = squash(line)
        if not text:
            continue
        if groups and not _BODY_HEADS.match(fold(text)):
            groups[-1] = f"{groups[-1]} {text}"
        else:
            groups.append(text)
    if not groups:
        return None, None
    parent = " ".join(groups[:-1]) or None
    return parent, groups[-1]


def _read_type_and_title(state: ParseState, vv_lines: list[str]) -> None:
    doc = state.extraction.document
    if state.type_block is not None:
        block = state.blocks[state.type_block]
        first_line = block.text.strip().split("\n")[0] if isinstance(block, Paragraph) else ""
        found = heading_type(first_line)
        if found is not None:
            doc.type, doc.type_code = found.name, found.code
    title_parts = []
    if state.type_block is not None:
        block = state.blocks[state.type_block]
        if isinstance(block, Paragraph):
            title_parts.extend(type_title_lines(block))
    for i in sorted(state.title_blocks):
        block = state.blocks[i]
        if (
            isinstance(block, Paragraph)
            and not patterns.KINH_GUI.match(block.text)
            and state.type_block is not None
            and i > state.type_block
        ):
            title_parts.append(squash(block.text))
    if title_parts:
        doc.title = " ".join(title_parts)
    elif vv_lines:
        doc.title = squash(" ".join(vv_lines))
    if doc.type is None and doc.reference:
        code = type_code_of_symbol(doc.reference)
        found = by_code(code) if code else None
        if found is not None and not vv_lines:
            # No heading says it; the symbol's abbreviation does ("12/TB-STP").
            doc.type, doc.type_code = found.name, found.code
            state.extraction.inferred.append("document.type")
        else:
            doc.type, doc.type_code = CONG_VAN.name, CONG_VAN.code
    elif doc.type is None and vv_lines:
        doc.type, doc.type_code = CONG_VAN.name, CONG_VAN.code
