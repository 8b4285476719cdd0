"""Recognisers for the fixed parts of a Nghị định 30/2020 document, shared by the steps.

They answer small questions about one line — is it the national motto, the 'Số:' line,
a signing authority, a position, a person's name, an outline label — so that the steps
that find regions and those that read them agree on what each line is.
"""

from __future__ import annotations

import re

from phongthu.ingest.parse.wording import fold, is_upper, squash

# National motto, matched on folded text (tone placement and capitals vary).
_MOTTO = (
    re.compile(r"cong\s*hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam"),
    re.compile(r"doc\s*lap\s*[-–—.,]*\s*tu\s*do\s*[-–—.,]*\s*hanh\s*phuc"),
    # Party documents print the Party's name where state documents print the motto.
    re.compile(r"dang\s+cong\s+san\s+viet\s+nam"),
)
_DECORATION = re.compile(r"^[\s\-_=*~.–—…+•·]*$")


def strip_motto(text: str) -> str:
    """The line without the national motto (which a PDF may put on an issuer's line)."""
    folded = fold(text)
    for pattern in _MOTTO:
        m = pattern.search(folded)
        if m:
            text = text[: m.start()] + " " + text[m.end() :]
            folded = folded[: m.start()] + " " + folded[m.end() :]
    return squash(text)


def is_decoration(text: str) -> bool:
    """A rule drawn with characters ('-------', '___'), not text."""
    return bool(_DECORATION.match(text))


_SO = re.compile(r"^\s*S[ốô]\s*(?::|(?=\s+[\d/]))\s*")
_REF_PART = re.compile(r"^[\dA-Za-zĐđ()./-]+$")


def so_reference(text: str) -> tuple[str, int] | None:
    """The reference of a 'Số:' line, spaces removed, and where it ends in `text`.

    "Số: 42/KH-UBND", "Số:    /KH-KHCN" (a draft), "Số      /TTr- CAT-PC04" (no colon),
    and a PDF's "Số: /UBND-XD Lào Cai, ngày ..." where the place follows on the line.
    """
    m = _SO.match(text)
    if not m:
        return None
    taken: list[str] = []
    end = m.end()
    for token in re.finditer(r"\S+", text[m.end() :]):
        word = token.group(0)
        if not _REF_PART.match(word):
            break
        joined = "".join(taken)
        glued = joined.endswith(("/", "-")) or word.startswith(("/", "-"))
        if taken and not glued and not re.search(r"[\d/-]", word):
            break
        if not taken and not re.search(r"[\d/-]", word):
            break
        taken.append(word)
        end = m.end() + token.end()
    ref = "".join(taken).strip(".,;")
    if not re.search(r"[/-]", ref) or not re.search(r"[^\W\d_]", ref):
        return None
    return ref, end


_UNREADABLE_NUMBER = re.compile(
    r"^\s*S[ốô]\s*:\s*(?P<junk>[^\s/]{1,8})\s*/(?P<symbol>[\dA-Za-zĐđ()-]+(?:/[\dA-Za-zĐđ()-]+)*)"
)


def unreadable_number(text: str) -> tuple[str, int] | None:
    """A 'Số:' line whose number recognition could not read ('Số: 23§ÿÿ /C04-P6'): the
    symbol, which is still good, and where it ends."""
    m = _UNREADABLE_NUMBER.match(text)
    if not m or _REF_PART.match(m.group("junk")):
        return None
    if not re.search(r"[^\W\d_]", m.group("symbol")):
        return None
    return m.group("symbol"), m.end()


# A signing authority opening a line: "KT. GIÁM ĐỐC", "T/M. ỦY BAN NHÂN DÂN", "TL CHỦ TỊCH".
AUTHORITY = re.compile(
    r"^\s*(?:(?P<auth>T\s*/?\s*M|K\s*/?\s*T|T\s*/?\s*L|T\s*/?\s*U\s*/?\s*Q|Q)\s*[.:/]\s*"
    r"|(?P<bare>T/M|K/T|T/L|TM|KT|TL|TUQ)\s+)"
    r"(?P<rest>[^\W\d_].*)$"
)
_AUTH_NAMES = {"TM": "TM.", "KT": "KT.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."}


def authority(text: str) -> tuple[str, str] | None:
    """('KT.', 'GIÁM ĐỐC') for an authority line; the rest must be in capitals."""
    m = AUTHORITY.match(text)
    if not m:
        return None
    rest = squash(m.group("rest"))
    if len(rest) > 80 or not (is_upper(rest) or _POSITION_WORDS.search(fold(rest))):
        return None
    key = re.sub(r"[\s/]", "", m.group("auth") or m.group("bare")).upper()
    return _AUTH_NAMES[key], rest


# Words that make a line in capitals a position (chức vụ) rather than a heading.
_POSITION_WORDS = re.compile(
    r"(?<![a-z])(giam doc|chu tich|truong|pho|bi thu|chanh|tu lenh|chinh uy|"
    r"chi huy|thu truong|bo truong|cuc truong|vu truong|vien truong|hieu truong|"
    r"tong thu ky|chu nhiem|uy vien|can bo|chuyen vien|ke toan|thu ky|nguoi ky)(?![a-z])"
)


