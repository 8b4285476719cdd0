"""Synthetic plans for the benchmarks, written by code in the real administrative style.

Every word here is our own: an invented Sở of an invented province plans its civil
defence work. `make_plan` builds the content, deterministically from a seed; the
writers lay it out as a tab-separated text export (`plan_text`) and as a Word
document (`plan_docx`: header table, ruled task table with a header row, signature
table). Derived inputs — the DOCX printed to PDF by LibreOffice, a 200-page PDF, a
scan of the five-page plan — cost seconds to minutes to make, so they are cached
under `bench/out/` (gitignored) in files named after a hash of this module: change
the generator and they are made again.

    python -m bench.samples    makes every input and prints where they are
"""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]

# A five-page plan: these many groups of tasks (calibrated with LibreOffice, A4).
FIVE_PAGE_GROUPS = 4
FIVE_PAGE_TASKS_PER_GROUP = 7
LONG_PDF_PAGES = 200
# Tasks in each one-page appendix of the long PDF (a page holds about five).
APPENDIX_TASKS = 4
SCAN_DPI = 300

_UNITS = [
    "Văn phòng Sở",
    "Thanh tra Sở",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Quản lý chuyên ngành",
    "Phòng Tổ chức cán bộ",
    "Trung tâm Kỹ thuật và Ứng dụng công nghệ",
    "Ban Chỉ huy quân sự Sở",
    "Chi cục Tiêu chuẩn Đo lường Chất lượng",
    "Công đoàn cơ quan Sở",
    "Đoàn Thanh niên Sở",
]
_VERBS = [
    "Rà soát, cập nhật",
    "Xây dựng và triển khai",
    "Tổ chức tập huấn về",
    "Kiểm tra, đánh giá",
    "Tuyên truyền, phổ biến",
    "Bổ sung trang thiết bị phục vụ",
    "Tham mưu ban hành quy chế về",
    "Phối hợp diễn tập",
    "Tổng hợp, báo cáo kết quả",
    "Hướng dẫn các đơn vị thực hiện",
]
_OBJECTS = [
    "phương án ứng phó sự cố rò rỉ hóa chất tại các phòng thí nghiệm",
    "kế hoạch sơ tán cán bộ, người lao động khi có thiên tai",
    "công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ tại trụ sở",
    "danh mục nguồn phóng xạ đang quản lý trên địa bàn tỉnh",
    "quy trình bảo đảm an toàn hệ thống thông tin khi có sự cố",
    "kiến thức phòng thủ dân sự cho cán bộ, công chức mới tuyển dụng",
    "cơ sở dữ liệu về thiết bị bức xạ trong các cơ sở y tế",
    "lực lượng tự vệ và đội xung kích của cơ quan",
    "kho vật tư, phương tiện phục vụ công tác cứu hộ",
    "việc lưu trữ hồ sơ, tài liệu quan trọng ở nơi an toàn",
    "mạng lưới quan trắc môi trường phóng xạ",
    "việc ứng dụng tiến bộ kỹ thuật trong cảnh báo sớm thiên tai",
]
_DETAILS = [
    "bảo đảm đúng quy định và phù hợp với tình hình thực tế của cơ quan",
    "gắn với trách nhiệm của người đứng đầu từng phòng, đơn vị",
    "kịp thời đề xuất sửa đổi những nội dung không còn phù hợp",
    "có sự tham gia của các tổ chức đoàn thể trong cơ quan",
    "trên cơ sở kết quả kiểm tra năm trước và các kiến nghị còn tồn tại",
]
_TIMES = [
    "Thường xuyên",
    "Quý II/2025",
    "Quý III/2025",
    "Tháng 6/2025",
    "Trước ngày 30/9/2025",
    "6 tháng đầu năm",
    "Hằng năm",
    "Từ tháng 3 đến tháng 6",
    "Năm 2025",
    "Theo chỉ đạo của UBND tỉnh",
]
_GROUPS = [
    "Công tác chỉ đạo, hoàn thiện văn bản về phòng thủ dân sự",
    "Tuyên truyền, bồi dưỡng kiến thức phòng thủ dân sự",
    "Chuẩn bị lực lượng, phương tiện ứng phó sự cố, thiên tai",
    "Ứng dụng khoa học và công nghệ trong phòng thủ dân sự",
    "Kiểm tra, sơ kết và báo cáo",
]
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass(slots=True)
class PlanTask:
    label: str
    content: str
    lead: str
    support: str
    time: str


