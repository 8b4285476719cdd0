"""Legacy Vietnamese font encodings: TCVN3 (ABC, the .Vn* fonts) and VNI-Windows.

Documents typed before Unicode keep Vietnamese letters as 8-bit codes that only the
right font draws correctly. By the time we see them (a .doc/.docx run in a .VnTime
font, a text file read as cp1252) each code is the Latin-1/cp1252 character of the
same number: "Céng hoµ" is TCVN3 for "Cộng hoà". These functions turn such strings into
Unicode and back. Only code points U+00A0-U+00FF are ever reinterpreted (plus the
U+F0xx private-use copies Word writes for symbol-charset fonts); cp1252 punctuation
such as “ ” – … stays what it is.

TCVN3 (TCVN 5712:1993, table VN3)
---------------------------------
Lower case letters with every tone and the seven capitals Ă Â Ê Ô Ơ Ư Đ have codes in
A1-FF. Capitals with a tone have none: .VnTime shows them lower case, and headings are
typed with the upper-case fonts (.VnTimeH, .VnArialH, …) which draw lower-case codes as
capitals. So:
- decoding gives lower case for those codes; pass `uppercase=True` for text that was set
  in a .Vn…H font (see `font_is_uppercase`);
- the few capitals the wider VN1/VN2 tables place inside A0-FF (Ằ at AF, Ấ at C4, Ố at FF,
  …) are decoded too, since a TCVN3 text uses those codes for nothing else;
- the five tone marks at B0-B4 are decoded as combining marks only right after a vowel
  (elsewhere B0 is more likely a degree sign);
- encoding writes a capital with a tone as its lower-case code, exactly what a typist
  using .VnTimeH produced.

VNI-Windows (VNI-Times, VNI-Helve, …)
-------------------------------------
A letter is its base letter followed by a code character for the mark(s): "Vieät" is
"Việt". ơ ư đ and i with a tone (and ỵ) are single characters. Capitals have their own
(upper-case) code characters, so every letter round-trips.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from phongthu.text.syllable import (
    HOI,
    HUYEN,
    NANG,
    NGA,
    NO_TONE,
    SAC,
    TONE_MARKS,
    split_tone,
    with_tone,
)

_TONES: Final = (NO_TONE, HUYEN, HOI, NGA, SAC, NANG)

# --- TCVN3 --------------------------------------------------------------------------
# The VN3 code chart, row by row: for each vowel, its codes with the tones in the
# order the chart lists them (none, huyền, hỏi, ngã, sắc, nặng).
_TCVN3_VOWEL_ROWS: Final[dict[str, bytes]] = {
    "a": b"a\xb5\xb6\xb7\xb8\xb9",
    "ă": b"\xa8\xbb\xbc\xbd\xbe\xc6",
    "â": b"\xa9\xc7\xc8\xc9\xca\xcb",
    "e": b"e\xcc\xce\xcf\xd0\xd1",
    "ê": b"\xaa\xd2\xd3\xd4\xd5\xd6",
    "i": b"i\xd7\xd8\xdc\xdd\xde",
    "o": b"o\xdf\xe1\xe2\xe3\xe4",
    "ô": b"\xab\xe5\xe6\xe7\xe8\xe9",
    "ơ": b"\xac\xea\xeb\xec\xed\xee",
    "u": b"u\xef\xf1\xf2\xf3\xf4",
    "ư": b"\xad\xf5\xf6\xf7\xf8\xf9",
    "y": b"y\xfa\xfb\xfc\xfd\xfe",
}
_TCVN3_OTHER: Final[dict[str, int]] = {
    "đ": 0xAE,
    "Ă": 0xA1,
    "Â": 0xA2,
    "Ê": 0xA3,
    "Ô": 0xA4,
    "Ơ": 0xA5,
    "Ư": 0xA6,
    "Đ": 0xA7,
}
# Capitals that the VN1/VN2 tables of the same standard put in the gaps of A0-FF;
# decoded, never produced.
_TCVN3_GAP_CAPITALS: Final[dict[int, str]] = {
    0xAF: "Ằ",
    0xBA: "Ẳ",
    0xBF: "Ẵ",
    0xC0: "Ắ",
    0xC1: "Ầ",
    0xC2: "Ẩ",
    0xC3: "Ẫ",
    0xC4: "Ấ",
    0xC5: "Ề",
    0xCD: "Ể",
    0xD9: "Ễ",
    0xDA: "Ế",
    0xDB: "Ồ",
    0xE0: "Ổ",
    0xF0: "Ỗ",
    0xFF: "Ố",
}
_TCVN3_COMBINING: Final[dict[int, str]] = {
    0xB0: "\u0300",
    0xB1: "\u0309",
    0xB2: "\u0303",
    0xB3: "\u0301",
    0xB4: "\u0323",
}


def _build_tcvn3() -> tuple[dict[str, str], dict[str, str]]:
    decode: dict[str, str] = {}
    encode: dict[str, str] = {}
    for vowel, row in _TCVN3_VOWEL_ROWS.items():
        for tone, code in zip(_TONES, row, strict=True):
            letter = with_tone(vowel, tone)
            decode[chr(code)] = letter
            encode[letter] = chr(code)
            # A capital with a tone has no code: use the lower-case one (.VnTimeH).
            capital = with_tone(vowel.upper(), tone)
            if tone != NO_TONE:
                encode[capital] = chr(code)
    for letter, code in _TCVN3_OTHER.items():
        decode[chr(code)] = letter
        encode[letter] = chr(code)
    for code, letter in _TCVN3_GAP_CAPITALS.items():
        decode[chr(code)] = letter
    # Plain ASCII letters are themselves; drop them so only real codes are looked up.
    return (
        {k: v for k, v in decode.items() if ord(k) >= 0x80},
        {k: v for k, v in encode.items() if ord(k) >= 0x80},
    )


_TCVN3_DECODE, _TCVN3_ENCODE = _build_tcvn3()

# --- VNI-Windows ----------------------------------------------------------------------
# Code characters, lower case then upper case, for each tone in _TONES order.
_VNI_TONE: Final = ("", "ø", "û", "õ", "ù", "ï"), ("", "Ø", "Û", "Õ", "Ù", "Ï")
_VNI_CIRCUMFLEX: Final = ("â", "à", "å", "ã", "á", "ä"), ("Â", "À", "Å", "Ã", "Á", "Ä")
_VNI_BREVE: Final = ("ê", "è", "ú", "ü", "é", "ë"), ("Ê", "È", "Ú", "Ü", "É", "Ë")
# Letters that are one character whatever their tone (ỵ alone among the y's).
_VNI_I: Final = ("i", "ì", "æ", "ó", "í", "ò"), ("I", "Ì", "Æ", "Ó", "Í", "Ò")
_VNI_Y_NANG: Final = "î", "Î"
# ơ and ư are single characters that then take the ordinary tone codes.
_VNI_HORN: Final = {"ơ": "ô", "ư": "ö", "Ơ": "Ô", "Ư": "Ö"}
_VNI_D: Final = {"đ": "ñ", "Đ": "Ñ"}


def _build_vni() -> tuple[dict[str, str], dict[str, str]]:
    encode: dict[str, str] = dict(_VNI_D)
    for upper in (0, 1):

        def cased(s: str, upper: int = upper) -> str:
            return s.upper() if upper else s

        for k, tone in enumerate(_TONES):
            tone_code = _VNI_TONE[upper][k]
            for plain in "aeouy":
                encode[with_tone(cased(plain), tone)] = cased(plain) + tone_code
            for hat, plain in (("â", "a"), ("ê", "e"), ("ô", "o")):
                encode[with_tone(cased(hat), tone)] = cased(plain) + _VNI_CIRCUMFLEX[upper][k]
            encode[with_tone(cased("ă"), tone)] = cased("a") + _VNI_BREVE[upper][k]
            for horn in "ơư":
                encode[with_tone(cased(horn), tone)] = _VNI_HORN[cased(horn)] + tone_code
            encode[with_tone(cased("i"), tone)] = _VNI_I[upper][k]
        encode[with_tone(cased("y"), NANG)] = _VNI_Y_NANG[upper]
    encode = {letter: code for letter, code in encode.items() if letter != code}
    decode = {code: letter for letter, code in encode.items()}
    # Typists mixed fonts and case: accept a code character of either case after a
    # base letter, the letter's case following the base.
    for code, letter in list(decode.items()):
        if len(code) == 2:
            for variant in (code[1].lower(), code[1].upper()):
                decode.setdefault(code[0] + variant, letter)
    return encode, decode


_VNI_ENCODE, _VNI_DECODE = _build_vni()


# --- conversion -----------------------------------------------------------------------
_PRIVATE_USE: Final = re.compile("[\uf020-\uf0ff]")


def _unprivate(s: str) -> str:
    """Word stores symbol-charset fonts as U+F000+code; bring those back to U+00xx."""
    return _PRIVATE_USE.sub(lambda m: chr(ord(m.group(0)) - 0xF000), s)


def _upper(s: str) -> str:
    # str.upper would turn ß into SS; keep one character for one character.
    return "".join(u if len(u := ch.upper()) == 1 else ch for ch in s)


_TCVN3_TABLE: Final = {ord(code): letter for code, letter in _TCVN3_DECODE.items()}
# A tone mark code right after a vowel (the vowel possibly already decoded).
_TCVN3_MARK_AFTER_VOWEL: Final = re.compile("([aăâeêioôơuưyAĂÂEÊIOÔƠUƯY])([\xb0-\xb4])")


def _tcvn3_mark(match: re.Match[str]) -> str:
    return match.group(1) + _TCVN3_COMBINING[ord(match.group(2))]


def tcvn3_to_unicode(s: str, *, uppercase: bool = False) -> str:
    """Unicode (NFC) text from TCVN3 codes read as Latin-1 characters.

    `uppercase=True` is for text set in a .Vn…H font, which draws every letter as a
    capital whatever its code.
    """
    text = _unprivate(s).translate(_TCVN3_TABLE)
    text = _TCVN3_MARK_AFTER_VOWEL.sub(_tcvn3_mark, text)
    text = unicodedata.normalize("NFC", text)
    return _upper(text) if uppercase else text


def unicode_to_tcvn3(s: str) -> str:
    """TCVN3 codes (as Latin-1 characters) for Unicode text.

    Capitals with a tone come out as their lower-case code, as typed for a .VnTimeH
    font; characters TCVN3 cannot hold are left as they are.
    """
    text = unicodedata.normalize("NFC", s)
    return "".join(_TCVN3_ENCODE.get(ch, ch) for ch in text)


# Two-character codes first, so "oâ" is ô and not o followed by a stray â.
_VNI_CODE: Final = re.compile(
    "|".join(re.escape(code) for code in sorted(_VNI_DECODE, key=len, reverse=True))
)


def vni_to_unicode(s: str) -> str:
    """Unicode (NFC) text from VNI-Windows codes read as cp1252 characters."""
    text = _VNI_CODE.sub(lambda m: _VNI_DECODE[m.group(0)], _unprivate(s))
    return unicodedata.normalize("NFC", text)


def unicode_to_vni(s: str) -> str:
    """VNI-Windows codes (as cp1252 characters) for Unicode text."""
    text = unicodedata.normalize("NFC", s)
    return "".join(_VNI_ENCODE.get(ch, ch) for ch in text)


# cp1252 has five undefined bytes; read them as Latin-1 so every byte decodes.
_CP1252_HOLES: Final = {0xDC00 + b: chr(b) for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_CP1252_TO_BYTE: Final = {
    bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if 0xDC00 + b not in _CP1252_HOLES
}


def decode_cp1252(data: bytes) -> str:
    """Bytes as cp1252 characters, never failing (the five holes read as Latin-1)."""
    return data.decode("cp1252", errors="surrogateescape").translate(_CP1252_HOLES)


def _cp1258_from_chars(s: str) -> str:
    raw = bytearray()
    out: list[str] = []
    for ch in s:
        code = _CP1252_TO_BYTE.get(ch, ord(ch))
        if code > 0xFF:
            if raw:
                out.append(bytes(raw).decode("cp1258", errors="replace"))
                raw.clear()
            out.append(ch)
        else:
            raw.append(code)
    if raw:
        out.append(bytes(raw).decode("cp1258", errors="replace"))
    return unicodedata.normalize("NFC", "".join(out))


def unicode_to_cp1258(s: str) -> bytes:
    """Windows-1258 bytes for Unicode text, as Windows writes it: letters with their
    vowel marks precomposed, the tone as a separate combining mark after the letter.
    Characters the code page lacks become "?"."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", s):
        base, tone = split_tone(ch)
        for part in (base, TONE_MARKS.get(tone, "")):
            if part:
                out += part.encode("cp1258", errors="replace")
    return bytes(out)