def is_position(text: str) -> bool:
    """A signer's position in capitals: 'PHÓ GIÁM ĐỐC', 'CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'."""
    text = squash(text)
    if not text or len(text) > 60 or not is_upper(text) or ":" in text:
        return False
    return bool(_POSITION_WORDS.search(fold(text)))


# Ranks and titles printed before a signer's name.
_RANKS = re.compile(
    r"^(?:(?:đại|thượng|trung|thiếu)\s+(?:tướng|tá|úy|uý)|"
    r"(?:pgs|gs|ts|ths|bs|ks|ls|cn|ds)\.?(?:\s*,?\s*(?:ts|ths|bs|ks)\.?)*)\s+",
    re.IGNORECASE,
)


def strip_rank(name: str) -> str:
    """'Thiếu tướng Trương Minh Đương' -> 'Trương Minh Đương'."""
    previous = None
    while previous != name:
        previous = name
        name = _RANKS.sub("", name).strip()
    return name


_SIGNED = re.compile(r"^\(?\s*(đã\s+ký|ký(\s+tên)?|ký,?\s*ghi rõ họ tên|signed)\s*\)?$", re.I)


def is_signed_mark(text: str) -> bool:
    """'(Đã ký)', '(ký, ghi rõ họ tên)': a mark where the signature stands."""
    return bool(_SIGNED.match(squash(text)))


def is_person_name(text: str, *, allow_caps: bool = False) -> bool:
    """A Vietnamese personal name: 2 to 6 syllables, each starting with a capital.

    A line all in capitals is a heading or a body unless the caller knows it stands
    where a name does (`allow_caps`: under the signer's position).
    """
    name = strip_rank(squash(text)).strip(" .,;")
    words = name.split(" ")
    if not 2 <= len(words) <= 6:
        return False
    if any(not word[:1].isupper() or not word.isalpha() for word in words):
        return False
    if is_upper(name):
        return allow_caps and not is_position(name)
    return True


NOI_NHAN = re.compile(r"^\s*(?:\*+\s*)?n[ơo]i\s+nh[ậa]n\s*[:.]?", re.IGNORECASE)
KINH_GUI = re.compile(r"^\s*k[íi]nh\s+g[ửu]i\s*[:.]?", re.IGNORECASE)
VV = re.compile(r"^\s*(?:v\s*/\s*v|về\s+việc)\b\s*[:.]?", re.IGNORECASE)
LUU = re.compile(r"^\s*[-–+•]?\s*l[ưu]u\s*:\s*", re.IGNORECASE)

# Outline labels.
ROMAN = re.compile(r"^\s*(?P<label>[IVXL]{1,6})\s*(?:[.:)]|-(?=\s))\s*(?P<title>\S.*)$")
ARABIC = re.compile(r"^\s*(?P<label>\d{1,2})\s*[.)]\s*(?P<title>[^\d\s.].*)$")
LETTER = re.compile(r"^\s*(?P<label>[a-zđ])\s*\)\s*(?P<title>\S.*)$")
# "A. ĐÁNH GIÁ KẾT QUẢ" over Roman sections; the title must be in capitals.
ALPHA = re.compile(r"^\s*(?P<label>[A-H])\s*\.\s+(?P<title>\S.*)$")
ARTICLE = re.compile(r"^\s*Điều\s+(?P<label>\d{1,3})\s*[.:]?\s*(?P<title>.*)$", re.IGNORECASE)
PART = re.compile(
    r"^\s*(?P<kind>Phần|Chương|Mục)\s+(?P<label>[IVXL]{1,6}|\d{1,2}|thứ\s+\w+)\s*[.:-]?\s*"
    r"(?P<title>.*)$",
    re.IGNORECASE,
)

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(label: str) -> int | None:
    """The value of a well-formed Roman numeral up to 89, else None."""
    total = 0
    prev = 0
    for char in reversed(label.upper()):
        value = _ROMAN_VALUES.get(char)
        if value is None:
            return None
        if value < prev:
            total -= value
        else:
            total += value
            prev = value
    canonical = _to_roman(total)
    return total if canonical == label.upper() else None


def _to_roman(value: int) -> str:
    out = []
    for number, numeral in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV")):
        while value >= number:
            out.append(numeral)
            value -= number
    out.append("I" * value)
    return "".join(out)


# Words that open the name of a body in running text (sentence case).
ORG_HEAD = re.compile(
    r"(?<![^\W\d_])(Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân|Bộ Chỉ huy|Bộ Tư lệnh|"
    r"Tổng cục|Chi cục|Văn phòng|Thanh tra|Trung tâm|Công an|Sở|Bộ|Cục|Ban|Viện|Trường|"
    r"Đài|UBND|HĐND)\s+"
)

# Paragraph openings of the body (never part of a title).
BODY_STARTERS = re.compile(
    r"^\s*(căn cứ|thực hiện|tiếp tục thực hiện|triển khai|theo|xét|trên cơ sở|nhằm|"
    r"để|hiện nay|ngày\s+\d|kính gửi|thừa lệnh|thừa ủy quyền|sau khi)\b",
    re.IGNORECASE,
)
