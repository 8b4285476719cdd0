"""Word formatting the reader must resolve itself: style inheritance and list numbers.

A run's bold, italic and font, and a paragraph's alignment and numbering, may be set
directly or inherited from the run style, the paragraph style and its `basedOn`
ancestors, and the document defaults. The numbered-list label ("1.", "a)", "II.")
is not in the text at all: Word computes it from numbering.xml while laying out, so
the reader replays that computation in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from phongthu.ingest.readers.docx_package import W_NS

_W = f"{{{W_NS}}}"
_FALSE = frozenset({"0", "false", "off", "none"})
JC = {
    "left": "left",
    "start": "left",
    "center": "center",
    "right": "right",
    "end": "right",
    "both": "justify",
    "distribute": "justify",
    "lowKashida": "justify",
    "mediumKashida": "justify",
    "highKashida": "justify",
    "thaiDistribute": "justify",
}


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag."""
    return _W + tag


def first_child(elem: etree._Element, tag: str) -> etree._Element | None:
    """The first child with this Clark name: `elem.find(tag)`, several times faster.

    lxml's `find` goes through its ElementPath machinery (microseconds a call); the
    reader asks for property elements (pPr, rPr, tcPr, …) of every paragraph, run and
    cell, which have few children.
    """
    for sub in elem:
        if sub.tag == tag:
            return sub
    return None


def wval(elem: etree._Element | None, attr: str = "val") -> str | None:
    if elem is None:
        return None
    value = elem.get(_W + attr)
    return None if value is None else str(value)


def toggle(elem: etree._Element | None) -> bool | None:
    """The value of an on/off property element (<w:b/>, <w:b w:val="0"/>), None if absent."""
    if elem is None:
        return None
    value = wval(elem)
    return value is None or value.lower() not in _FALSE


@dataclass(frozen=True, slots=True)
class RunFormat:
    bold: bool = False
    italic: bool = False
    font: str | None = None
    caps: bool = False
    hidden: bool = False


# The run properties a RunFormat is made of, by the tag that sets each.
_B, _I, _CAPS, _VANISH, _RFONTS, _RSTYLE = (
    w(t) for t in ("b", "i", "caps", "vanish", "rFonts", "rStyle")
)
_PPR, _RPR, _TBLPR, _NAME, _BASED_ON, _PSTYLE = (
    w(t) for t in ("pPr", "rPr", "tblPr", "name", "basedOn", "pStyle")
)
# (bold, italic, font, caps, hidden): None where a layer does not say; a font of ""
# is a theme font: a Unicode font, and it overrides what lower layers say.
_Props = tuple[bool | None, bool | None, str | None, bool | None, bool | None]
_UNSET: _Props = (None, None, None, None, None)


def _props(rpr: etree._Element) -> _Props:
    """What one rPr layer says, read in one pass over its children (the first of a
    repeated element counts)."""
    bold = italic = caps = hidden = None
    font: str | None = None
    fonts_seen = False
    for child in rpr:
        tag = child.tag
        if tag == _B and bold is None:
            bold = toggle(child)
        elif tag == _I and italic is None:
            italic = toggle(child)
        elif tag == _RFONTS and not fonts_seen:
            fonts_seen = True
            font = _fonts_value(child)
        elif tag == _CAPS and caps is None:
            caps = toggle(child)
        elif tag == _VANISH and hidden is None:
            hidden = toggle(child)
    return bold, italic, font, caps, hidden


def _fonts_value(fonts: etree._Element) -> str | None:
    # Vietnamese letters typed in a legacy font sit in the 0x80-0xFF range, which
    # Word sets in the hAnsi font; plain ASCII uses the ascii font.
    name = wval(fonts, "hAnsi") or wval(fonts, "ascii")
    if name:
        return name
    if wval(fonts, "hAnsiTheme") or wval(fonts, "asciiTheme"):
        return ""  # a theme font: a Unicode font, and it overrides what styles say
    return None


def _over(upper: _Props, lower: _Props) -> _Props:
    """`upper`'s values where it has them, `lower`'s elsewhere."""
    return (
        lower[0] if upper[0] is None else upper[0],
        lower[1] if upper[1] is None else upper[1],
        lower[2] if upper[2] is None else upper[2],
        lower[3] if upper[3] is None else upper[3],
        lower[4] if upper[4] is None else upper[4],
    )


@dataclass(slots=True)
class _Style:
    name: str | None
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None
    tblpr: etree._Element | None


def _style(elem: etree._Element) -> _Style:
    name = based_on = None
    ppr = rpr = tblpr = None
    for child in elem:
        tag = child.tag
        if tag == _NAME:
            name = wval(child)
        elif tag == _BASED_ON:
            based_on = wval(child)
        elif tag == _PPR:
            ppr = child
        elif tag == _RPR:
            rpr = child
        elif tag == _TBLPR:
            tblpr = child
    return _Style(name=name, based_on=based_on, ppr=ppr, rpr=rpr, tblpr=tblpr)


