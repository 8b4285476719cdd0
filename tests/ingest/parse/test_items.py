"""Tasks written as numbered outline items with labelled fields, in a plan without a table."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import docx
from hypothesis import given, settings
from hypothesis import strategies as st

from phongthu.ingest import pipeline
from phongthu.ingest.model import Extraction, Task, TaskGroup
from phongthu.ingest.parse.items import split_fields
from phongthu.ingest.parse.timeframe import parse_timeframe
from phongthu.ingest.parse.wording import squash

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
NO_TASKS = "Không tìm thấy nhiệm vụ nào"

HEAD = """UBND HUYỆN AN LẠC\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHÒNG NỘI VỤ\tĐộc lập - Tự do - Hạnh phúc
Số: 7/{code}-PNV\tAn Lạc, ngày 2 tháng 2 năm 2026

{kind}
{title}

"""
TAIL = """
Nơi nhận:\tTRƯỞNG PHÒNG
- Lưu: VT.\tTrần Thị Bình
"""


def plan(body: str, *, kind: str = "KẾ HOẠCH", code: str = "KH") -> Extraction:
    text = HEAD.format(kind=kind, code=code, title="Công tác văn thư năm 2026") + body + TAIL
    return pipeline.extract(text.encode("utf-8"), "ke-hoach.txt")


def summary(task: Task) -> tuple[str, str, list[str], list[str], str]:
    return (task.label, task.content, task.lead, task.support, task.timeframe.text)


def test_the_sample_plan_reads_its_numbered_tasks_with_groups() -> None:
    # given: our own plan, tasks as items a), b) under numbered groups of "NHIỆM VỤ VÀ GIẢI PHÁP"
    path = SAMPLES / "ke-hoach-nhiem-vu-danh-so.txt"

    # when
    extraction = pipeline.extract_file(path)

    # then
    tasks = extraction.tasks
    assert [(t.group.label if t.group else None, t.label) for t in tasks] == [
        ("1", "a"),
        ("1", "b"),
        ("2", "a"),
        ("2", "b"),
    ]
    assert tasks[0].group is not None and tasks[0].group.title == "Công tác tuyên truyền"
    assert summary(tasks[0]) == (
        "a",
        "Tổ chức tuyên truyền về quy chế làm việc mới đến toàn thể công chức, người lao động",
        ["Văn phòng Sở"],
        ["các phòng, đơn vị thuộc Sở"],
        "trước ngày 30/6/2026",
    )
    assert (tasks[0].timeframe.kind, tasks[0].timeframe.due) == ("deadline", "2026-06-30")
    # the fields in parentheses after the content
    assert summary(tasks[1])[1:] == (
        "Đăng tải các quy định mới trên Trang thông tin điện tử của Sở",
        ["Trung tâm Thông tin"],
        [],
        "thường xuyên",
    )
    assert tasks[1].timeframe.kind == "ongoing"
    # the fields as bullets under the item, units split as a table cell's would be
    assert tasks[2].lead == ["Phòng Hành chính - Tổng hợp"]
    assert tasks[2].support == ["Phòng Kế toán", "Phòng Tổ chức cán bộ"]
    assert (tasks[2].timeframe.start, tasks[2].timeframe.due) == ("2026-07-01", "2026-09-30")
    assert tasks[2].output == "Danh mục hồ sơ được Giám đốc Sở phê duyệt"
    assert (tasks[3].timeframe.start, tasks[3].timeframe.due) == ("2026-04-01", "2026-10-31")
    # "c)" names no lead and no time: not a task; and the plan has tasks, so no warning
    assert not any(NO_TASKS in w for w in extraction.warnings)


def test_items_directly_under_the_tasks_part_have_no_group() -> None:
    # given
    body = """I. MỤC ĐÍCH
Bảo đảm hồ sơ được lập đầy đủ.
II. NHIỆM VỤ
1. Lập danh mục hồ sơ năm 2026. Chủ trì: Bộ phận văn thư. Thời hạn: 31/3/2026.
2. Chỉnh lý tài liệu tồn đọng. Phối hợp: Văn phòng HĐND và UBND; thời gian hoàn thành: Quý IV.
III. TỔ CHỨC THỰC HIỆN
Phòng Nội vụ theo dõi việc thực hiện.
"""

    # when
    tasks = plan(body).tasks

    # then
    assert [(t.group, t.label) for t in tasks] == [(None, "1"), (None, "2")]
    assert tasks[0].lead == ["Bộ phận văn thư"] and tasks[0].timeframe.due == "2026-03-31"
    # the year of a quarter without one is the document's
    assert tasks[1].timeframe.due == "2026-12-31"
    assert tasks[1].support == ["Văn phòng HĐND và UBND"]


def test_items_numbered_1_1_under_an_item_are_tasks_of_that_group() -> None:
    # given: "1.1", "1.2" are not outline headings, but each names its own lead and time
    body = """II. NHIỆM VỤ CỤ THỂ
