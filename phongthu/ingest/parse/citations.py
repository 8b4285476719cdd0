"""Step 5: the documents the text cites by number.

"Kế hoạch số 42/KH-UBND ngày 29/02/2024 của Ban Chỉ huy phòng thủ dân sự tỉnh",
"Nghị quyết số 22-NQ/TW ngày 30/8/2022 của Bộ Chính trị", "Quyết định 1883/QĐ-UBND",
"Luật Phòng thủ dân sự số 18/2023/QH15", "Văn bản số 477/BCA-H01 ... và 1095/BCA-C04".
Each cited document is listed once, in order of first appearance; what a later mention
adds (a date, an issuer) completes it. Citations in the trích yếu and in the opening
paragraphs (before the first heading) are the document's basis; others are mentions.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from phongthu.ingest.model import Citation, Paragraph, Table
from phongthu.ingest.parse import patterns
from phongthu.ingest.parse.dates import leading_date
from phongthu.ingest.parse.doctypes import all_cited_names, by_code, by_name, type_code_of_symbol
from phongthu.ingest.parse.state import ParseState
from phongthu.ingest.parse.wording import capitalize_first, squash

# Old and new tone placement both occur in type names ("Thoả thuận", "Thỏa thuận").
_TONE_VARIANTS = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "ủy": "uỷ"}


def _variants(name: str) -> set[str]:
    out = {name}
    for new, old in _TONE_VARIANTS.items():
        out |= {v.replace(new, old) for v in out}
    return out


def _type_alternation() -> str:
    names = {v for name in all_cited_names() for v in _variants(name)}
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)


_SEGMENT = r"[^\W_]+(?:\([^\W_]+(?:-[^\W_]+)*\))?"
_REF = rf"(?P<ref>\d{{1,6}}[a-zA-Z]?(?:[/-]{_SEGMENT})+)(?![\w/])"
_TYPES = _type_alternation()
_TYPED = re.compile(
    rf"(?<![^\W\d_])(?P<type>{_TYPES})\s+(?:số(?:\s+hiệu)?\s*:?\s*)?{_REF}", re.IGNORECASE
)
_NAMED = re.compile(
    rf"(?<![^\W\d_])(?P<type>Hiến\s+pháp|Bộ\s+luật|Luật|Pháp\s+lệnh)\s+[^\n;:()]{{2,160}}?"
    rf"\s+số\s*:?\s*{_REF}",
)
_BARE = re.compile(rf"(?<![^\W\d_])số\s*:?\s*{_REF}", re.IGNORECASE)
_NEXT = re.compile(rf"\s*(?:,|;|và|hoặc)\s*(?:số\s*)?{_REF}", re.IGNORECASE)
_OF = re.compile(r"^\s*,?\s*của\s+", re.IGNORECASE)

# Words after "của" that end the issuer's name and begin what the document is about.
_STRONG_STOPS = (
    "về việc",
    "v/v",
    "ban hành",
    "phê duyệt",
    "quy định",
    "hướng dẫn",
    "thông báo",
    "sửa đổi",
    "bổ sung",
    "về",
)
_LOWER_STOPS = (
    "thực hiện",
    "triển khai",
    "với",
    "tại",
    "trong",
    "đối với",
    "công bố",
    "giao",
    "phân công",
    "thành lập",
    "kiện toàn",
    "áp dụng",
    "xây dựng",
    "phân bổ",
    "báo cáo",
    "đề nghị",
    "chỉ đạo",
    "tổ chức",
    "ủy quyền",
    "uỷ quyền",
    "phân cấp",
    "đẩy mạnh",
    "tăng cường",
    "nâng cao",
    "ngày",
    "số",
    "như",
    "gồm",
    "có",
    "là",
    "đã",
    "được",
    "để",
    "theo",
    "cho",
    "trên",
    "nhằm",
    "kèm theo",
    "gửi",
    "trình",
    "xin",
    "đến",
    "năm",
    "từ",
    "sau",
    "khi",
    "thì",
    "mà",
    "nay",
    "này",
    "đó",
    "lần",
    "và các",
    "cơ sở",
    "về",
    "định kỳ",
    "đột xuất",
    "kết quả",
    "tình hình",
    "hằng",
    "hàng",
    "trước",
    "qua",
    "bằng",
    "chậm nhất",
    "kịp thời",
)
_TYPE_WORDS = {name.lower() for name in all_cited_names()}
_MAX_ISSUER_WORDS = 16
_WINDOW = 300


@dataclass(slots=True)
class _Found:
    start: int
    citation: Citation


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int
    end: int
    basis: bool


def read_citations(state: ParseState) -> None:
    text, segments = _scan_text(state)
    own = (state.extraction.document.reference or "").casefold()
    found = find_citations(text, own_reference=own)
    starts = [segment.start for segment in segments]
    merged: dict[str, Citation] = {}
    for item in found:
        key = item.citation.reference.casefold()
        at = bisect.bisect_right(starts, item.start) - 1
        basis = at >= 0 and segments[at].basis and item.start < segments[at].end
        item.citation.role = "basis" if basis else "mentioned"
        if key not in merged:
            merged[key] = item.citation
            continue
        known = merged[key]
        known.date = known.date or item.citation.date
        known.issuer = known.issuer or item.citation.issuer
        known.type = known.type or item.citation.type
    state.extraction.citations = list(merged.values())


def _scan_text(state: ParseState) -> tuple[str, list[_Segment]]:
    """The text to search, title first, with the spans that count as the opening."""
    parts: list[tuple[str, bool]] = []
    title = state.extraction.document.title
    if title:
        parts.append((title, True))
    indices = list(range(state.body_start, state.body_end))
    indices += list(range(state.closing_end, len(state.blocks)))
    for i in indices:
        block = state.blocks[i]
        opening = state.body_start <= i < state.opening_end
        if isinstance(block, Paragraph):
            parts.append((block.text, opening))
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    if cell.text.strip():
                        parts.append((cell.text, opening))
    text_parts: list[str] = []
    segments: list[_Segment] = []
    offset = 0
    for part, basis in parts:
        cleaned = squash(part)
        segments.append(_Segment(offset, offset + len(cleaned), basis))
        text_parts.append(cleaned)
        offset += len(cleaned) + 1
    return "\n".join(text_parts), segments


# Every match of the patterns ends with a reference, and every reference starts so.
_REF_START = re.compile(r"\d{1,6}[a-zA-Z]?[/-]")
# How far before its reference a match may start, in characters other than white
# space (which the patterns allow in runs of any length): a law's name of up to 160
# characters ("Luật … số"), or a type name and "số hiệu:".
_BEFORE_REF = 200 + max(len("".join(name.split())) for name in all_cited_names())
_SPACE = re.compile(r"\s")


def _back(text: str, at: int, wanted: int) -> int:
    """The position `wanted` non-space characters before `at` (or 0)."""
    start = at
    while start > 0 and wanted > 0:
        low = max(0, start - wanted)
        wanted -= len("".join(text[low:start].split()))
        start = low
    return start


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of `text` that hold every match of the citation patterns.

    The patterns (a long alternation of type names, tried at every position) cost most
    of this step on a long document; scanned only around the places where a reference
    starts, they find the same matches. A stretch ends at the white space after its
    reference, so nothing a pattern looks at is cut off.
    """
    windows: list[tuple[int, int]] = []
    for m in _REF_START.finditer(text):
        space = _SPACE.search(text, m.end())
        end = space.start() if space else len(text)
        start = _back(text, m.start(), _BEFORE_REF)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def find_citations(text: str, *, own_reference: str = "") -> list[_Found]:
    """Every citation in `text`, in order (the same document may appear more than once)."""
    matches: list[tuple[int, int, str | None, str]] = []
    taken: list[tuple[int, int]] = []  # spans already matched, sorted by start
    ref_starts: set[int] = set()
    windows = _windows(text)
    for pattern in (_NAMED, _TYPED, _BARE):
        for m in (m for start, end in windows for m in pattern.finditer(text, start, end)):
            start, end = m.start(), m.end()
            ref_starts.add(m.start("ref"))
            if _overlaps(taken, start, end):
                continue
            bisect.insort(taken, (start, end))
            type_text = m.groupdict().get("type")
            matches.append((start, end, type_text, m.group("ref")))
    matches.sort()
    out: list[_Found] = []
    for start, end, type_text, ref in matches:
        cited_type = _type_name(type_text, ref)
        end = _add(out, text, start, end, cited_type, ref, own_reference)
        # "Văn bản số 477/BCA-H01 ngày ... và 1095/BCA-C04 ngày ...": the same type.
        while True:
            nxt = _NEXT.match(text, end)
            if not nxt or nxt.start("ref") in ref_starts:
                break
            end = _add(
                out, text, nxt.start("ref"), nxt.end(), cited_type, nxt.group("ref"), own_reference
            )
    return out


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    at = bisect.bisect_left(spans, (start, end))
    neighbours = spans[max(at - 1, 0) : at + 1]
    return any(s < end and start < e for s, e in neighbours)


