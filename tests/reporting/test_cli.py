"""`phongthu report --plan ID --period 2024-Q2 (--docx|--pdf|--xlsx) -o FILE`."""

from __future__ import annotations

import io
import shutil

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook

from phongthu.cli import main
from phongthu.reporting import compiled
from phongthu.reporting.models import CompiledReport, ReportRequest
from tests.conftest import require

pytestmark = pytest.mark.django_db


def _paragraphs(path) -> str:
    return "\n".join(p.text for p in open_docx(io.BytesIO(path.read_bytes())).paragraphs)


def test_docx_of_a_period_no_one_compiled_is_a_draft_from_the_data(
    plan, progress, tmp_path, capsys
):
    target = tmp_path / "bao-cao.docx"
    assert (
        main(["report", "--plan", str(plan.pk), "--period", "2024-Q2", "--docx", "-o", str(target)])
        == 0
    )
    assert "bản dự thảo từ số liệu" in capsys.readouterr().out
    text = _paragraphs(target)
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện công tác phòng thủ dân sự Quý II/2024" in text
    assert "Kết quả cụ thể: rà soát 9 văn bản." in text
    # reading writes nothing
    assert not ReportRequest.objects.exists()
    assert not CompiledReport.objects.exists()


def test_docx_of_the_compiled_report_as_the_office_edited_it(q2, personas, tmp_path, capsys):
    report = compiled.compiled_report_create(request=q2, by=personas.office)
    compiled.compiled_report_save(
        report=report,
        by=personas.office,
        title=report.document.title,
        opening=report.opening,
        results="Văn phòng đã biên tập phần kết quả.",
        difficulties="",
        next_steps="",
        proposals="",
        expected_version=report.version,
    )
    target = tmp_path / "bc.docx"
    assert (
        main(
            [
                "report",
                "--plan",
                str(q2.plan_id),
                "--period",
                "2024-Q2",
                "--docx",
                "-o",
                str(target),
            ]
        )
        == 0
    )
    assert "Văn phòng đã biên tập phần kết quả." in _paragraphs(target)


def test_pdf(plan, tmp_path):
    require(shutil.which("soffice") is not None, "LibreOffice (soffice) is not installed")
    target = tmp_path / "bc.pdf"
    assert (
        main(["report", "--plan", str(plan.pk), "--period", "2024-Q2", "--pdf", "-o", str(target)])
        == 0
    )
    assert target.read_bytes().startswith(b"%PDF")


def test_xlsx_holds_the_task_table_and_the_grid(q2, progress, tmp_path):
    target = tmp_path / "so-lieu.xlsx"
    assert (
        main(
            [
                "report",
                "--plan",
                str(q2.plan_id),
                "--period",
                "2024-Q2",
                "--xlsx",
                "-o",
                str(target),
            ]
        )
        == 0
    )
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Tình hình nhiệm vụ", "Báo cáo của đơn vị"]
    grid = list(workbook["Báo cáo của đơn vị"].iter_rows(min_row=3, values_only=True))
    assert grid[0][1] == "Quý II/2024"
    assert {row[0] for row in grid[1:-1]} == {
        "Phòng Quản lý Công nghệ và Thị trường công nghệ",
        "Thanh tra Sở",
        "Văn phòng Sở",
    }


def test_bad_input_says_why_in_vietnamese(plan, tmp_path, capsys):
    target = str(tmp_path / "x.docx")
    assert (
        main(["report", "--plan", str(plan.pk), "--period", "2024-Q5", "--docx", "-o", target]) == 1
    )
    assert "không hợp lệ" in capsys.readouterr().err
    assert main(["report", "--plan", "999999", "--period", "2024-Q2", "--docx", "-o", target]) == 1
    assert "Không có kế hoạch mã số 999999" in capsys.readouterr().err
    bad_target = str(tmp_path / "missing-folder" / "x.docx")
    assert (
        main(["report", "--plan", str(plan.pk), "--period", "2024-Q2", "--docx", "-o", bad_target])
        == 1
    )
    assert "Không ghi được tệp" in capsys.readouterr().err