1. Công tác văn thư
1.1. Lập danh mục hồ sơ.
- Chủ trì: Bộ phận văn thư.
- Thời hạn: 31/3/2026.
1.2. Chỉnh lý tài liệu tồn đọng. Chủ trì: Phòng Nội vụ. Thời gian: Quý IV.
2. Ứng dụng phần mềm quản lý văn bản. Chủ trì: Văn phòng. Thời gian: thường xuyên.
"""

    # when
    tasks = plan(body).tasks

    # then
    assert [(t.group.label if t.group else None, t.label, t.content, t.lead) for t in tasks] == [
        ("1", "1.1", "Lập danh mục hồ sơ", ["Bộ phận văn thư"]),
        ("1", "1.2", "Chỉnh lý tài liệu tồn đọng", ["Phòng Nội vụ"]),
        (None, "2", "Ứng dụng phần mềm quản lý văn bản", ["Văn phòng"]),
    ]


def test_without_a_part_named_for_tasks_the_top_level_items_are_read() -> None:
    # given: the tasks under "KẾ HOẠCH TRIỂN KHAI", grouped by Roman parts
    body = """I. MỤC ĐÍCH, YÊU CẦU
1. Hoàn thành việc chỉnh lý. Thời gian: trong năm 2026.
II. KẾ HOẠCH TRIỂN KHAI
1. Lập danh mục hồ sơ. Chủ trì: Bộ phận văn thư. Thời hạn: 31/3/2026.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ theo dõi. Thời gian: hằng quý.
"""

    # when
    tasks = plan(body).tasks

    # then: the aims and the implementation part are never tasks
    assert [(t.group, t.label, t.content) for t in tasks] == [
        (TaskGroup(label="II", title="KẾ HOẠCH TRIỂN KHAI"), "1", "Lập danh mục hồ sơ")
    ]


def test_a_task_without_a_lead_is_warned_about_when_others_have_one() -> None:
    body = """II. NHIỆM VỤ
1. Lập danh mục hồ sơ. Chủ trì: Bộ phận văn thư. Thời hạn: 31/3/2026.
2. Chỉnh lý tài liệu tồn đọng. Thời gian: Quý IV/2026.
"""
    extraction = plan(body)
    assert [t.label for t in extraction.tasks] == ["1", "2"]
    assert "Nhiệm vụ 2 chưa có đơn vị chủ trì." in extraction.warnings


def test_word_numbered_items_are_tasks_too() -> None:
    # given: a DOCX whose items are numbered by Word (the number is not in the text)
    document = docx.Document()
    for line in HEAD.format(kind="KẾ HOẠCH", code="KH", title="Tập huấn năm 2026").splitlines():
        document.add_paragraph(line)
    document.add_paragraph("I. NỘI DUNG THỰC HIỆN")
    document.add_paragraph(
        "Tổ chức tập huấn nghiệp vụ văn thư. Chủ trì: Phòng Nội vụ; thời hạn: tháng 5/2026.",
        style="List Number",
    )
    document.add_paragraph(
        "Kiểm tra công tác lưu trữ tại các xã. Chủ trì: Phòng Nội vụ; thời hạn: Quý IV/2026.",
        style="List Number",
    )
    buffer = io.BytesIO()
    document.save(buffer)

    # when
    tasks = pipeline.extract(buffer.getvalue(), "tap-huan.docx").tasks

    # then
    assert [(t.label, t.content, t.timeframe.due) for t in tasks] == [
        ("1", "Tổ chức tập huấn nghiệp vụ văn thư", "2026-05-31"),
        ("2", "Kiểm tra công tác lưu trữ tại các xã", "2026-12-31"),
    ]


def test_items_without_a_lead_or_a_time_are_not_tasks() -> None:
    body = """II. NHIỆM VỤ
1. Nâng cao chất lượng tham mưu. Sản phẩm: các văn bản tham mưu.
2. Tăng cường kỷ luật, kỷ cương hành chính.
"""
    extraction = plan(body)
    assert extraction.tasks == []
    assert any(w.startswith(NO_TASKS) for w in extraction.warnings)


def test_fields_outside_the_tasks_part_are_not_tasks() -> None:
    body = """I. MỤC ĐÍCH, YÊU CẦU
1. Hoàn thành việc chỉnh lý. Thời gian: trong năm 2026.
II. NHIỆM VỤ
1. Tăng cường kỷ luật, kỷ cương hành chính.
"""
    assert plan(body).tasks == []


def test_a_document_with_a_task_table_never_gains_tasks_from_its_items() -> None:
    # given: a table, and items with fields elsewhere in the tasks part
    body = """II. NHIỆM VỤ
1. Lập danh mục hồ sơ. Chủ trì: Bộ phận văn thư. Thời hạn: 31/3/2026.
TT\tNội dung\tChủ trì\tThời gian
1\tChỉnh lý tài liệu tồn đọng\tBộ phận văn thư\tQuý IV
"""

    # when
    tasks = plan(body).tasks

    # then
    assert [t.content for t in tasks] == ["Chỉnh lý tài liệu tồn đọng"]


def test_only_a_plan_without_tasks_is_warned_about() -> None:
    body = """I. TÌNH HÌNH
