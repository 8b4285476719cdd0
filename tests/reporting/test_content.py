"""What the compiled report and a unit's pre-filled report say: tasks written in full, the
plan's own groups first and numbered as the plan numbers them, no task listed twice, and
only the tasks and assignments that belong to the period."""

from __future__ import annotations

import datetime

import pytest

from phongthu.reporting import compiled, services
from phongthu.reporting.content import task_lines, unit_prefill
from phongthu.reporting.periods import parse_period
from tests.reporting.conftest import TASKS, _task, extraction

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2024, 6, 25)

# Longer than any limit a report line was once clipped at (120 and 160 characters).
LONG = (
    "Rà soát, cập nhật các văn bản quy phạm pháp luật, hướng dẫn mới về phòng thủ dân sự "
    "liên quan đến lĩnh vực khoa học và công nghệ; đề xuất sửa đổi quy chế nội bộ của Sở "
    "cho phù hợp với quy định mới của Luật Phòng thủ dân sự năm 2023"
)


def _open(plan, personas, key="2024-Q2"):
    request, _created = services.request_open_periodic(
        plan=plan, period=parse_period(key), by=personas.office, today=D(2024, 6, 1)
    )
    return request


def _progress(plan, personas, at, *, code="so-khcn-tt", label="1", narrative, on):
    from phongthu.plans.models import Assignment
    from phongthu.tracking.services import progress_submit

    assignment = Assignment.objects.select_related("task").get(
        task__plan=plan, task__label=label, task__group__label="I", unit__code=code, role="lead"
    )
    progress_submit(
        assignment=assignment,
        by=personas.unit_head,
        status="in_progress",
        narrative=narrative,
        percent=50,
        metrics={},
        files=[],
        expected_version=assignment.version,
        now=on,
    )


@pytest.fixture
def long_plan(personas, unit):
    from phongthu.plans.services import plan_import

    tasks = [_task("1", LONG, ["Thanh tra Sở"], "Thường xuyên"), *TASKS[1:]]
    return plan_import(extraction=extraction(tasks=tasks), owner=unit("so-khcn"), by=None)


def test_a_task_is_written_in_full_in_the_unit_and_compiled_reports(long_plan, personas, unit, at):
    assert len(LONG) > 160
    request = _open(long_plan, personas)
    _progress(long_plan, personas, at, narrative="Đã rà soát 9 văn bản", on=at(2024, 5, 6))
    prefill = unit_prefill(request, unit("so-khcn-tt"), TODAY)
    assert f"- 1. {LONG}: Đã rà soát 9 văn bản (Đang thực hiện, 50%)." in prefill["results"]
    assert f"- 1. {LONG}." in prefill["next_steps"]
    report = compiled.compiled_report_create(request=request, by=personas.office, today=TODAY)
    assert f"- 1. {LONG}: Đã rà soát 9 văn bản (Thanh tra Sở)." in report.results
    for text in (*prefill.values(), report.results, report.difficulties, report.next_steps):
        assert "…" not in str(text)


def test_a_notice_is_shortened_between_words_never_inside_one():
    from phongthu.reporting.content import shorten

    assert shorten("đề xuất sửa đổi quy chế nội bộ", 100) == "đề xuất sửa đổi quy chế nội bộ"
    assert shorten("đề xuất sửa đổi quy chế nội bộ", 27) == "đề xuất sửa đổi quy chế…"
    assert shorten("kiểm tra, đôn đốc", 12) == "kiểm tra…"
    assert len(shorten("x" * 50, 10)) == 10


@pytest.fixture
def plan_with_other_tasks(personas, unit):
    from phongthu.plans.services import plan_import

    other = {**_task("", "Khắc phục tồn tại qua kiểm tra", ["Thanh tra Sở"], "Quý II/2024")}
    other["group"] = None
    tasks = [other, *TASKS]
    return plan_import(extraction=extraction(tasks=tasks), owner=unit("so-khcn"), by=None)


