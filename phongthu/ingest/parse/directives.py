"""Step 6: the standing orders of the implementation part ('Tổ chức thực hiện').

Who monitors, urges and inspects (theo dõi, đôn đốc, kiểm tra) and whom they report to
and how often (định kỳ, đột xuất, hằng quý, ...); who reports; who writes a detailed
plan of their own (sub-plan). Each sentence of the part is read on its own: the units
are the ones the sentence assigns ("Giao cho X ...", "yêu cầu X ...", "X có trách nhiệm").
"""

from __future__ import annotations

import re

from phongthu.ingest.model import Directive, Paragraph
from phongthu.ingest.parse.citations import issuer_after
from phongthu.ingest.parse.outline import classify
from phongthu.ingest.parse.state import ParseState
from phongthu.ingest.parse.wording import UPPER, capitalize_first, fold, squash

_SECTION = re.compile(r"^(to chuc thuc hien|trach nhiem thuc hien|to chuc trien khai)")
_SUBPLAN = re.compile(
    r"xay dung (?:va ban hanh |va trien khai |, ban hanh )?(?:ke hoach|chuong trinh|phuong an)"
    r"|ke hoach (?:chi tiet|cu the)"
)
_MONITOR = re.compile(r"theo doi|don doc|giam sat")
_REPORT = re.compile(r"bao cao")
# Any other order that names who carries it out.
_ASSIGNS = re.compile(
    r"^(?:giao|yeu cau|de nghi)\b|\b(?:chu tri|co trach nhiem|chiu trach nhiem|tham muu)\b"
)
_CADENCE = (
    ("periodic", re.compile(r"dinh ky|thuong ky")),
    ("ad_hoc", re.compile(r"dot xuat")),
    ("monthly", re.compile(r"(?:hang|moi|tung) thang|thang mot lan|theo thang")),
    ("quarterly", re.compile(r"(?:hang|moi|tung) quy|quy mot lan|theo quy")),
    ("half_yearly", re.compile(r"\b0?6 thang|sau thang|nua nam")),
    ("yearly", re.compile(r"(?:hang|moi|tung) nam|\b0?1 nam\b|theo nam|cuoi nam")),
)
# Where the units a sentence assigns begin ...
_TRIGGER = re.compile(r"\b(?:giao cho|giao|yeu cau|de nghi|chi dao|phan cong)\s+", re.I)
# ... and where they end: the first verb of the order.
_VERB = re.compile(
    r"\s(?:phoi hop|chu tri|theo doi|don doc|kiem tra|xay dung|co trach nhiem|"
    r"chiu trach nhiem|can cu|trien khai|to chuc|thuc hien|tham muu|giup|bao cao|huong dan|"
    r"tong hop|ra soat|nghien cuu|chu dong|khan truong|tap trung|dinh ky|thuong xuyen|"
    r"theo chuc nang|ban hanh|cu|lam dau moi|la co quan|giam sat|chi dao|phu trach|quan ly|"
    r"bo tri|bao dam|dam bao|cung cap|de xuat|tuyen truyen|hoan thanh|phan bo|"
    r"nghiem tuc|kip thoi|sap xep|dieu dong|huy dong|trien khai)\b"
)
_UNIT_SPLIT = re.compile(
    r";\s*|,\s+(?=các\s)|\s+và\s+(?=(?:các|Ủy ban|UBND|Sở|Văn phòng|Phòng|Ban|Thanh tra|"
    r"Trung tâm|Công an|Bộ|Cục|Chi cục|Hội|Đoàn|Báo)\b)"
)
_TO = re.compile(r"(?<![^\W\d_])(?:với|về|lên|cho|gửi|tới|đến)\s+(?=" + UPPER + ")")
# Heads of units named before the units themselves ("trưởng các phòng").
_HEADS = re.compile(
    r"^(?:thủ\s+trưởng|trưởng|trường|lãnh\s+đạo|người\s+đứng\s+đầu|giám\s+đốc|chủ\s+tịch)"
    r"\s+(?=(?:các|những)\s)",
    re.IGNORECASE,
)


def read_directives(state: ParseState) -> None:
    paragraphs = _implementation_part(state)
    directives: list[Directive] = []
    for text in paragraphs:
        for sentence in _sentences(text):
            directive = read_sentence(sentence)
            if directive is not None:
                directives.append(directive)
    state.extraction.directives = directives


def _implementation_part(state: ParseState) -> list[str]:
    """The paragraphs under the 'Tổ chức thực hiện' heading (the whole body without any
    heading; nothing when the document has headings but not that one)."""
    headings = sorted(state.headings.items())
    start: int | None = None
    end = state.body_end
    for n, (block, (level, title)) in enumerate(headings):
        if _SECTION.match(fold(squash(title))):
            start = block
            later = [b for b, (lv, _t) in headings[n + 1 :] if lv <= level]
            end = later[0] if later else state.body_end
            break
    if start is None:
        if headings:
            return []
        start = state.body_start - 1
    out: list[str] = []
    for i in range(start + 1, end):
        item = state.blocks[i]
        if isinstance(item, Paragraph) and squash(item.text):
            # An item's own label ("2.", "b)") is not part of what it orders.
            heading = classify(item.text)
            out.append(heading.title if heading and heading.title else squash(item.text))
    return out


def _sentences(text: str) -> list[str]:
    text = re.sub(r"\s*\./\.\s*$", ".", text)
    parts = re.split(r"(?<=[.;])\s+(?=" + UPPER + ")", text)
    return [p.strip() for p in parts if p.strip()]


def read_sentence(sentence: str) -> Directive | None:
    folded = fold(sentence)
    kind: str | None = None
    if _MONITOR.search(folded):
        kind = "monitor"
    elif _SUBPLAN.search(folded):
        kind = "subplan"
    elif _REPORT.search(folded):
        kind = "report"
    elif _ASSIGNS.search(folded):
        kind = "other"
    if kind is None:
        return None
    directive = Directive(kind=kind, text=sentence)  # type: ignore[arg-type]
    directive.units = _units(sentence, folded)
    if kind == "other" and not directive.units:
        return None  # an order with nobody to carry it out is just text
    if kind in ("monitor", "report"):
        directive.to = _report_to(sentence, folded)
        directive.cadence = [name for name, pattern in _CADENCE if pattern.search(folded)]
    return directive


def _units(sentence: str, folded: str) -> list[str]:
    trigger = None
    for m in _TRIGGER.finditer(folded):
        if m.start() < 80:
            trigger = m
            break
    start = trigger.end() if trigger else 0
    verb = _VERB.search(folded, start)
    if verb is None:
        return []
    span = sentence[start : verb.start()].strip(" ,:")
    if not span or len(span) > 200 or len(span.split()) > 30:
        return []
    # "trưởng các phòng, đơn vị ..." / "Thủ trưởng các sở": the units, not their heads.
    span = _HEADS.sub("", span)
    units = [capitalize_first(u.strip(" ,.")) for u in _UNIT_SPLIT.split(span)]
    return [u for u in units if u and u[:1].isalpha()]


def _report_to(sentence: str, folded: str) -> str | None:
    report = _REPORT.search(folded)
    if report is None:
        return None
    rest = sentence[report.end() :]
    direct = re.match(r"\s+(?=" + UPPER + ")", rest)
    target = direct or _TO.search(rest)
    if target is None:
        return None
    name, _ = issuer_after(rest[target.end() :])
    return name