LEGACY_ENCODINGS: Final = ("tcvn3", "vni", "cp1258")


def convert_legacy(s: str, encoding: str, *, uppercase: bool = False) -> str:
    """Unicode text from a string typed in `encoding` ("tcvn3", "vni" or "cp1258").

    `uppercase` only matters for TCVN3 (see `tcvn3_to_unicode`).
    """
    if encoding == "tcvn3":
        return tcvn3_to_unicode(s, uppercase=uppercase)
    if encoding == "vni":
        return vni_to_unicode(s)
    if encoding == "cp1258":
        return _cp1258_from_chars(s)
    raise ValueError(f"Bảng mã không được hỗ trợ: {encoding!r} (chỉ có tcvn3, vni, cp1258).")


# PDF font names carry a subset tag and a style: "ABCDEF+VnTimeH,Bold", "VNI-Times-Bold".
_SUBSET_TAG: Final = re.compile(r"^[A-Z]{6}\+")
_STYLE_SUFFIX: Final = re.compile(
    r"(?:[,-](?:Bold|Italic|BoldItalic|Oblique|BoldOblique|Regular|Normal))+$", re.IGNORECASE
)
# Without their leading dot (as PostScript names have them), TCVN3 fonts are still
# "Vn" followed by a capital: VnTime, VnArial, VnAvantH.
_TCVN3_BARE_NAME: Final = re.compile(r"^Vn[A-Z]")


def _font_family(font_name: str) -> str:
    name = _SUBSET_TAG.sub("", font_name.strip())
    return _STYLE_SUFFIX.sub("", name.split(",")[0]).strip()


def font_encoding(font_name: str) -> str | None:
    """The legacy encoding a font name implies: "tcvn3" for .Vn* fonts (.VnTime,
    .VnTimeH, .VnArial, …), "vni" for VNI-* fonts (VNI-Times, VNI-Helve, …), else None.

    Also understands the names PDF files give them ("ABCDEF+VnTime,Bold",
    "VNI-Times-Bold").
    """
    family = _font_family(font_name)
    name = family.lower()
    if name.startswith("vni"):
        if name == "vni" or name[3:4] in ("-", " ", "_"):
            return "vni"
        return None
    if name.startswith(".vn") or _TCVN3_BARE_NAME.match(family):
        return "tcvn3"
    return None


def font_is_uppercase(font_name: str) -> bool:
    """Whether a TCVN3 font draws every letter as a capital (.VnTimeH, .VnArialH, …)."""
    family = _font_family(font_name)
    return font_encoding(family) == "tcvn3" and len(family) > 4 and family.endswith("H")
