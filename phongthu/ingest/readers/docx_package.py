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
from phongthu.ingest.readers.docx_style_part import W_NS, parse_styles

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
# Where a document names the styles it uses.
_STYLE_REFS = tuple(f"{{{W_NS}}}{tag}" for tag in ("pStyle", "rStyle", "tblStyle"))
_W_VAL = f"{{{W_NS}}}val"


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


def _parse_styles(data: bytes, filename: str, document: etree._Element) -> etree._Element:
    """styles.xml, cut to the styles the document uses (see `docx_style_part`)."""
    data = data.replace(_STRICT_W_NS, W_NS.encode())
    used = {value for e in document.iter(*_STYLE_REFS) if (value := e.get(_W_VAL))}
    try:
        return parse_styles(data, used, lambda part: etree.fromstring(part, _PARSER))
    except etree.XMLSyntaxError as exc:
        raise _broken(filename) from exc


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
            if not raw:
                parts[kind] = None
            elif kind == "styles":
                parts[kind] = _parse_styles(raw, filename, document)
            else:
                parts[kind] = _parse(raw, filename)
        app = _read_part(archive, "docProps/app.xml", filename) or b""
    match = _PAGES.search(app)
    pages = int(match.group(1)) if match and int(match.group(1)) > 0 else None
    return DocxPackage(document, parts["styles"], parts["numbering"], pages)
