"""Step 1: where the parts of the document stand.

Nghị định 30/2020 fixes the order: header (issuer | motto, 'Số:' | place and date),
type heading and trích yếu (or, for a công văn, 'V/v' under the number), 'Kính gửi',
the body, then the closing — recipients ('Nơi nhận') beside the signature — and
whatever is appended after it (phụ lục). The steps that follow read each region.
"""

from __future__ import annotations

import re

from phongthu.ingest.model import Paragraph, Table
from phongthu.ingest.parse import patterns
from phongthu.ingest.parse.doctypes import heading_type
from phongthu.ingest.parse.state import ParseState, block_lines, block_text
from phongthu.ingest.parse.wording import fold, is_upper, squash

# The header never runs longer than this many blocks; past it, the document has none.
_HEADER_MAX_BLOCKS = 30
# A paragraph this long is running text, never a header line or a title line.
_LONG = 220


def locate(state: ParseState) -> None:
    blocks = state.blocks
    _find_header(state)
    start = state.header_end
    if state.type_block is not None:
        start = state.type_block + 1
        start = _find_title(state, start)
    start = _skip_addressee(state, start)
    state.body_start = start
    closing = _find_closing(state, start)
    state.body_end = closing if closing is not None else len(blocks)
    state.closing_end = _closing_end(state, closing) if closing is not None else len(blocks)


def type_title_lines(block: Paragraph) -> list[str]:
    """The lines of a type heading's paragraph after the heading itself (the title)."""
    lines = [squash(line) for line in block.text.split("\n") if squash(line)]
    return lines[1:]


def _is_header_block(block: Paragraph | Table, index: int) -> bool:
    if isinstance(block, Table):
        # A header table the reader did not mark still holds the number or the date.
        return block.layout or _has_header_marks(block, index)
    text = squash(block.text)
    if not text:
        return True
    if len(text) > _LONG or patterns.BODY_STARTERS.match(text):
        return False
    return not (patterns.ROMAN.match(text) or patterns.ARTICLE.match(text))


def _find_header(state: ParseState) -> None:
    blocks = state.blocks
    limit = min(len(blocks), _HEADER_MAX_BLOCKS)
    end = 0
    seen_header_line = False
    for i in range(limit):
        block = blocks[i]
        if isinstance(block, Paragraph):
            first = squash(block.text.split("\n")[0])
            # The heading may share its paragraph with the title under a line break.
            if heading_type(first) is not None:
                state.type_block = i
                state.header_end = i
                return
        if not _is_header_block(block, i):
            break
        if _has_header_marks(block, i):
            seen_header_line = True
        end = i + 1
    # Without a type heading the header ends where its marks end (a công văn).
    state.header_end = end if seen_header_line else 0
    if seen_header_line:
        state.header_end = _last_header_mark(state, end) + 1


def _has_header_marks(block: Paragraph | Table, index: int) -> bool:
    for line in block_lines(block, index):
        folded = fold(line.text)
        if (
            patterns.so_reference(line.text)
            or patterns.strip_motto(line.text) != squash(line.text)
            or re.search(r",\s*ngay\b.*\bnam\s+\d{4}", folded)
            or patterns.VV.match(line.text)
        ):
            return True
    return isinstance(block, Table) and block.layout


def _last_header_mark(state: ParseState, end: int) -> int:
    """The last block up to `end` that carries a header mark (or the V/v lines after it)."""
    last = -1
    in_vv = False
    for i in range(end):
        block = state.blocks[i]
        text = block_text(block)
        if _has_header_marks(block, i):
            last = i
            in_vv = bool(patterns.VV.match(text)) or (
                isinstance(block, Table)
                and any(patterns.VV.match(line.text) for line in block_lines(block, i))
            )
        elif in_vv and isinstance(block, Paragraph) and not patterns.KINH_GUI.match(text):
            last = i  # the trích yếu of a công văn, wrapped over several lines
        else:
            in_vv = False
    return last


def _find_title(state: ParseState, start: int) -> int:
    """Collect the trích yếu after the type heading; return the first block after it."""
    blocks = state.blocks
    first: Paragraph | None = None
    heading = blocks[start - 1] if start > 0 else None
    if isinstance(heading, Paragraph) and len(type_title_lines(heading)) > 0:
        first = heading
    i = start
    while i < len(blocks):
        block = blocks[i]
        if not isinstance(block, Paragraph):
            break
        text = squash(block.text)
        if not text or patterns.is_decoration(text):
            i += 1
            if first is not None and text:
                break  # the rule under the title closes it
            continue
        if first is None:
            if len(text) > _LONG * 2 or patterns.KINH_GUI.match(text):
                break
            first = block
            state.title_blocks.add(i)
            i += 1
            continue
        if not _continues_title(first, blocks[i - 1], block, _next_text(blocks, i + 1)):
            break
        state.title_blocks.add(i)
        i += 1
    return i


_DANGLING = re.compile(
    r"\b(của|và|về|cho|trên|tại|với|trong|đối với|các|những|năm|giai đoạn|số)\s*$", re.I
)


def _next_text(blocks: list[Paragraph | Table], start: int) -> str:
    for block in blocks[start : start + 4]:
        text = block_text(block)
        if text and not patterns.is_decoration(text):
            return text
    return ""


def _opens_body(text: str) -> bool:
    return bool(
        not text
        or len(text) > _LONG
        or patterns.BODY_STARTERS.match(text)
        or patterns.KINH_GUI.match(text)
        or patterns.ROMAN.match(text)
        or patterns.ARTICLE.match(text)
        or is_upper(text)
    )