def test_the_plans_groups_come_first_with_their_numbers_and_other_tasks_after(
    plan_with_other_tasks, personas
):
    request = _open(plan_with_other_tasks, personas)
    lines = task_lines(request, TODAY)
    assert [line.group_label for line in lines] == ["I", "I", "II", ""]
    report = compiled.compiled_report_create(request=request, by=personas.office, today=TODAY)
    headings = [line for line in report.results.splitlines() if line[:1].isdigit()]
    assert [h.split(" Tổng số")[0] for h in headings] == [
        "1. Hoàn thiện văn bản",
        "2. Tuyên truyền, tập huấn",
        "3. Các nhiệm vụ khác",
        "4. Việc báo cáo của các phòng, đơn vị",
    ]


def test_section_three_names_each_task_once_however_the_units_wrote_it(plan, personas, unit, at):
    """Units send the lines their form was pre-filled with (an older form clipped them);
    the general list names those tasks already, with their lead unit."""
    request = _open(plan, personas)
    prefill = unit_prefill(request, unit("so-khcn-tt"), TODAY)
    assert "Rà soát các văn bản" in prefill["next_steps"]
    assert "Xây dựng kế hoạch ứng phó sự cố bức xạ" in prefill["difficulties"]
    services.unit_report_save(
        request=request,
        unit=unit("so-khcn-tt"),
        by=personas.unit_head,
        results="Đã rà soát 9 văn bản.",
        difficulties=prefill["difficulties"] + "\n- Thiếu cán bộ chuyên trách.",
        next_steps=prefill["next_steps"]
        + "\n- 1. Rà soát các văn bản quy phạm pháp lu…."
        + "\n- Theo dõi việc khắc phục kiến nghị của 02 cơ sở X-quang.",
        proposals="",
        figures={},
        expected_version=None,
        submit=True,
        now=at(2024, 6, 18),
    )
    report = compiled.compiled_report_create(request=request, by=personas.office, today=TODAY)
    assert report.next_steps.count("Rà soát các văn bản quy phạm") == 1
    assert "chủ trì: Thanh tra Sở" in report.next_steps
    assert "- Thanh tra Sở: Theo dõi việc khắc phục kiến nghị" in report.next_steps
    assert report.difficulties.count("Xây dựng kế hoạch ứng phó sự cố bức xạ") == 1
    assert "- Thanh tra Sở: Thiếu cán bộ chuyên trách." in report.difficulties


def test_a_task_added_after_the_cut_off_is_not_counted_in_the_period(plan, personas, unit):
    """The plan was imported when issued; a corrective task made much later (from an
    inspection finding) belongs to the periods from then on, not to Quý II/2024."""
    from django.utils import timezone

    from phongthu.plans.models import Plan, Task
    from phongthu.plans.task_add import task_add

    issued = datetime.datetime(2024, 2, 21, 9, 0, tzinfo=timezone.get_current_timezone())
    Plan.objects.filter(pk=plan.pk).update(created_at=issued)
    Task.objects.filter(plan=plan).update(created_at=issued)
    corrective = "Khắc phục kiến nghị của đoàn kiểm tra về hồ sơ an toàn bức xạ"
    task_add(plan=plan, content=corrective, lead=unit("so-khcn-tt"), due=D(2026, 12, 31), by=None)
    earlier = "Bổ sung quy chế phối hợp"
    added = task_add(
        plan=plan, content=earlier, lead=unit("so-khcn-tt"), due=D(2024, 9, 1), by=None
    )
    Task.objects.filter(pk=added.pk).update(
        created_at=datetime.datetime(2024, 4, 1, 9, 0, tzinfo=timezone.get_current_timezone())
    )

    request = _open(plan, personas)
    contents = [line.content for line in task_lines(request, TODAY)]
    assert corrective not in contents
    assert earlier in contents  # added within the period: it counts
    prefill = unit_prefill(request, unit("so-khcn-tt"), TODAY)
    report = compiled.compiled_report_create(request=request, by=personas.office, today=TODAY)
    for text in (prefill["next_steps"], prefill["difficulties"], report.next_steps):
        assert "Khắc phục kiến nghị" not in text
    assert "3. Các nhiệm vụ khác\nTổng số 1 nhiệm vụ:" in report.results  # the earlier one
    # the next period (15/06 – 14/09/2024) does not count it either; Quý IV/2026 does
    later = _open(plan, personas, "2026-Q4")
    assert corrective in [line.content for line in task_lines(later, D(2026, 12, 1))]