Công tác văn thư đi vào nền nếp.
II. NHIỆM VỤ THỜI GIAN TỚI
Tiếp tục thực hiện tốt quy chế.
"""
    assert any(w.startswith(NO_TASKS) for w in plan(body).warnings)
    report = plan(body, kind="BÁO CÁO", code="BC")
    assert report.document.type == "Báo cáo"
    assert not any(NO_TASKS in w for w in report.warnings)


# --- splitting an item into content and fields ---------------------------------------------


def test_split_fields_reads_inline_bulleted_and_parenthesised_fields() -> None:
    inline = split_fields(
        "Tổ chức hội nghị. Chủ trì: Văn phòng; phối hợp: các phòng. Thời gian: tháng 7."
    )
    assert inline.content == "Tổ chức hội nghị"
    assert [(f.role, f.label, f.value) for f in inline.fields] == [
        ("lead", "Chủ trì", "Văn phòng"),
        ("support", "phối hợp", "các phòng"),
        ("time", "Thời gian", "tháng 7"),
    ]
    bracketed = split_fields("Tổ chức hội nghị (Chủ trì: Văn phòng; tiến độ: Quý II) tại Sở.")
    assert bracketed.content == "Tổ chức hội nghị tại Sở"
    assert bracketed.values("time") == ["Quý II"]
    bulleted = split_fields("Rà soát hồ sơ\n- Đơn vị thực hiện: Phòng A\n+ Kết quả: Báo cáo")
    assert (bulleted.content, bulleted.values("lead"), bulleted.values("output")) == (
        "Rà soát hồ sơ",
        ["Phòng A"],
        ["Báo cáo"],
    )


def test_a_label_word_in_running_text_is_not_a_field() -> None:
    # "chủ trì" without a colon, and "Thời gian gửi hồ sơ:" which is no field's label
    item = split_fields("Sở Nội vụ chủ trì hội nghị. Thời gian gửi hồ sơ: trước ngày 5/5.")
    assert item.fields == ()
    assert not item.assigns


_WORDS = st.sampled_from(
    ["Tổ", "chức", "hội", "nghị", "Sở", "Nội", "vụ", "Văn", "phòng", "tháng", "7", "Quý", "II"]
)
_LABELS = st.sampled_from(
    [
        "Chủ trì",
        "chủ trì",
        "Cơ quan chủ trì",
        "Đơn vị thực hiện",
        "Phối hợp",
        "Đơn vị phối hợp",
        "Thời gian",
        "Thời hạn hoàn thành",
        "Thời gian thực hiện",
        "Tiến độ",
        "Sản phẩm",
        "Kết quả",
    ]
)
_SEPARATORS = st.sampled_from([". ", "; ", ", ", "\n", "\n- ", "\n+ ", " (", " - ", " "])
_PIECES = st.lists(
    st.one_of(
        st.lists(_WORDS, min_size=1, max_size=5).map(" ".join),
        _LABELS.map(lambda label: label + ":"),
        _SEPARATORS,
        st.sampled_from([")", ".", ":"]),
    ),
    max_size=25,
)


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[^\W_]+", text))


@settings(max_examples=300, deadline=None)
@given(pieces=_PIECES)
def test_splitting_never_loses_a_word(pieces: list[str]) -> None:
    # given: content, labels, values and separators in any order
    text = "".join(pieces)

    # when
    item = split_fields(text)

    # then: every word is in the content, a label or a value, as often as printed
    parts = [item.content] + [f"{f.label} {f.value}" for f in item.fields]
    assert _words(" ".join(parts)) == _words(text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_splitting_any_text_never_loses_a_word(text: str) -> None:
    item = split_fields(text)
    parts = [item.content] + [f"{f.label} {f.value}" for f in item.fields]
    # The words of the text as the parser reads it: `squash` drops markdown marks, so
    # "0__0" (0, underlined 0) is "00" on both sides.
    assert _words(" ".join(parts)) == _words(squash(text))


@settings(max_examples=100, deadline=None)
@given(
    content=st.lists(_WORDS, min_size=1, max_size=6).map(" ".join),
    lead=st.lists(_WORDS, min_size=1, max_size=4).map(" ".join),
    time=st.sampled_from(["tháng 7", "Quý II/2026", "thường xuyên", "trước ngày 5/9/2026"]),
)
def test_an_item_task_reads_its_time_as_a_table_cell_would(
    content: str, lead: str, time: str
) -> None:
    # (an outline title never starts with a digit: "1. 7." is no item)
    body = f"II. NHIỆM VỤ\n1. Tổ chức {content}. Chủ trì: {lead}. Thời gian: {time}.\n"
    tasks = plan(body).tasks
    assert len(tasks) == 1
    assert tasks[0].timeframe == parse_timeframe(time, year=2026)
    assert tasks[0].lead == [lead]
    assert tasks[0].content == f"Tổ chức {content}"