def _type_name(type_text: str | None, ref: str) -> str | None:
    if type_text:
        found = by_name(type_text)
        return found.name if found else capitalize_first(squash(type_text).lower())
    code = type_code_of_symbol(ref)
    found = by_code(code) if code else None
    return found.name if found else None


def _add(
    out: list[_Found],
    text: str,
    start: int,
    end: int,
    cited_type: str | None,
    ref: str,
    own_reference: str,
) -> int:
    if not _is_reference(ref) or ref.casefold() == own_reference:
        return end
    date = None
    issuer = None
    # What follows a reference is short: look at a window, not the rest of the text.
    lead = leading_date(text[end : end + _WINDOW])
    if lead:
        date = lead[0].iso
        end += lead[1]
    of = _OF.match(text[end : end + _WINDOW])
    if of:
        issuer, used = issuer_after(text[end + of.end() : end + of.end() + _WINDOW])
        if issuer:
            end += of.end() + used
            if date is None:
                lead = leading_date(text[end : end + _WINDOW])
                if lead:
                    date = lead[0].iso
                    end += lead[1]
    out.append(_Found(start, Citation(type=cited_type, reference=ref, date=date, issuer=issuer)))
    return end


def _is_reference(ref: str) -> bool:
    symbol = ref.split("/", 1)[-1] if "/" in ref else ref.split("-", 1)[-1]
    return bool(re.search(r"[^\W\d_]", symbol)) and any(c.isupper() for c in symbol)