def _continues_title(
    first: Paragraph, previous: Paragraph | Table, block: Paragraph, following: str
) -> bool:
    text = squash(block.text)
    if (
        len(text) > _LONG
        or patterns.BODY_STARTERS.match(text)
        or patterns.KINH_GUI.match(text)
        or patterns.ROMAN.match(text)
        or patterns.ARABIC.match(text)
        or patterns.ARTICLE.match(text)
        or is_upper(text)
    ):
        return False
    if text.endswith(":"):
        return False
    starts_lower = text[:1].islower() or text[:1] in "“\"('"
    prev_text = squash(previous.text) if isinstance(previous, Paragraph) else ""
    if prev_text.endswith((".", ";", ":")):
        return False
    formatted = first.bold or first.align is not None
    if formatted:
        # The reader knows the formatting: a title line is set like the first one.
        same = block.bold == first.bold and (first.align is None or block.align == first.align)
        return same and (starts_lower or len(text) < 120)
    if starts_lower or _DANGLING.search(prev_text):
        return True
    # Plain text has no formatting to tell: a short line that ends without punctuation,
    # cites nothing, and is followed by where a body opens is the title's last line.
    return (
        len(text) < 100
        and not text.endswith((".", ";"))
        and not re.search(r"\bsố\s*\d", text)
        and _opens_body(following)
    )


def _skip_addressee(state: ParseState, start: int) -> int:
    """'Kính gửi:' and the list of addressees under it belong to no outline."""
    blocks = state.blocks
    i = start
    while i < len(blocks) and not block_text(blocks[i]):
        i += 1
    if i < len(blocks) and patterns.KINH_GUI.match(block_text(blocks[i])):
        state.title_blocks.add(i)
        i += 1
        while i < len(blocks) and isinstance(blocks[i], Paragraph):
            text = block_text(blocks[i])
            if text and not re.match(r"^[-–+•]\s*\S", text):
                break
            if len(text) > 150:
                break
            state.title_blocks.add(i)
            i += 1
        return i
    return start


# "Nơi nhận" anywhere in a cell, before its lines are tidied (which turns these runs
# into one space): a table of data without it cannot open the closing.
_MAY_HOLD_NOI_NHAN = re.compile(r"n[ơo]i[\s\u200b]+nh[ậa]n", re.IGNORECASE)


def is_closing_start(block: Paragraph | Table, index: int) -> bool:
    if isinstance(block, Table) and not block.layout:
        # Splitting every cell of a long task table into lines costs more than this.
        return any(
            _MAY_HOLD_NOI_NHAN.search(squash(cell.text)) for row in block.rows for cell in row
        ) and any(patterns.NOI_NHAN.match(line.text) for line in block_lines(block, index))
    lines = block_lines(block, index)
    if not lines:
        return False
    if any(patterns.NOI_NHAN.match(line.text) for line in lines):
        return True
    first = lines[0].text
    if isinstance(block, Paragraph):
        return patterns.authority(first) is not None
    if block.layout:
        return any(patterns.authority(line.text) for line in lines)
    return False


def _find_closing(state: ParseState, start: int) -> int | None:
    blocks = state.blocks
    for i in range(start, len(blocks)):
        if is_closing_start(blocks[i], i):
            return _back_to_signature(state, i, start)
    # No recipients and no authority line: a position in capitals with a name under it.
    for i in range(start, len(blocks)):
        block = blocks[i]
        if isinstance(block, Paragraph) and patterns.is_position(block_text(block)):
            following = [b for b in blocks[i + 1 : i + 5] if block_text(b)]
            if any(
                isinstance(b, Paragraph) and patterns.is_person_name(block_text(b))
                for b in following[:3]
            ):
                return i
    return None


def _back_to_signature(state: ParseState, index: int, floor: int) -> int:
    """A signature printed above 'Nơi nhận' (as paragraphs) belongs to the closing."""
    i = index
    while i - 1 >= floor:
        block = state.blocks[i - 1]
        if not isinstance(block, Paragraph):
            break
        text = squash(block.text)
        if text and not (
            patterns.is_position(text)
            or patterns.is_person_name(text)
            or patterns.is_signed_mark(text)
        ):
            break
        i -= 1
    return i


def _closing_end(state: ParseState, start: int) -> int:
    """The first block after the recipients and the signature."""
    blocks = state.blocks
    i = start
    signed = False
    named = False
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Table):
            if not (block.layout or is_closing_start(block, i) or _closing_table(block, i)):
                break
            if any(
                patterns.authority(line.text) or patterns.is_position(line.text)
                for line in block_lines(block, i)
            ):
                signed = True
                named = named or any(
                    patterns.is_person_name(line.text) for line in block_lines(block, i)
                )
            i += 1
            if signed and named:
                break
            continue
        text = squash(block.text)
        if not text:
            i += 1
            continue
        lines = [line.text for line in block_lines(block, i)]
        if named:
            break
        if any(patterns.authority(t) or patterns.is_position(t) for t in lines):
            signed = True
        elif signed and all(patterns.is_person_name(t) for t in lines):
            named = True
        elif signed and patterns.is_signed_mark(text):
            pass
        elif not _recipient_like(text) and (signed or i > start + 40):
            break
        i += 1
    return i


def _closing_table(block: Table, index: int) -> bool:
    """A small table of recipient and signature lines that the reader did not mark as
    layout (plain text whose tab rows were broken by lines without a tab)."""
    if len(block.rows) > 4 or any(len(row) > 3 for row in block.rows):
        return False
    lines = [line.text for line in block_lines(block, index)]
    return bool(lines) and all(
        _recipient_like(t) or patterns.is_position(t) or patterns.is_person_name(t) for t in lines
    )


def _recipient_like(text: str) -> bool:
    return bool(
        patterns.NOI_NHAN.match(text)
        or re.match(r"^[-–+•]", text)
        or patterns.LUU.match(text)
        or text.startswith("(")
        or len(text) < 80
    )
