"""Official documents out: a renderer-neutral model, its DOCX layout, and PDF from that.

model.OfficialDocument   what a document prints (plans/render.py builds one for a plan)
docx.render_docx(doc)    the DOCX in the format of Nghị định 30/2020
pdf.docx_to_pdf(data)    that DOCX as PDF, by LibreOffice headless where installed
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from phongthu.documents.render import docx, pdf
from phongthu.documents.render.model import OfficialDocument

Format = Literal["docx", "pdf"]
FORMATS: tuple[Format, ...] = ("docx", "pdf")


@dataclass(frozen=True)
class RenderedFile:
    data: bytes
    media_type: str
    filename: str


def render(document: OfficialDocument, fmt: Format, *, stem: str) -> RenderedFile:
    """The document in `fmt`, named `stem.<fmt>`. PDF raises pdf.PdfUnavailable where
    LibreOffice is absent and pdf.RenderError when it fails."""
    data = docx.render_docx(document)
    if fmt == "pdf":
        return RenderedFile(pdf.docx_to_pdf(data), pdf.MEDIA_TYPE, f"{stem}.pdf")
    return RenderedFile(data, docx.MEDIA_TYPE, f"{stem}.docx")
