"""Opening a DOCX (an OOXML zip) safely and finding the parts the reader needs.

The package is opened with zipfile and lxml directly rather than through python-docx:
python-docx refuses macro-enabled documents and templates (.docm, .dotx) that users do
upload, and the reader needs raw XML anyway (text boxes, numbering, legacy fonts).

Before anything is inflated, the zip directory is checked against the limits in
`base.py`, so that a zip bomb is refused instead of filling memory. XML is parsed
without entity expansion or network access.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from phongthu.ingest.model import IngestError
from phongthu.ingest.readers.base import (
    MAX_COMPRESSION_RATIO,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_ENTRIES,
    human_size,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT_W_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_TYPE_TAIL = {
    "officeDocument": "document",
    "styles": "styles",
    "numbering": "numbering",
}
# Only parts bigger than this are held to the compression ratio: small XML parts full
# of repeated markup legitimately compress very well.
_RATIO_FLOOR_BYTES = 1024 * 1024

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False
)
_PAGES = re.compile(rb"<(?:\w+:)?Pages>\s*(\d+)\s*</(?:\w+:)?Pages>")
_W_PREFIX = re.compile(rb'xmlns:(\w+)="' + re.escape(W_NS.encode()) + rb'"')
# Parts of styles.xml the reader never looks at, and which make up most of Word's
# templates (conditional formats of the built-in table styles, latent styles): cut
# out before parsing, they cost more time than the whole document part.
_UNREAD_STYLE_ELEMENTS = (b"tblStylePr", b"latentStyles")
_NAME_END = frozenset(b" \t\r\n/>")


def _broken(filename: str) -> IngestError:
    return IngestError(
        f"Tệp Word “{filename}” bị hỏng hoặc không đầy đủ (có thể tải lên bị gián đoạn). "
        "Hãy mở tệp bằng Word, lưu lại rồi tải lên lần nữa."
    )


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def open_zip(data: bytes, filename: str) -> zipfile.ZipFile:
    """The zip, after checking that inflating it stays within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise _broken(filename) from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise IngestError(
            f"Tệp “{filename}” chứa quá nhiều thành phần ({len(infos)}); "
            "đây không phải một văn bản Word thông thường."
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise IngestError(
            f"Tệp “{filename}” khi giải nén lên tới {human_size(total)}, vượt giới hạn "
            f"{human_size(MAX_UNZIPPED_BYTES)} (nghi là “bom nén”). Tệp không được xử lý."
        )
    for info in infos:
        stored = max(info.compress_size, 1)
        # Only parts big enough to matter are held to the ratio (see _RATIO_FLOOR_BYTES).
        if info.file_size > max(_RATIO_FLOOR_BYTES, MAX_COMPRESSION_RATIO * stored):
            ratio = f"{info.file_size // stored:,}".replace(",", ".")
            raise IngestError(
                f"Tệp “{filename}” có thành phần giải nén ra {human_size(info.file_size)} "
                f"từ chỉ {human_size(info.compress_size)}, gấp {ratio} lần, vượt mức "
                f"{MAX_COMPRESSION_RATIO} lần (nghi là “bom nén”). Tệp không được xử lý."
            )
    return archive


@dataclass(slots=True)
class DocxPackage:
    """The parsed XML parts of a Word document that matter for reading it."""

    document: etree._Element
    styles: etree._Element | None
    numbering: etree._Element | None
    pages: int | None


def _read_part(archive: zipfile.ZipFile, name: str, filename: str) -> bytes | None:
    try:
        return archive.read(name)
    except KeyError:
        return None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise _broken(filename) from exc
    except NotImplementedError as exc:
        # zipfile lacks some compression methods (Deflate64, PPMd, …) that archivers
        # other than Word use.
        raise IngestError(
            f"Tệp “{filename}” được nén theo cách không hỗ trợ (không phải cách Word lưu). "
            "Hãy mở tệp bằng Word, lưu lại thành .docx rồi tải lên lần nữa."
        ) from exc


def _parse(data: bytes, filename: str) -> etree._Element:
    # ISO-strict documents use other namespace URIs for the same vocabulary.
    data = data.replace(_STRICT_W_NS, W_NS.encode())
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise _broken(filename) from exc


def _without(data: bytes, prefix: bytes, name: bytes) -> bytes | None:
    """`data` with every <prefix:name> element cut out; None if they do not pair up.

    The element does not nest in itself and its start tag holds no ">" (attributes of
    numbers and keywords only), so finding the tags is enough.
    """
    opening = b"<" + prefix + b":" + name
    closing = b"</" + prefix + b":" + name + b">"
    pieces: list[bytes] = []
    pos = 0
    while (start := data.find(opening, pos)) != -1:
        after = start + len(opening)
        if after >= len(data) or data[after] not in _NAME_END:
            pieces.append(data[pos:after])  # a longer name that starts the same way
            pos = after
            continue
        tag_end = data.find(b">", after)
        if tag_end == -1:
            return None
        if data[tag_end - 1] == ord("/"):
            end = tag_end + 1
        else:
            close = data.find(closing, tag_end)
            if close == -1:
                return None
            end = close + len(closing)
        pieces.append(data[pos:start])
        pos = end
    pieces.append(data[pos:])
    return b"".join(pieces)


def _parse_styles(data: bytes, filename: str) -> etree._Element:
    """styles.xml without the elements the reader never reads (see above)."""
    data = data.replace(_STRICT_W_NS, W_NS.encode())
    match = _W_PREFIX.search(data, 0, 4096)
    prefix = match.group(1) if match else None
    slim: bytes | None = data
    for name in _UNREAD_STYLE_ELEMENTS:
        if slim is not None and prefix is not None:
            slim = _without(slim, prefix, name)
    if slim is not None and slim is not data:
        try:
            return etree.fromstring(slim, _PARSER)
        except etree.XMLSyntaxError:
            pass  # the cut went wrong somewhere: read the part as it is
    return _parse(data, filename)


def _relationships(archive: zipfile.ZipFile, rels_name: str, filename: str) -> dict[str, str]:
    """Relationship kind ("document", "styles", "numbering") -> part name in the zip."""
    raw = _read_part(archive, rels_name, filename)
    if raw is None:
        return {}
    root = _parse(raw, filename)
    base = posixpath.dirname(posixpath.dirname(rels_name))
    found: dict[str, str] = {}
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        kind = _REL_TYPE_TAIL.get(rel.get("Type", "").rsplit("/", 1)[-1])
        target = rel.get("Target", "")
        if kind is None or not target or rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        found.setdefault(kind, posixpath.normpath(path))
    return found


def load_package(data: bytes, filename: str) -> DocxPackage:
    archive = open_zip(data, filename)
    with archive:
        names = set(archive.namelist())
        main = _relationships(archive, "_rels/.rels", filename).get("document")
        if main not in names:
            main = "word/document.xml"
        if main not in names:
            raise IngestError(
                f"Tệp “{filename}” là tệp nén nhưng không phải văn bản Word (.docx). "
                "Hãy tải lên văn bản Word, PDF hoặc văn bản thuần."
            )
        part_dir = posixpath.dirname(main)
        rels = _relationships(
            archive,
            posixpath.join(part_dir, "_rels", posixpath.basename(main) + ".rels"),
            filename,
        )
        raw_document = _read_part(archive, main, filename)
        if raw_document is None:  # pragma: no cover - checked above
            raise _broken(filename)
        document = _parse(raw_document, filename)
        parts: dict[str, etree._Element | None] = {}
        for kind in ("styles", "numbering"):
            name = rels.get(kind) or posixpath.join(part_dir, f"{kind}.xml")
            raw = _read_part(archive, name, filename)
            parse = _parse_styles if kind == "styles" else _parse
            parts[kind] = parse(raw, filename) if raw else None
        app = _read_part(archive, "docProps/app.xml", filename) or b""
    match = _PAGES.search(app)
    pages = int(match.group(1)) if match and int(match.group(1)) > 0 else None
    return DocxPackage(document, parts["styles"], parts["numbering"], pages)
