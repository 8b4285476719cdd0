"""The ingest pipeline: bytes of a document in, its `Extraction` out.

    extract(data, filename)   read with the reader the bytes call for, then parse
    extract_file(path)        the same for a file on disk

`python -m phongthu.ingest.pipeline FILE` prints the extraction as JSON (the schema of
`shared/schema/extraction.schema.json`); the `phongthu parse` command does the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path, PurePath

from phongthu.ingest import readers
from phongthu.ingest.model import Extraction, Format, IngestError, Source
from phongthu.ingest.parse import parse

__all__ = ["extension_warning", "extract", "extract_file", "main"]


# What a file name's extension claims the content is. The readers go by the content
# (users rename files, mail systems append ".pdf"); these only tell the user when the
# two disagree, since a file that is not what its name says may not be the one meant.
_CLAIMED: dict[str, frozenset[Format]] = {
    **dict.fromkeys(
        (".txt", ".text", ".md", ".markdown", ".mdown", ".mkd"), frozenset({"txt", "md"})
    ),
    **dict.fromkeys((".docx", ".docm", ".dotx", ".dotm"), frozenset({"docx"})),
    **dict.fromkeys((".doc", ".dot"), frozenset({"doc"})),
    ".pdf": frozenset({"pdf"}),
    **dict.fromkeys(
        (".png", ".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".jp2"),
        frozenset({"image"}),
    ),
    **dict.fromkeys((".html", ".htm"), frozenset({"html"})),
}
_CONTENT_NAMES: dict[Format, str] = {
    "txt": "văn bản thuần",
    "md": "văn bản thuần",
    "docx": "tài liệu Word (.docx)",
    "doc": "tài liệu Word 97-2003 (.doc)",
    "pdf": "tệp PDF",
    "image": "ảnh",
    "html": "trang HTML",
}


def extension_warning(filename: str, fmt: Format) -> str | None:
    """A Vietnamese warning when the name's extension claims another format than `fmt`."""
    suffix = PurePath(filename).suffix.lower()
    claimed = _CLAIMED.get(suffix)
    if claimed is None or fmt in claimed:
        return None
    return (
        f"Tệp mang đuôi {suffix} nhưng nội dung là {_CONTENT_NAMES.get(fmt, fmt)}; "
        "đã đọc theo nội dung."
    )


def extract(data: bytes, filename: str, *, ocr: bool = True) -> Extraction:
    """Read and understand one document. Raises `IngestError` (Vietnamese) when unreadable."""
    result = readers.read(data, filename, ocr=ocr)
    mismatch = extension_warning(filename, result.format)
    if mismatch is not None:
        result.warnings.insert(0, mismatch)
    source = Source(
        filename=PurePath(filename).name,
        format=result.format,
        sha256=hashlib.sha256(data).hexdigest(),
        ocr=result.ocr,
        encoding=result.encoding,
        pages=result.pages,
    )
    return parse(result, source)


def extract_file(path: str | os.PathLike[str], *, ocr: bool = True) -> Extraction:
    """`extract` on a file; the size is checked before the file is loaded."""
    file = Path(path)
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise IngestError(f"Không mở được tệp “{file}”: {exc.strerror or exc}.") from exc
    if size > readers.MAX_FILE_BYTES:
        # Let the reader registry word the refusal, without loading the whole file.
        raise IngestError(
            f"Tệp “{file.name}” quá lớn; chỉ nhận tệp đến "
            f"{readers.MAX_FILE_BYTES // (1024 * 1024)} MB."
        )
    return extract(file.read_bytes(), file.name, ocr=ocr)


def main(argv: list[str] | None = None) -> int:
    """Print the extraction of each file as JSON; exit 1 when a file cannot be read."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        sys.stderr.write("Cách dùng: python -m phongthu.ingest.pipeline TỆP...\n")
        return 2
    status = 0
    for name in args:
        try:
            extraction = extract_file(name)
        except IngestError as exc:
            sys.stderr.write(f"{name}: {exc}\n")
            status = 1
            continue
        sys.stdout.write(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