@dataclass(slots=True)
class PlanGroup:
    label: str
    title: str
    tasks: list[PlanTask] = field(default_factory=list)


@dataclass(slots=True)
class Plan:
    number: str
    date: tuple[int, int, int]
    title: str
    basis: str
    purpose: list[str]
    groups: list[PlanGroup]
    directives: list[str]
    recipients: list[str]

    @property
    def task_count(self) -> int:
        return sum(len(g.tasks) for g in self.groups)


def make_plan(*, seed: int = 1, groups: int = FIVE_PAGE_GROUPS, tasks: int = 7) -> Plan:
    """A plan with `groups` groups of `tasks` tasks, the same for the same arguments."""
    rng = random.Random(seed)

    def task(label: str) -> PlanTask:
        lead = rng.choice(_UNITS)
        support = rng.choice([u for u in _UNITS if u != lead])
        content = (
            f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}, {rng.choice(_DETAILS)}; "
            f"{rng.choice(_DETAILS)}"
        )
        return PlanTask(label, content, lead, support, rng.choice(_TIMES))

    plan_groups = [
        PlanGroup(
            _ROMAN[g % len(_ROMAN)],
            _GROUPS[g % len(_GROUPS)],
            [task(str(t + 1)) for t in range(tasks)],
        )
        for g in range(groups)
    ]
    number = 10 + seed % 80
    return Plan(
        number=f"{number}/KH-SKHCN",
        date=(12, 3, 2025),
        title="Thực hiện công tác phòng thủ dân sự năm 2025",
        basis=(
            "Căn cứ Luật Phòng thủ dân sự ngày 20 tháng 6 năm 2023; Thực hiện Kế hoạch "
            "số 27/KH-UBND ngày 14/02/2025 của Ủy ban nhân dân tỉnh Hòa Sơn về công tác "
            "phòng thủ dân sự năm 2025 và Quyết định số 315/QĐ-BCH ngày 03/01/2025 của "
            "Ban Chỉ huy phòng thủ dân sự tỉnh; Sở Khoa học và Công nghệ xây dựng kế "
            "hoạch thực hiện như sau:"
        ),
        purpose=[
            " ".join(rng.choice(_DETAILS).capitalize() + "." for _ in range(4)) for _ in range(4)
        ],
        groups=plan_groups,
        directives=[
            "Trên cơ sở Kế hoạch này, các phòng, đơn vị thuộc Sở xây dựng kế hoạch chi "
            "tiết của đơn vị mình, gửi về Văn phòng Sở trước ngày 31/3/2025.",
            "Giao Văn phòng Sở theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch; định "
            "kỳ 6 tháng, hằng năm tổng hợp báo cáo Giám đốc Sở và Ban Chỉ huy phòng thủ "
            "dân sự tỉnh.",
            "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các phòng, đơn vị kịp "
            "thời báo cáo về Văn phòng Sở để tổng hợp, trình Giám đốc Sở xem xét, quyết định.",
        ],
        recipients=[
            "Ban Chỉ huy PTDS tỉnh (b/c);",
            "Giám đốc, các Phó Giám đốc Sở;",
            "Các phòng, đơn vị thuộc Sở (t/h);",
            "Lưu: VT, VP.",
        ],
    )


def five_page_plan() -> Plan:
    return make_plan(seed=1, groups=FIVE_PAGE_GROUPS, tasks=FIVE_PAGE_TASKS_PER_GROUP)


# --- writers -------------------------------------------------------------------------------

_ISSUER = ("UBND TỈNH HÒA SƠN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
_HEADER_ROW = ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]
_COLUMN_CM = [1.1, 7.4, 3.2, 3.2, 2.6]
_SIGNER = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Đặng Minh Khôi")


def _date_line(plan: Plan) -> str:
    day, month, year = plan.date
    return f"Hòa Sơn, ngày {day} tháng {month} năm {year}"


