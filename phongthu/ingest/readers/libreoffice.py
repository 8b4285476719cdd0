"""LibreOffice headless as a converter, and the Word 97-2003 (.doc) reader built on it.

A .doc is converted to DOCX and read by the DOCX reader: LibreOffice's import of the
binary format is mature, and one reader of Word's structure is enough to maintain.
Each conversion runs with its own throw-away profile (-env:UserInstallation), so
conversions can run side by side, and under a timeout that kills the whole process
group: a hostile file must not keep a soffice process alive.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from phongthu.ingest.model import IngestError, ReadResult
from phongthu.ingest.readers.base import CONVERT_TIMEOUT_S, ReadContext
from phongthu.ingest.readers.docx_reader import read_docx_bytes

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An OLE container holding an encrypted OOXML package names this stream.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# Every Word 97-2003 file has this stream in its OLE directory.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_INSTALL_HINT = "apt-get install libreoffice-writer-nogui"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(
    data: bytes,
    *,
    source_suffix: str,
    target: str,
    filename: str,
    import_filter: str | None = None,
) -> bytes:
    """The document converted by LibreOffice to `target` ("docx", "pdf").

    `import_filter` pins LibreOffice's reader: without it a file its filter refuses
    is silently imported as plain text.
    """
    exe = soffice()
    if exe is None:
        raise IngestError(
            f"Không đọc được “{filename}”: máy chủ chưa có LibreOffice để chuyển đổi định dạng. "
            f"Quản trị viên cần cài đặt: {_INSTALL_HINT}"
        )
    with tempfile.TemporaryDirectory(prefix="phongthu-lo-") as tmp:
        root = Path(tmp)
        source = root / f"input{source_suffix}"
        source.write_bytes(data)
        out_dir = root / "out"
        out_dir.mkdir()
        command = [
            exe,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            *([f"--infilter={import_filter}"] if import_filter else []),
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        # HOME inside the temporary folder: LibreOffice writes there too.
        env = {**os.environ, "HOME": str(root)}
        with subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        ) as process:
            try:
                _, stderr = process.communicate(timeout=CONVERT_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise IngestError(
                    f"Chuyển đổi “{filename}” quá thời gian cho phép "
                    f"({CONVERT_TIMEOUT_S} giây); tệp có thể bị hỏng."
                ) from None
        produced = sorted(out_dir.glob(f"*.{target}"))
        if process.returncode != 0 or not produced:
            detail = stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:] or [""]
            raise IngestError(
                f"LibreOffice không chuyển đổi được “{filename}” (tệp hỏng hoặc không phải "
                f"văn bản Word). {detail[0]}".strip()
            )
        return produced[0].read_bytes()


def read_doc(data: bytes, context: ReadContext) -> ReadResult:
    if _ENCRYPTED_PACKAGE in data:
        raise IngestError(
            f"Tệp Word “{context.filename}” được đặt mật khẩu nên không đọc được. "
            "Hãy gỡ mật khẩu rồi tải lên lần nữa."
        )
    if _WORD_STREAM not in data:
        # Other OLE files (Excel, PowerPoint, Outlook) share the container format.
        raise IngestError(
            f"Tệp “{context.filename}” không phải văn bản Word 97-2003 (.doc). "
            "Hãy tải lên văn bản Word, PDF hoặc văn bản thuần."
        )
    converted = convert(
        data,
        source_suffix=".doc",
        target="docx",
        filename=context.filename,
        import_filter="MS Word 97",
    )
    return read_docx_bytes(converted, context.filename, fmt="doc")


class DocReader:
    """Word 97-2003 documents (.doc), through LibreOffice."""

    name = "doc"

    def score(self, data: bytes, filename: str) -> int:
        return 100 if data.startswith(OLE_MAGIC) else 0

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        return read_doc(data, context)
