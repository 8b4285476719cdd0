"""Spreadsheets (XLSX, openpyxl): the task-status table and the completeness grid.

Offices pass these on and sort and filter them in Excel, so each is one plain table: a
title line, a header row (frozen, with a filter), one row per task or unit, Times New
Roman as in the documents, dates as real dates shown dd/mm/yyyy, percentages as numbers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from phongthu.reporting.content import TaskLine
from phongthu.reporting.facts import Timeliness
from phongthu.reporting.queries import Grid

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E9EEF4")
_STATE_FILL = {
    Timeliness.ON_TIME: "E3F2E7",
    Timeliness.LATE: "FFF1DB",
    Timeliness.MISSING: "FBE9E7",
    Timeliness.PENDING: "FFFFFF",
}
TASK_HEADINGS = (
    "Nhóm",
    "TT",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Thời gian thực hiện",
    "Hạn",
    "Tình trạng",
    "Kết quả",
)
TASK_WIDTHS = (8, 6, 60, 28, 20, 12, 26, 60)


def _sheet_table(
    sheet: Worksheet, title: str, headings: Sequence[str], widths: Sequence[float]
) -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(name=FONT, bold=True, size=13)
    for col, (heading, width) in enumerate(zip(headings, widths, strict=True), start=1):
        cell = sheet.cell(row=3, column=col, value=heading)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "A4"


def _row(sheet: Worksheet, row: int, values: Sequence[Any]) -> None:
    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=col, value=value)
        cell.font = Font(name=FONT)
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if hasattr(value, "isoformat"):
            cell.number_format = DATE_FORMAT


def task_status_sheet(sheet: Worksheet, lines: list[TaskLine], title: str) -> None:
    sheet.title = "Tình hình nhiệm vụ"
    _sheet_table(sheet, title, TASK_HEADINGS, TASK_WIDTHS)
    row = 4
    for line in lines:
        _row(
            sheet,
            row,
            [
                line.group_label,
                line.label,
                line.content,
                "; ".join(line.leads),
                line.timeframe,
                line.due,
                line.status_text,
                line.result,
            ],
        )
        row += 1
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(TASK_HEADINGS))}{max(row - 1, 3)}"


def grid_sheet(sheet: Worksheet, grid: Grid, title: str) -> None:
    sheet.title = "Báo cáo của đơn vị"
    headings = [
        "Đơn vị",
        *grid.headings,
        "Đúng hạn",
        "Muộn",
        "Không báo cáo",
        "Tỷ lệ đã báo cáo (%)",
        "Tỷ lệ đúng hạn (%)",
    ]
    widths = [40, *[16] * len(grid.requests), 10, 10, 14, 14, 14]
    _sheet_table(sheet, title, headings, widths)
    row = 4
    for grid_row in grid.rows:
        rates = grid_row.rates
        values: list[Any] = [grid_row.unit.name]
        values += [str(cell.state.label) for cell in grid_row.cells]
        values += [rates.on_time, rates.late, rates.missing, rates.completeness, rates.punctuality]
        _row(sheet, row, values)
        for offset, cell in enumerate(grid_row.cells, start=2):
            sheet.cell(row=row, column=offset).fill = PatternFill(
                "solid", fgColor=_STATE_FILL[cell.state]
            )
        row += 1
    total = grid.rates
    _row(
        sheet,
        row,
        [
            "Tổng cộng",
            *[""] * len(grid.requests),
            total.on_time,
            total.late,
            total.missing,
            total.completeness,
            total.punctuality,
        ],
    )
    for col in range(1, len(headings) + 1):
        sheet.cell(row=row, column=col).font = Font(name=FONT, bold=True)
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(headings))}{max(row - 1, 3)}"


def _bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def task_status_workbook(lines: list[TaskLine], title: str) -> bytes:
    workbook = Workbook()
    task_status_sheet(workbook.active, lines, title)
    return _bytes(workbook)


def grid_workbook(grid: Grid, title: str) -> bytes:
    workbook = Workbook()
    grid_sheet(workbook.active, grid, title)
    return _bytes(workbook)


def report_workbook(
    lines: list[TaskLine], grid: Grid, *, tasks_title: str, grid_title: str
) -> bytes:
    """Both tables in one workbook (what `phongthu report --xlsx` writes)."""
    workbook = Workbook()
    task_status_sheet(workbook.active, lines, tasks_title)
    grid_sheet(workbook.create_sheet(), grid, grid_title)
    return _bytes(workbook)