class StyleSheet:
    """Style lookups over styles.xml, following `basedOn` chains (cycle-safe).

    A document uses a handful of the hundreds of styles Word's templates define, and
    every run and paragraph asks the same few questions of them: styles are read on
    first use, and what a style chain says is remembered per style.
    """

    def __init__(self, root: etree._Element | None) -> None:
        self._elements: dict[str, etree._Element] = {}
        self._styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self._default_rpr: etree._Element | None = None
        self._default_ppr: etree._Element | None = None
        self._inherited: dict[tuple[str | None, str | None], _Props] = {}
        self._formats: dict[_Props, RunFormat] = {}
        self._style_ppr: dict[tuple[str | None, str], etree._Element | None] = {}
        self.root = root
        if root is None:
            return
        defaults = first_child(root, w("docDefaults"))
        if defaults is not None:
            self._default_rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
            self._default_ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}")
        style_id_attr, type_attr, default_attr = _W + "styleId", _W + "type", _W + "default"
        for style in root.iter(w("style")):
            style_id = style.get(style_id_attr)
            if not style_id:
                continue
            self._elements[style_id] = style
            default = style.get(default_attr)
            if (
                default is not None
                and default.lower() not in _FALSE
                and style.get(type_attr) == "paragraph"
            ):
                self.default_paragraph = style_id

    def _get(self, style_id: str) -> _Style | None:
        style = self._styles.get(style_id)
        if style is None:
            elem = self._elements.get(style_id)
            if elem is None:
                return None
            style = self._styles[style_id] = _style(elem)
        return style

    def chain(self, style_id: str | None) -> list[_Style]:
        out: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id not in seen:
            style = self._get(style_id)
            if style is None:
                break
            seen.add(style_id)
            out.append(style)
            style_id = style.based_on
        return out

    def name(self, style_id: str | None) -> str | None:
        style = self._get(style_id or "")
        return style.name if style else None

    def _inherited_props(self, run_style: str | None, para_style: str | None) -> _Props:
        """What the run style, the paragraph style (with their ancestors) and the
        defaults say, nearest first."""
        key = (run_style, para_style)
        found = self._inherited.get(key)
        if found is None:
            found = _props(self._default_rpr) if self._default_rpr is not None else _UNSET
            layers = [s.rpr for s in self.chain(run_style) if s.rpr is not None]
            layers += [s.rpr for s in self.chain(para_style) if s.rpr is not None]
            for layer in reversed(layers):
                found = _over(_props(layer), found)
            self._inherited[key] = found
        return found

    def run_format(self, rpr: etree._Element | None, para_style: str | None) -> RunFormat:
        """Effective formatting of a run given its rPr and its paragraph's style."""
        run_style = None
        if rpr is not None:
            run_style = wval(first_child(rpr, _RSTYLE))
        props = self._inherited_props(run_style, para_style or self.default_paragraph)
        if rpr is not None and len(rpr):
            props = _over(_props(rpr), props)
        fmt = self._formats.get(props)
        if fmt is None:
            bold, italic, font, caps, hidden = props
            fmt = self._formats[props] = RunFormat(
                bold=bool(bold),
                italic=bool(italic),
                font=font or None,
                caps=bool(caps),
                hidden=bool(hidden),
            )
        return fmt

    def paragraph_property(self, ppr: etree._Element | None, tag: str) -> etree._Element | None:
        """The nearest <w:tag> among the paragraph's pPr, its style chain and the defaults."""
        if ppr is not None:
            found = first_child(ppr, _W + tag)
            if found is not None:
                return found
        return self.styled_property(paragraph_style_id(ppr) or self.default_paragraph, tag)

    def styled_property(self, style_id: str | None, tag: str) -> etree._Element | None:
        """The nearest <w:tag> in a paragraph style's chain and the defaults."""
        key = (style_id, tag)
        if key in self._style_ppr:
            return self._style_ppr[key]
        found = None
        for style in self.chain(style_id):
            if style.ppr is not None:
                found = first_child(style.ppr, _W + tag)
                if found is not None:
                    break
        if found is None and self._default_ppr is not None:
            found = first_child(self._default_ppr, _W + tag)
        self._style_ppr[key] = found
        return found

    def alignment(self, ppr: etree._Element | None) -> str | None:
        return JC.get(wval(self.paragraph_property(ppr, "jc")) or "")

    def table_borders(self, tblpr: etree._Element | None) -> etree._Element | None:
        if tblpr is None:
            return None
        borders = first_child(tblpr, w("tblBorders"))
        if borders is not None:
            return borders
        for style in self.chain(wval(first_child(tblpr, w("tblStyle")))):
            if style.tblpr is not None:
                borders = first_child(style.tblpr, w("tblBorders"))
                if borders is not None:
                    return borders
        return None