def plan_text(plan: Plan) -> str:
    """The plan as Word's plain-text export gives it: tabs between cells, one line each."""
    lines = [
        f"{_ISSUER[0]}\t{_MOTTO[0]}",
        f"{_ISSUER[1]}\t{_MOTTO[1]}",
        f"Số: {plan.number}\t{_date_line(plan)}",
        "",
        "**KẾ HOẠCH**",
        f"**{plan.title}**",
        "",
        plan.basis,
        "I. MỤC ĐÍCH, YÊU CẦU",
        *plan.purpose,
        "II. NHIỆM VỤ CỤ THỂ",
        "\t".join(_HEADER_ROW),
    ]
    for group in plan.groups:
        lines.append(f"{group.label}\t{group.title}\t\t\t")
        lines += [f"{t.label}\t{t.content}\t{t.lead}\t{t.support}\t{t.time}" for t in group.tasks]
    lines += ["", "III. TỔ CHỨC THỰC HIỆN", *plan.directives, ""]
    lines.append(f"Nơi nhận:\t{_SIGNER[0]}")
    for i, recipient in enumerate(plan.recipients):
        right = _SIGNER[1] if i == 0 else (_SIGNER[2] if i == len(plan.recipients) - 1 else "")
        lines.append(f"- {recipient}\t{right}")
    return "\n".join(lines) + "\n"


