"""PDF from the rendered DOCX, by LibreOffice headless.

The PDF is the DOCX as LibreOffice lays it out, so the two never disagree. Each
conversion runs with its own throw-away profile (-env:UserInstallation): LibreOffice
refuses to start a second instance on a profile in use, so conversions in parallel
workers would otherwise fail or wait on each other. A timeout kills the whole process
group; LibreOffice forks, and a hung child must not outlive the request.

Times New Roman is not on Linux machines; Debian's fonts-liberation2 gives Liberation
Serif, which has the same metrics, so the pages break where Word breaks them.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

MEDIA_TYPE = "application/pdf"
TIMEOUT_S = 120
INSTALL_HINT = "apt-get install libreoffice-writer-nogui fonts-liberation2"


class RenderError(Exception):
    """A document could not be produced; the message is for people (Vietnamese)."""


class PdfUnavailable(RenderError):
    """LibreOffice is not installed here, so no PDF can be made (the DOCX still can)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "PDF files cannot be made on this server because LibreOffice is not "
                "installed. Download the DOCX file instead, or ask the administrator to "
                "install it: %(hint)s"
            )
            % {"hint": INSTALL_HINT}
        )


def soffice() -> str | None:
    """The LibreOffice program, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


def docx_to_pdf(data: bytes, *, timeout: float = TIMEOUT_S) -> bytes:
    """The PDF of a DOCX. Raises PdfUnavailable, or RenderError when conversion fails."""
    program = soffice()
    if program is None:
        raise PdfUnavailable
    with tempfile.TemporaryDirectory(prefix="phongthu-pdf-") as tmp:
        root = Path(tmp)
        source = root / "document.docx"
        source.write_bytes(data)
        out_dir = root / "out"
        out_dir.mkdir()
        command = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        # LibreOffice also writes under HOME: keep that inside the temporary folder.
        env = {**os.environ, "HOME": str(root)}
        with subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        ) as process:
            try:
                _stdout, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise RenderError(
                    _("LibreOffice took longer than %(seconds)d seconds to make the PDF.")
                    % {"seconds": timeout}
                ) from None
        produced = out_dir / "document.pdf"
        if process.returncode != 0 or not produced.is_file():
            detail = stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:]
            raise RenderError(
                _("LibreOffice could not make the PDF (exit code %(code)s). %(detail)s")
                % {"code": process.returncode, "detail": detail[0] if detail else ""}
            )
        return produced.read_bytes()
