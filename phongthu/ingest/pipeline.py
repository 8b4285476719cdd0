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
from phongthu.ingest.model import Extraction, IngestError, Source
from phongthu.ingest.parse import parse

__all__ = ["extract", "extract_file", "main"]


def extract(data: bytes, filename: str, *, ocr: bool = True) -> Extraction:
    """Read and understand one document. Raises `IngestError` (Vietnamese) when unreadable."""
    result = readers.read(data, filename, ocr=ocr)
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