def plan_docx(plan: Plan, *, appendices: int = 0, appendix_tasks: int = APPENDIX_TASKS) -> bytes:
    """The plan as a Word document; `appendices` adds that many one-page task tables."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt
    from docx.table import _Cell

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)

    def centred(container: Any, lines: list[str], *, bold: bool = True) -> None:
        for i, text in enumerate(lines):
            # A new cell already holds one empty paragraph: write into it first.
            reuse = i == 0 and isinstance(container, _Cell) and not container.paragraphs[0].text
            paragraph = container.paragraphs[0] if reuse else container.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(text).bold = bold

    header = document.add_table(rows=1, cols=2)
    centred(header.cell(0, 0), [*_ISSUER, f"Số: {plan.number}"])
    centred(header.cell(0, 1), [*_MOTTO])
    header.cell(0, 1).add_paragraph(_date_line(plan)).alignment = WD_ALIGN_PARAGRAPH.CENTER
    centred(document, ["KẾ HOẠCH", plan.title])
    document.add_paragraph(plan.basis)
    document.add_paragraph().add_run("I. MỤC ĐÍCH, YÊU CẦU").bold = True
    for text in plan.purpose:
        document.add_paragraph(text)
    document.add_paragraph().add_run("II. NHIỆM VỤ CỤ THỂ").bold = True

    def task_table(groups: list[PlanGroup]) -> None:
        table = document.add_table(rows=1, cols=len(_HEADER_ROW))
        table.style = document.styles["Table Grid"]
        table.autofit = False
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, text in zip(table.rows[0].cells, _HEADER_ROW, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for group in groups:
            row = table.add_row().cells
            row[0].paragraphs[0].add_run(group.label).bold = True
            title = row[1].merge(row[-1])
            title.paragraphs[0].add_run(group.title).bold = True
            for task in group.tasks:
                cells = table.add_row().cells
                values = (task.label, task.content, task.lead, task.support, task.time)
                for cell, text in zip(cells, values, strict=True):
                    cell.text = text
        # LibreOffice lays out by the grid, Word by the cells: set both.
        for column, width in zip(table.columns, _COLUMN_CM, strict=True):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, _COLUMN_CM, strict=True):
                cell.width = Cm(width)

    task_table(plan.groups)
    document.add_paragraph().add_run("III. TỔ CHỨC THỰC HIỆN").bold = True
    for text in plan.directives:
        document.add_paragraph(text)
    signature = document.add_table(rows=1, cols=2)
    left = signature.cell(0, 0)
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    for recipient in plan.recipients:
        left.add_paragraph(f"- {recipient}")
    centred(signature.cell(0, 1), [_SIGNER[0], _SIGNER[1], "", "", _SIGNER[2]])
    for index in range(appendices):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        centred(document, [f"Phụ lục {index + 1}", "NHIỆM VỤ CỦA CÁC ĐƠN VỊ THUỘC SỞ"])
        extra = make_plan(seed=1000 + index, groups=1, tasks=appendix_tasks)
        task_table(extra.groups)
    document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- derived inputs, cached ----------------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_bytes: bytes) -> bytes:
    """The DOCX printed to PDF by LibreOffice headless, with a throw-away profile."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is needed to make the PDF inputs")
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as tmp:
        root = Path(tmp)
        source = root / "plan.docx"
        source.write_bytes(docx_bytes)
        subprocess.run(
            [exe, "--headless", "--norestore", f"-env:UserInstallation={(root / 'p').as_uri()}",
             "--convert-to", "pdf", "--outdir", str(root), str(source)],
            check=True, capture_output=True, timeout=600,
            env={"HOME": tmp, "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
        return (root / "plan.pdf").read_bytes()


def pdf_pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _cached(name: str, make: Callable[[], bytes]) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{Path(name).stem}-{_VERSION}{Path(name).suffix}"
    if not path.exists():
        # Inputs of an older generator are stale: remove them before making this one.
        for old in OUT.glob(f"{Path(name).stem}-*{Path(name).suffix}"):
            if old.stem.rsplit("-", 1)[-1] != _VERSION:
                old.unlink()
        data = make()
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


def five_page_text() -> Path:
    return _cached("plan-5p.txt", lambda: plan_text(five_page_plan()).encode("utf-8"))


def five_page_docx() -> Path:
    return _cached("plan-5p.docx", lambda: plan_docx(five_page_plan()))


def five_page_pdf() -> Path:
    return _cached("plan-5p.pdf", lambda: to_pdf(five_page_docx().read_bytes()))


def long_pdf(pages: int = LONG_PDF_PAGES) -> Path:
    """A text-layer PDF of exactly `pages` pages: the plan, then one-page appendices."""

    def make() -> bytes:
        body = pdf_pages(five_page_pdf().read_bytes())
        data = to_pdf(plan_docx(five_page_plan(), appendices=pages - body))
        if pdf_pages(data) != pages:
            raise RuntimeError(f"the long PDF has {pdf_pages(data)} pages, not {pages}")
        return data

    return _cached(f"plan-{pages}p.pdf", make)


def scan_pages() -> list[Path]:
    """The five-page plan as a scanner gives it: one greyscale PNG a page at 300 dpi."""
    import pypdfium2 as pdfium

    pdf_path = five_page_pdf()
    count = pdf_pages(pdf_path.read_bytes())
    paths = [OUT / f"scan-p{i + 1}-{_VERSION}.png" for i in range(count)]
    if not all(p.exists() for p in paths):
        for old in OUT.glob("scan-p*-*.png"):
            if old not in paths:
                old.unlink()
        pdf = pdfium.PdfDocument(pdf_path.read_bytes())
        try:
            for i, path in enumerate(paths):
                image = pdf[i].render(scale=SCAN_DPI / 72, grayscale=True).to_pil()
                image.save(path, format="PNG", dpi=(SCAN_DPI, SCAN_DPI))
        finally:
            pdf.close()
    return paths


def scan_pdf() -> Path:
    """The scanned pages in one image-only PDF (no text layer), as scanners save them."""

    def make() -> bytes:
        from PIL import Image

        images = [Image.open(p) for p in scan_pages()]
        buffer = io.BytesIO()
        images[0].save(
            buffer,
            format="PDF",
            resolution=float(SCAN_DPI),
            save_all=True,
            append_images=images[1:],
        )
        return buffer.getvalue()

    return _cached("plan-5p-scan.pdf", make)


def main() -> int:
    made = [five_page_text(), five_page_docx()]
    if soffice():
        made += [five_page_pdf(), long_pdf(), scan_pdf(), *scan_pages()]
    else:
        print("LibreOffice is not installed: the PDF and scan inputs were not made.")
    for path in made:
        pages = f"{pdf_pages(path.read_bytes())} pages" if path.suffix == ".pdf" else ""
        print(f"{path.relative_to(OUT.parent.parent)}  {path.stat().st_size:>10,} bytes  {pages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