def toggle_attr(elem: etree._Element, attr: str) -> bool:
    value = elem.get(_W + attr)
    return value is not None and value.lower() not in _FALSE


def paragraph_style_id(ppr: etree._Element | None) -> str | None:
    return wval(first_child(ppr, _PSTYLE)) if ppr is not None else None


# --- numbering ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out: list[str] = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word's letter numbering repeats the letter: a..z, aa..zz, aaa..
    if n <= 0:
        return str(n)
    letter = chr(ord("a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    match fmt:
        case "lowerLetter":
            return _letters(n)
        case "upperLetter":
            return _letters(n).upper()
        case "lowerRoman":
            return _roman(n)
        case "upperRoman":
            return _roman(n).upper()
        case "decimalZero":
            return f"{n:02d}"
        case "none":
            return ""
        case _:
            return str(n)


def _bullet(text: str) -> str:
    # Symbol-font bullets are private-use code points that mean nothing as text.
    visible = "".join(ch for ch in text if not 0xE000 <= ord(ch) <= 0xF8FF).strip()
    return visible or "•"


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    legal: bool = False


def _level(elem: etree._Element) -> _Level:
    start = wval(first_child(elem, w("start")))
    restart = wval(first_child(elem, w("lvlRestart")))
    return _Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        fmt=wval(first_child(elem, w("numFmt"))) or "decimal",
        text=wval(first_child(elem, w("lvlText"))),
        restart=int(restart) if restart and restart.isdigit() else None,
        legal=bool(toggle(first_child(elem, w("isLgl")))),
    )


@dataclass(slots=True)
class _Num:
    abstract: str
    levels: dict[int, _Level] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)


def _ilvl(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) < 9 else 0


class Numbering:
    """Replays Word's list counters to produce each numbered paragraph's label."""

    def __init__(self, root: etree._Element | None) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, _Num] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[str] = set()
        if root is None:
            return
        for abstract in root.iter(w("abstractNum")):
            abstract_id = wval(abstract, "abstractNumId") or ""
            self._abstract[abstract_id] = {
                _ilvl(wval(lvl, "ilvl")): _level(lvl) for lvl in abstract.iter(w("lvl"))
            }
        for num in root.iter(w("num")):
            num_id = wval(num, "numId")
            abstract_ref = wval(first_child(num, w("abstractNumId")))
            if not num_id or abstract_ref is None:
                continue
            entry = _Num(abstract=abstract_ref)
            for override in num.iter(w("lvlOverride")):
                ilvl = _ilvl(wval(override, "ilvl"))
                start = wval(first_child(override, w("startOverride")))
                if start and start.lstrip("-").isdigit():
                    entry.starts[ilvl] = int(start)
                lvl = first_child(override, w("lvl"))
                if lvl is not None:
                    entry.levels[ilvl] = _level(lvl)
            self._nums[num_id] = entry

    def _levels(self, num: _Num) -> dict[int, _Level]:
        levels = dict(self._abstract.get(num.abstract, {}))
        levels.update(num.levels)
        return levels

    def label(self, num_id: str | None, ilvl: int) -> str | None:
        """Advance the counter of this list level and return the label it shows."""
        num = self._nums.get(num_id or "")
        if num is None:  # numId 0 (or unknown) switches numbering off
            return None
        levels = self._levels(num)
        level = levels.get(ilvl)
        if level is None or level.text is None:
            return None
        # Lists sharing an abstract definition continue one another in Word unless a
        # list instance restarts a level; such an instance keeps its own counters.
        key = f"num:{num_id}" if num.starts or num.levels else f"abs:{num.abstract}"
        counters = self._counters.setdefault(key, [None] * 9)
        if key.startswith("num:") and key not in self._started:
            self._started.add(key)
            for lvl_index, start in num.starts.items():
                counters[lvl_index] = start - 1
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            deeper_level = levels.get(deeper)
            restart_after = (
                deeper_level.restart
                if deeper_level and deeper_level.restart is not None
                else deeper
            )
            if restart_after and ilvl < restart_after:
                counters[deeper] = None
        if level.fmt == "bullet":
            return _bullet(level.text)

        def value(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            ref = levels.get(index, _Level())
            n = counters[index]
            if n is None:
                n = ref.start
            fmt = "decimal" if level.legal and ref.fmt != "none" else ref.fmt
            return format_number(n, fmt)

        label = _PLACEHOLDER.sub(value, level.text).strip()
        return label or None
