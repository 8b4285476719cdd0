"""styles.xml, read for what the document uses of it.

Word's templates define a few hundred styles (with the conditional formats of every
built-in table style and the latent styles) in 100-400 KB of XML, and a document uses
a handful. Parsing all of it cost more than the whole document part, so the part is cut
before parsing, working on its bytes:

1. to the document defaults and the styles the document names (pStyle, rStyle,
   tblStyle), their `basedOn` ancestors and the default paragraph style: what
   `StyleSheet` looks up, nothing else;
2. failing that (a layout this does not expect), to everything but the parts the
   reader never reads (tblStylePr, latentStyles);
3. failing that, nothing is cut.

Each cut is checked by the XML parser: a cut that went wrong does not parse, and the
next way is taken. Element boundaries are found by their tags, which is sound here:
styles do not nest in one another, and their start tags hold keywords, not markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_PREFIX = re.compile(rb'xmlns:(\w+)="' + re.escape(W_NS.encode()) + rb'"')
_UNREAD_ELEMENTS = (b"tblStylePr", b"latentStyles")
# Bytes that may follow an element's name in its tag.
_NAME_END = frozenset(b" \t\r\n/>")
_Parse = Callable[[bytes], etree._Element]


def parse_styles(data: bytes, used: Iterable[str], parse: _Parse) -> etree._Element:
    """The styles part, cut to what matters; `parse` parses bytes (and raises
    `etree.XMLSyntaxError`), and is given the uncut part last."""
    match = _W_PREFIX.search(data, 0, 4096)
    if match is not None:
        prefix = match.group(1)
        for slim in (_only_used(data, prefix, set(used)), None):
            if slim is None:
                slim = _without_unread(data, prefix)
            if slim is not None:
                try:
                    return parse(slim)
                except etree.XMLSyntaxError:
                    pass  # the cut went wrong somewhere: try the next way
    return parse(data)


def _elements(
    data: bytes, prefix: bytes, name: bytes, start: int = 0
) -> Iterator[tuple[int, int, int]]:
    """(start, end of start tag, end) of every <prefix:name> element; a (-1, -1, -1)
    entry says the tags do not pair up."""
    opening = b"<" + prefix + b":" + name
    closing = b"</" + prefix + b":" + name + b">"
    pos = start
    while (begin := data.find(opening, pos)) != -1:
        after = begin + len(opening)
        if after >= len(data) or data[after] not in _NAME_END:
            pos = after  # a longer name that starts the same way (w:styles)
            continue
        tag_end = data.find(b">", after)
        if tag_end == -1:
            yield -1, -1, -1
            return
        if data[tag_end - 1] == ord("/"):
            end = tag_end + 1
        else:
            close = data.find(closing, tag_end)
            if close == -1:
                yield -1, -1, -1
                return
            end = close + len(closing)
        yield begin, tag_end + 1, end
        pos = end


def _without_unread(data: bytes, prefix: bytes) -> bytes | None:
    for name in _UNREAD_ELEMENTS:
        pieces: list[bytes] = []
        pos = 0
        for begin, _, end in _elements(data, prefix, name):
            if begin < 0:
                return None
            pieces.append(data[pos:begin])
            pos = end
        pieces.append(data[pos:])
        data = b"".join(pieces)
    return data


def _attribute(prefix: bytes, name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"\s" + prefix + b":" + name + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _value(pattern: re.Pattern[bytes], data: bytes) -> str:
    m = pattern.search(data)
    if m is None:
        return ""
    return (m.group(1) if m.group(1) is not None else m.group(2)).decode("utf-8", "replace")


def _only_used(data: bytes, prefix: bytes, used: set[str]) -> bytes | None:
    """The part with only the defaults and the styles `used` needs; None when its
    layout is not the expected one (the caller then cuts less)."""
    root = re.search(rb"<" + prefix + rb":styles[\s>]", data)
    if root is None:
        return None
    root_end = data.find(b">", root.start())
    if root_end == -1:
        return None
    style_id, kind = _attribute(prefix, b"styleId"), _attribute(prefix, b"type")
    default, val = _attribute(prefix, b"default"), _attribute(prefix, b"val")
    based_on = re.compile(rb"<" + prefix + rb":basedOn\b([^>]*)>")
    default_mark = prefix + b":default"
    styles: dict[str, list[tuple[int, int, int]]] = {}  # id -> (start, end of tag, end)
    order: list[tuple[str, int, int]] = []
    wanted = set(used)
    for begin, head_end, end in _elements(data, prefix, b"style", root_end):
        if begin < 0:
            return None
        head = data[begin:head_end]
        if b"&" in head:
            return None  # an id with an entity in it: not worth decoding here
        sid = _value(style_id, head)
        styles.setdefault(sid, []).append((begin, head_end, end))
        order.append((sid, begin, end))
        if (
            default_mark in head
            and _value(default, head).lower() in ("1", "true", "on")
            and _value(kind, head) == "paragraph"
        ):
            wanted.add(sid)
    # The ancestors of what is wanted, however far up (a cycle ends when nothing is new).
    todo = [sid for sid in wanted if sid in styles]
    while todo:
        for _, head_end, end in styles[todo.pop()]:
            parent = based_on.search(data, head_end, end)
            parent_id = _value(val, parent.group(0)) if parent else ""
            if parent_id and parent_id not in wanted:
                wanted.add(parent_id)
                if parent_id in styles:
                    todo.append(parent_id)
    pieces = [data[: root_end + 1]]
    for begin, _, end in _elements(data, prefix, b"docDefaults", root_end):
        if begin < 0:
            return None
        pieces.append(data[begin:end])
    pieces += [data[begin:end] for sid, begin, end in order if sid in wanted]
    pieces.append(b"</" + prefix + b":styles>")
    return b"".join(pieces)