def issuer_after(text: str) -> tuple[str | None, int]:
    """The issuing body named right at the start of `text` (what follows 'của')."""
    limit = re.search(r"[\n;:()\[\]“”\"]|\.(?:\s|$)| - ", text)
    segment = text[: limit.start()] if limit else text
    # A comma goes on with the same name ("Bộ Văn hóa, Thể thao và Du lịch") only when
    # capitals follow and they do not open another body.
    for comma in re.finditer(r",\s*", segment):
        after = segment[comma.end() :]
        if not after[:1].isupper() or patterns.ORG_HEAD.match(after):
            segment = segment[: comma.start()]
            break
    words = list(re.finditer(r"\S+", segment))
    kept_end = 0
    count = 0
    i = 0
    while i < len(words) and count < _MAX_ISSUER_WORDS:
        if _stops_at(words, i, segment):
            break
        kept_end = words[i].end()
        count += 1
        i += 1
    name = segment[:kept_end].strip(" ,.")
    name = re.sub(r"\s+(và|các|của|,)$", "", name)
    if not name or not name[:1].isalpha():
        return None, 0
    return capitalize_first(name), kept_end


def _alternation(words: tuple[str, ...] | set[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + r")(?!\w)"


_STRONG_AT = re.compile(_alternation(_STRONG_STOPS), re.IGNORECASE)
_LOWER_AT = re.compile(_alternation(_LOWER_STOPS))
_TYPE_AT = re.compile(_alternation(_TYPE_WORDS), re.IGNORECASE)


def _stops_at(words: list[re.Match[str]], i: int, segment: str) -> bool:
    at = words[i].start()
    word = words[i].group(0)
    if word[:1].isdigit():
        return True
    if _STRONG_AT.match(segment, at):
        return True
    if word[:1].islower() and _LOWER_AT.match(segment, at):
        return True
    # Another cited type opens another citation ("..., Kế hoạch số ...").
    return i > 0 and word[:1].isupper() and _TYPE_AT.match(segment, at) is not None
