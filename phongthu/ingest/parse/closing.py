"""Step 3: the closing — recipients ('Nơi nhận'), archive ('Lưu:') and the signer.

Recipients stand on the left and the signature on the right: as a layout table (Word,
tab-separated text), as paragraphs one after the other (plain text), or as one line
stream where a PDF text layer interleaves both columns. Each line is sorted to its
side by what it is — a dash entry, an authority, a position in capitals, a name —
so that all three shapes give the same answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from phongthu.ingest.model import Recipient, Signer
from phongthu.ingest.parse import patterns
from phongthu.ingest.parse.state import Line, ParseState, block_lines
from phongthu.ingest.parse.wording import is_upper, sentence_case, squash

_BULLET = re.compile(r"^\s*[-–+•·*]\s*")
# Purpose marks of Nghị định 30/2020 practice, as a whole parenthesised remark.
_PURPOSE = re.compile(
    r"^(?:để\s+)?(?:b/c|t/h|p/h|đ/b|biết|báo cáo|thực hiện|phối hợp|chỉ đạo|theo dõi|"
    r"thi hành|giám sát|xem xét|chỉ đạo thực hiện|thực hiện và báo cáo)$",
    re.IGNORECASE,
)
# A recipient line that a PDF merged with the position printed beside it.
_TRAILING_CAPS = re.compile(r"^(?P<left>.*?[;.,)])\s+(?P<right>[^\W\d_][^;,.()]{3,})$")


@dataclass(slots=True)
class _Streams:
    recipients: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)


def read_closing(state: ParseState) -> None:
    lines: list[Line] = []
    for i in range(state.body_end, state.closing_end):
        lines.extend(block_lines(state.blocks[i], i))
    streams = _sort_lines(lines)
    doc = state.extraction.document
    doc.recipients, doc.archive = parse_recipients(streams.recipients)
    doc.signer = parse_signer(streams.signature)


def _sort_lines(lines: list[Line]) -> _Streams:
    streams = _Streams()
    signing = False
    for line in lines:
        text = squash(line.text)
        if not text:
            continue
        noi_nhan = patterns.NOI_NHAN.match(text)
        if noi_nhan:
            streams.recipients.append("Nơi nhận:")
            text = squash(text[noi_nhan.end() :])
            if not text:
                continue
        if line.column == 1 and not _BULLET.match(text):
            streams.signature.append(text)
            signing = True
            continue
        if line.column == 0:
            streams.recipients.append(text)
            continue
        merged = _TRAILING_CAPS.match(text)
        if (
            merged
            and _BULLET.match(text)
            and is_upper(merged.group("right"))
            and _is_signature_line(merged.group("right"))
        ):
            streams.recipients.append(merged.group("left"))
            streams.signature.append(merged.group("right"))
            signing = True
            continue
        if _BULLET.match(text) or patterns.LUU.match(text):
            streams.recipients.append(text)
        elif _is_signature_line(text):
            streams.signature.append(text)
            signing = True
        elif signing and (patterns.is_person_name(text) or patterns.is_signed_mark(text)):
            streams.signature.append(text)
        else:
            streams.recipients.append(text)
    return streams


def _is_signature_line(text: str) -> bool:
    return patterns.authority(text) is not None or patterns.is_position(text)


def parse_recipients(lines: list[str]) -> tuple[list[Recipient], list[str]]:
    """Recipients and archive marks from the left column's lines, top to bottom."""
    entries: list[str] = []
    archive: str | None = None
    in_archive = False
    for raw in lines:
        text = squash(raw)
        if text == "Nơi nhận:":
            continue
        for part in re.split(r"(?<=;)\s+(?=[-–+•]\s)", text):
            luu = patterns.LUU.match(part)
            if luu:
                archive = squash(part[luu.end() :])
                in_archive = True
            elif _BULLET.match(part):
                entries.append(_BULLET.sub("", part))
                in_archive = False  # a dash after 'Lưu:' is another recipient
            elif in_archive and archive is not None:
                archive = _join(archive, part, glue="")
            elif entries:
                entries[-1] = _join(entries[-1], part, glue=" ")
            else:
                entries.append(part)
    recipients = [r for r in (_recipient(e) for e in entries) if r is not None]
    return recipients, _archive_marks(archive)


def _join(previous: str, continuation: str, *, glue: str) -> str:
    """A wrapped line joins the entry above; a remark in brackets hugs it."""
    previous = previous.rstrip(" ;,")
    if continuation.startswith("("):
        return previous.rstrip(" .") + glue + continuation
    return f"{previous} {continuation}"


def _recipient(entry: str) -> Recipient | None:
    name = squash(entry).rstrip(" ;,.").strip()
    name = re.sub(r"\s+([;,)])", r"\1", name)
    if not name:
        return None
    purpose = None
    m = re.search(r"\(\s*(?P<mark>[^()]*?)\s*\)$", name)
    if m and _PURPOSE.match(squash(m.group("mark"))):
        purpose = squash(m.group("mark"))
        name = name[: m.start()].rstrip(" ;,")
    return Recipient(name=name, purpose=purpose) if name else None


def _archive_marks(text: str | None) -> list[str]:
    """'VT, TH, XD (Đông).' -> ['VT', 'TH', 'XD(Đông)']: a mark is a code, and the
    remark on it (the drafter's name) hugs it."""
    if not text:
        return []
    text = text.strip().rstrip(" .;")
    marks = [squash(part).strip(" .;") for part in re.split(r"[,;]", text)]
    return [re.sub(r"\s+\(", "(", m) for m in marks if m]


def parse_signer(lines: list[str]) -> Signer | None:
    """The signer from the signature column: authority, position, name."""
    cleaned = [squash(t) for t in lines if squash(t) and not patterns.is_signed_mark(t)]
    if not cleaned:
        return None
    signer = Signer()
    position_at: int | None = None
    for i, text in enumerate(cleaned):
        auth = patterns.authority(text)
        if auth is not None:
            signer.authority, signer.on_behalf_of = auth[0], sentence_case(auth[1])
            continue
        if patterns.is_position(text) or (is_upper(text) and len(text) <= 60 and i <= 2):
            signer.position = sentence_case(text)
            position_at = i
            break
    if signer.authority is None and signer.position is None:
        return None
    if signer.authority is None:
        signer.authority = ""
    after = cleaned[position_at + 1 :] if position_at is not None else cleaned
    names = [name for name in (_name_in(t) for t in after) if name]
    if names:
        signer.name = names[-1]
    return signer


def _name_in(text: str) -> str | None:
    """The name a signature line ends with: a scan may put seal or stroke marks before it."""
    if patterns.authority(text):
        return None
    if patterns.is_person_name(text, allow_caps=True):
        return patterns.strip_rank(text).strip(" .,;")
    words = text.split(" ")
    tail: list[str] = []
    for word in reversed(words):
        if not (word[:1].isupper() and word.isalpha()):
            break
        tail.insert(0, word)
    candidate = " ".join(tail)
    if len(tail) >= 3 and patterns.is_person_name(candidate):
        return patterns.strip_rank(candidate)
    return None
