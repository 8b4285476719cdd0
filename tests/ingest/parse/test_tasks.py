"""Task tables into tasks: columns, groups, merged and broken rows, units, warnings."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import asdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.ingest.model import Block, Cell, IngestError, Paragraph, Table, Task
from phongthu.ingest.parse.tasks import extract_tasks
from phongthu.ingest.parse.units import split_units
from phongthu.ingest.readers import read
from tests.conftest import SHARED

CellSpec = str | Cell


def table(*rows: list[CellSpec], layout: bool = False) -> Table:
    return Table(
        rows=[[c if isinstance(c, Cell) else Cell(text=c) for c in row] for row in rows],
        layout=layout,
    )


HEADER: list[CellSpec] = [
    "STT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Tiến độ",
]


def tasks_of(*blocks: Block, year: int | None = 2025) -> list[Task]:
    return extract_tasks(list(blocks), year=year)[0]


def test_reads_groups_tasks_units_and_timeframes() -> None:
    # given
    t = table(
        HEADER,
        ["I", "Công tác tham mưu", "", "", ""],
        ["1", "Xây dựng quy chế phối hợp", "Văn phòng Sở", "Thanh tra Sở; Phòng Tổ chức", "Quý II"],
        ["2", "Rà soát danh mục trang thiết bị", "Phòng Kế hoạch", "", "Thường xuyên"],
        ["II", "Công tác huấn luyện", "", "", ""],
        [
            "1",
            "Tập huấn cho lực lượng tự vệ",
            "Ban CHQS Sở",
            "Các phòng, đơn vị thuộc Sở",
            "Tháng 9",
        ],
    )
    # when
    tasks, warnings = extract_tasks([t], year=2025)
    # then
    assert [(x.group.label if x.group else None, x.label) for x in tasks] == [
        ("I", "1"),
        ("I", "2"),
        ("II", "1"),
    ]
    assert tasks[0].group is not None and tasks[0].group.title == "Công tác tham mưu"
    assert tasks[0].lead == ["Văn phòng Sở"]
    assert tasks[0].support == ["Thanh tra Sở", "Phòng Tổ chức"]
    assert (tasks[0].timeframe.start, tasks[0].timeframe.due) == ("2025-04-01", "2025-06-30")
    assert tasks[1].timeframe.kind == "ongoing"
    assert tasks[2].support == ["Các phòng, đơn vị thuộc Sở"]
    assert tasks[2].timeframe.due == "2025-09-30"
    assert warnings == []


def test_group_title_in_the_number_cell_and_across_the_row() -> None:
    t = table(
        HEADER,
        ["A. NHIỆM VỤ CHUNG", "", "", "", ""],
        ["1", "Kiện toàn ban chỉ huy", "Văn phòng Sở", "", "Tháng 3"],
        [Cell("B. Nhiệm vụ riêng của từng đơn vị", col_span=5)],
        ["1", "Lập phương án sơ tán", "Phòng Quản lý chuyên ngành", "", "Quý III"],
    )
    tasks = tasks_of(t)
    assert [(x.group.label, x.group.title) for x in tasks if x.group] == [
        ("A", "NHIỆM VỤ CHUNG"),
        ("B", "Nhiệm vụ riêng của từng đơn vị"),
    ]


def test_bold_heading_alone_on_a_row_opens_a_group() -> None:
    t = table(
        HEADER,
        [Cell("Nhiệm vụ trọng tâm", col_span=5, bold=True)],
        ["1", "Tổ chức diễn tập", "Ban CHQS Sở", "", "Tháng 10"],
    )
    [task] = tasks_of(t)
    assert task.group is not None and (task.group.label, task.group.title) == (
        "",
        "Nhiệm vụ trọng tâm",
    )


def test_numbered_heading_over_numbered_subtasks() -> None:
    t = table(
        HEADER,
        ["1", "Phòng, chống thiên tai", "", "", ""],
        ["1.1", "Rà soát phương án ứng phó bão", "Văn phòng Sở", "", "Tháng 5"],
        ["1.2", "Kiểm tra kho vật tư", "Phòng Kế hoạch", "", "Tháng 6"],
    )
    tasks = tasks_of(t)
    assert [x.label for x in tasks] == ["1.1", "1.2"]
    assert all(x.group is not None and x.group.label == "1" for x in tasks)


def test_two_row_header_under_a_merged_heading() -> None:
    t = table(
        [
            Cell("TT", row_span=2),
            Cell("Nhiệm vụ", row_span=2),
            Cell("Đơn vị thực hiện", col_span=2),
            Cell("Thời gian hoàn thành", row_span=2),
            Cell("Sản phẩm đầu ra", row_span=2),
        ],
        ["Chủ trì", "Phối hợp"],
        [
            "1",
            "Cập nhật cơ sở dữ liệu",
            "Trung tâm Thông tin",
            "Văn phòng Sở",
            "Trước 30/11",
            "Báo cáo",
        ],
    )
    [task] = tasks_of(t)
    assert task.lead == ["Trung tâm Thông tin"]
    assert task.support == ["Văn phòng Sở"]
    assert task.timeframe.kind == "deadline" and task.timeframe.due == "2025-11-30"
    assert task.output == "Báo cáo"


def test_vertically_merged_rows_of_one_task_with_several_leads() -> None:
    t = table(
        ["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"],
        [
            Cell("1", row_span=2),
            Cell("Xây dựng kế hoạch tự kiểm tra", row_span=2),
            "Văn phòng Sở",
            "Thanh tra Sở",
            "Tháng 2/2025",
        ],
        ["Các phòng chuyên môn", "", "Tháng 4/2025"],
        ["2", "Tổng kết năm", "Văn phòng Sở", "", "Tháng 12/2025"],
    )
    tasks = tasks_of(t)
    assert [x.label for x in tasks] == ["1", "2"]
    first = tasks[0]
    assert first.content == "Xây dựng kế hoạch tự kiểm tra"
    assert first.lead == ["Văn phòng Sở", "Các phòng chuyên môn"]
    assert first.support == ["Thanh tra Sở"]
    assert first.timeframe.text == "Tháng 2/2025; Tháng 4/2025"
    assert (first.timeframe.start, first.timeframe.due) == ("2025-02-01", "2025-04-30")


def test_numbered_rows_sharing_one_merged_content_cell_stay_apart() -> None:
    t = table(
        ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian"],
        ["1", Cell("Kiểm tra công tác phòng cháy", row_span=2), "Văn phòng Sở", "Tháng 4"],
        ["2", "Trung tâm Thông tin", "Tháng 5"],
    )
    tasks = tasks_of(t)
    assert [(x.label, x.content, x.lead) for x in tasks] == [
        ("1", "Kiểm tra công tác phòng cháy", ["Văn phòng Sở"]),
        ("2", "Kiểm tra công tác phòng cháy", ["Trung tâm Thông tin"]),
    ]


def test_same_time_in_merged_rows_is_kept_once() -> None:
    t = table(
        ["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn"],
        [Cell("1", row_span=2), Cell("Phổ biến văn bản mới", row_span=2), "Văn phòng Sở", "Quý I"],
        ["Thanh tra Sở", "Quý I"],
    )
    [task] = tasks_of(t)
    assert task.timeframe.text == "Quý I"


def test_row_broken_by_a_page_runs_on_into_the_task_above() -> None:
    t = table(
        HEADER,
        [
            "1",
            "Tuyên truyền kiến thức phòng, chống",
            "Phòng Truyền thông",
            "Các phòng, đơn vị",
            "Trước ngày",
        ],
        ["", "cháy nổ cho cán bộ, viên chức", "", "thuộc Sở", "15/10/2025"],
        ["2", "Mua sắm bình chữa cháy", "Văn phòng Sở", "", "Quý IV"],
    )
    tasks = tasks_of(t)
    assert [x.label for x in tasks] == ["1", "2"]
    first = tasks[0]
    assert first.content == "Tuyên truyền kiến thức phòng, chống cháy nổ cho cán bộ, viên chức"
    assert first.support == ["Các phòng, đơn vị thuộc Sở"]
    assert first.timeframe.text == "Trước ngày 15/10/2025"
    assert first.timeframe.due == "2025-10-15"


def test_table_continued_after_a_page_break_without_header() -> None:
    first = table(
        HEADER,
        ["I", "Chuẩn bị", "", "", ""],
        ["1", "Khảo sát địa bàn", "Phòng Kế hoạch", "", "Tháng 1"],
    )
    rest = table(
        ["", "và lập bản đồ", "", "", ""],
        ["2", "Dự toán kinh phí", "Phòng Tài chính", "", "Tháng 2"],
    )
    tasks = tasks_of(first, Paragraph("- 2 -"), rest)
    assert [x.label for x in tasks] == ["1", "2"]
    assert tasks[0].content == "Khảo sát địa bàn và lập bản đồ"
    assert tasks[1].group is not None and tasks[1].group.label == "I"


def test_repeated_header_on_the_next_page_continues_the_group() -> None:
    first = table(HEADER, ["I", "Chuẩn bị", "", "", ""], ["1", "Khảo sát", "Phòng A", "", ""])
    second = table(HEADER, ["2", "Lập dự toán", "Phòng B", "", ""])
    tasks = tasks_of(first, second)
    assert [(x.group.label if x.group else None, x.label) for x in tasks] == [
        ("I", "1"),
        ("I", "2"),
    ]


def test_several_tables_in_body_and_appendix() -> None:
    body = table(HEADER, ["1", "Nhiệm vụ trong thân văn bản", "Văn phòng Sở", "", "Năm 2025"])
    appendix = table(
        ["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện"],
        ["1", "Nhiệm vụ ở phụ lục", "Thanh tra Sở", "Hằng quý"],
    )
    tasks = tasks_of(
        Paragraph("Nội dung của kế hoạch như sau, các đơn vị căn cứ thực hiện nghiêm túc."),
        body,
        Paragraph("PHỤ LỤC"),
        Paragraph("DANH MỤC NHIỆM VỤ GIAO CHO CÁC ĐƠN VỊ THUỘC SỞ NĂM 2025 (Kèm theo Kế hoạch)"),
        appendix,
    )
    assert [x.content for x in tasks] == ["Nhiệm vụ trong thân văn bản", "Nhiệm vụ ở phụ lục"]
    assert tasks[1].timeframe.recurrence == "quarterly"


def test_rows_numbered_by_word_are_numbered_in_order() -> None:
    # The number column is empty: Word drew the numbers, the reader cannot see them.
    t = table(
        ["TT", "Nội dung", "Người thực hiện", "Thời gian"],
        ["", "Chuẩn bị hội trường", "Nguyễn Văn An", "Tháng 3"],
        ["", "Gửi giấy mời", "Trần Thị Bình\nLê Văn Cường", "Tháng 3"],
        ["", "Tổng hợp ý kiến", "Lê Văn Cường", "Tháng 4"],
    )
    tasks = tasks_of(t)
    assert [x.label for x in tasks] == ["1", "2", "3"]
    assert tasks[1].lead == ["Trần Thị Bình", "Lê Văn Cường"]


def test_word_numbering_restarts_in_each_group() -> None:
    t = table(
        HEADER,
        ["I", "Nhóm thứ nhất", "", "", ""],
        ["", "Việc một", "Phòng A", "", ""],
        ["", "Việc hai", "Phòng B", "", ""],
        ["II", "Nhóm thứ hai", "", "", ""],
        ["", "Việc ba", "Phòng C", "", ""],
    )
    assert [(x.group.label if x.group else "", x.label) for x in tasks_of(t)] == [
        ("I", "1"),
        ("I", "2"),
        ("II", "1"),
    ]


def test_tables_that_assign_no_work_are_not_task_tables() -> None:
    statistics = table(
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"],
        ["1", "Số cuộc diễn tập đã tổ chức", "Cuộc", "4", ""],
    )
    addresses = table(
        ["STT", "Tên đơn vị", "Địa chỉ", "Điện thoại"],
        ["1", "Trung tâm Ứng dụng tiến bộ khoa học", "Số 2 đường Hùng Vương", "0204 3854 000"],
    )
    assert tasks_of(statistics, addresses) == []


def test_layout_tables_are_skipped() -> None:
    header_block = table(
        ["SỞ KHOA HỌC VÀ CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["Số: 12/KH-KHCN", "Độc lập - Tự do - Hạnh phúc"],
        layout=True,
    )
    disguised = table(HEADER, ["1", "Không phải nhiệm vụ", "Phòng A", "", ""], layout=True)
    assert tasks_of(header_block, disguised) == []


def test_inspection_schedule_lists_units_inspected() -> None:
    t = table(
        ["STT", "Đơn vị được kiểm tra", "Thời gian kiểm tra"],
        ["1", "Trung tâm Kỹ thuật tiêu chuẩn đo lường chất lượng", "Tháng 5/2025"],
        ["2", "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Tháng 8/2025"],
    )
    tasks, warnings = extract_tasks([t], year=2025)
    assert [x.content for x in tasks] == [
        "Trung tâm Kỹ thuật tiêu chuẩn đo lường chất lượng",
        "Chi cục Tiêu chuẩn Đo lường Chất lượng",
    ]
    assert all(x.lead == [] for x in tasks)
    assert tasks[1].timeframe.start == "2025-08-01"
    assert warnings == []


def test_inspection_schedule_headed_by_the_name_of_the_place() -> None:
    schedule = table(
        ["STT", "Tên cơ sở", "Địa chỉ", "Thời gian kiểm tra"],
        ["1", "Công ty cổ phần Hóa chất Miền Bắc", "Khu công nghiệp Đình Trám", "Quý III/2025"],
    )
    [task] = tasks_of(schedule)
    assert (task.content, task.lead, task.timeframe.kind) == (
        "Công ty cổ phần Hóa chất Miền Bắc",
        [],
        "period",
    )


def test_other_headings_for_content_lead_and_time() -> None:
    t = table(
        ["Số TT", "Hoạt động", "Cơ quan tham mưu", "Ngày hoàn thành"],
        ["1", "Hội thảo về an toàn bức xạ", "Phòng Quản lý chuyên ngành", "20/9/2025"],
    )
    [task] = tasks_of(t)
    assert task.lead == ["Phòng Quản lý chuyên ngành"]
    assert task.timeframe.due == "2025-09-20"


def test_numbered_heading_over_lettered_subtasks() -> None:
    t = table(
        HEADER,
        ["2", "Công tác bảo đảm", "", "", ""],
        ["a)", "Bố trí kinh phí", "Phòng Kế hoạch - Tài chính", "", "Quý I"],
        ["b)", "Chuẩn bị phương tiện", "Văn phòng Sở", "", "Quý II"],
    )
    tasks = tasks_of(t)
    assert [(x.group.label if x.group else None, x.label) for x in tasks] == [
        ("2", "a"),
        ("2", "b"),
    ]
    assert tasks[0].lead == ["Phòng Kế hoạch - Tài chính"]


def test_header_year_dates_the_table() -> None:
    t = table(
        ["TT", "Nội dung", "Trách nhiệm thực hiện", "Thời gian\n(Năm 2027)"],
        ["1", "Đối thoại với doanh nghiệp", "Lãnh đạo\nSở Công Thương", "ngày 9 tháng 4"],
    )
    [task] = tasks_of(t, year=2026)
    assert task.lead == ["Lãnh đạo Sở Công Thương"]
    assert task.timeframe.due == "2027-04-09"


def test_repeated_header_and_column_numbers_are_not_tasks() -> None:
    t = table(
        HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["1", "Việc đầu", "Phòng A", "", ""],
        HEADER,
        ["2", "Việc sau", "Phòng B", "", ""],
    )
    assert [x.label for x in tasks_of(t)] == ["1", "2"]


def test_content_is_clean_text() -> None:
    t = table(HEADER, ["1.", "**Tổ chức**   tổng kết\n công tác", " Văn phòng Sở ", "", ""])
    [task] = tasks_of(t)
    assert (task.label, task.content, task.lead) == (
        "1",
        "Tổ chức tổng kết công tác",
        ["Văn phòng Sở"],
    )


def test_warns_in_vietnamese_about_missing_lead_and_unread_time() -> None:
    t = table(
        HEADER,
        ["1", "Việc có đủ thông tin", "Phòng A", "", "Quý I"],
        ["2", "Việc chưa giao", "", "Phòng B", "Quý II"],
        ["3", "Việc có thời gian lạ", "Phòng C", "", "xem phụ lục đính kèm"],
    )
    tasks, warnings = extract_tasks([t], year=2025)
    assert len(tasks) == 3
    assert warnings == [
        "Nhiệm vụ 2 chưa có đơn vị chủ trì.",
        "Không hiểu thời gian thực hiện của nhiệm vụ 3: “xem phụ lục đính kèm”.",
    ]


def test_warning_names_the_group_of_the_task() -> None:
    t = table(HEADER, ["II", "Huấn luyện", "", "", ""], ["3", "Việc chưa giao", "", "", ""])
    _, warnings = extract_tasks([t], year=2025)
    assert warnings == ["Nhiệm vụ 3 (mục II) chưa có đơn vị chủ trì."]


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("Văn phòng Sở; Thanh tra Sở", ["Văn phòng Sở", "Thanh tra Sở"]),
        ("Văn phòng Sở\nThanh tra Sở", ["Văn phòng Sở", "Thanh tra Sở"]),
        ("- Văn phòng Sở;\n- Thanh tra Sở.", ["Văn phòng Sở", "Thanh tra Sở"]),
        ("- Văn phòng Sở - Thanh tra Sở", ["Văn phòng Sở", "Thanh tra Sở"]),
        ("Các phòng, đơn vị thuộc Sở", ["Các phòng, đơn vị thuộc Sở"]),
        ("Các phòng, đơn vị thuộc\nSở", ["Các phòng, đơn vị thuộc Sở"]),
        ("Sở Văn hóa, Thể thao\nvà Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Lãnh đạo\nSở Y tế", ["Lãnh đạo Sở Y tế"]),
        ("UBND phường Bắc Sơn - Hà Nội", ["UBND phường Bắc Sơn - Hà Nội"]),
        ("Sở Nội vụ, Văn phòng UBND tỉnh", ["Sở Nội vụ", "Văn phòng UBND tỉnh"]),
        ("UBND các xã, phường, thị trấn", ["UBND các xã, phường, thị trấn"]),
        ("Các sở, ban, ngành", ["Các sở, ban, ngành"]),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("", []),
        (" ; ", []),
    ],
)
def test_splits_a_cell_into_units_as_printed(cell: str, units: list[str]) -> None:
    assert split_units(cell) == units


# --- properties -------------------------------------------------------------------------

_WORDS = [
    "TT", "STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "Sản phẩm", "I", "II", "1",
    "1.1", "a)", "", "", "Thường xuyên", "Quý II/2025", "Văn phòng Sở; Thanh tra", "-", "\n",
    "A. TIÊU ĐỀ", "Đơn vị được kiểm tra", "(1)", "x" * 30,
]  # fmt: skip

_cells = st.builds(
    Cell,
    text=st.one_of(st.sampled_from(_WORDS), st.text(max_size=20)),
    row_span=st.integers(min_value=0, max_value=4),
    col_span=st.integers(min_value=0, max_value=4),
    bold=st.booleans(),
)
_tables = st.builds(
    Table,
    rows=st.lists(st.lists(_cells, max_size=7), max_size=8),
    layout=st.booleans(),
)
_blocks = st.lists(st.one_of(_tables, st.builds(Paragraph, st.sampled_from(_WORDS))), max_size=5)


@settings(max_examples=300, deadline=None)
@given(blocks=_blocks, year=st.one_of(st.none(), st.integers(min_value=1990, max_value=2100)))
def test_never_crashes_on_random_tables(blocks: list[Block], year: int | None) -> None:
    tasks, warnings = extract_tasks(blocks, year=year)
    for task in tasks:
        assert isinstance(task.label, str) and isinstance(task.content, str)
        assert all(isinstance(u, str) and u for u in task.lead + task.support)
        assert "**" not in task.content
    assert all(isinstance(w, str) and w for w in warnings)


# --- the shared corpus, read in place ---------------------------------------------------


def _scorer(corpus: Path) -> ModuleType:
    path = corpus.parent / "tools" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec is not None and spec.loader is not None, f"no scorer at {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score_tasks(corpus: Path, folder: str, name: str, require: Any) -> tuple[int, int, list[str]]:
    expected_path = corpus / folder / name
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    source = expected_path.parent / expected["source"]["filename"]
    try:
        result = read(source.read_bytes(), source.name)
    except IngestError as exc:
        require(False, f"{source.name} cannot be read here yet: {exc}")
        raise
    year = (expected.get("document", {}).get("date") or {}).get("year")
    tasks, _ = extract_tasks(result.blocks, year=year)
    tally = _scorer(corpus).score(
        {"tasks": expected["tasks"]}, {"tasks": [asdict(t) for t in tasks]}
    )
    return tally.matched, tally.total, tally.misses


# Where tests/ingest/conftest.py looks for it too: beside the checkout.
_CORPUS = SHARED / "corpus"


def _expectations(folder: str) -> list[str]:
    found = sorted(p.name for p in (_CORPUS / folder).glob("*.expected.json"))
    return found or ["(corpus absent)"]


@pytest.mark.corpus
@pytest.mark.parametrize("name", _expectations("seed"))
def test_seed_tasks_match_exactly(corpus: Path, name: str, require: Any) -> None:
    matched, total, misses = _score_tasks(corpus, "seed", name, require)
    assert misses == []
    assert matched == total > 0


# The dev documents are real ones; the whole task part matches today, and this keeps it so.
_DEV_FLOOR = 0.95


@pytest.mark.corpus
@pytest.mark.parametrize("name", _expectations("dev"))
def test_dev_tasks_match(corpus: Path, name: str, require: Any) -> None:
    matched, total, misses = _score_tasks(corpus, "dev", name, require)
    assert "tasks.count" not in " ".join(misses), misses
    assert matched / total >= _DEV_FLOOR, misses
