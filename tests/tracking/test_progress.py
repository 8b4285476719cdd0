"""progress_submit and assignment_update: one transaction, version-checked, audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from phongthu.tracking.evidence import evidence_check
from phongthu.tracking.models import AuditEntry, Evidence, ProgressUpdate
from phongthu.tracking.services import (
    Conflict,
    ProgressError,
    assignment_update,
    progress_submit,
)
from tests.tracking import files

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def submit(assignment, by, **overrides):
    values = {
        "status": "in_progress",
        "narrative": "Đã triển khai",
        "percent": None,
        "metrics": {},
        "files": [],
        "expected_version": assignment.version,
    }
    values.update(overrides)
    return progress_submit(assignment=assignment, by=by, **values)


def test_a_report_writes_the_update_and_the_assignment_state_together(assignment_of, personas):
    # given the deadline task of Phòng QLCN&TTCN, due 30/6/2024
    assignment = assignment_of("2", "so-khcn-qlcn")
    # when its staff reports it done on 20/6 with a PDF
    pdf = evidence_check(name="Kế hoạch đã phê duyệt.pdf", file=files.pdf())
    update = submit(
        assignment,
        personas.other_staff,
        status="done",
        narrative="Đã xây dựng xong kế hoạch,\ntrình Giám đốc phê duyệt.",
        files=[pdf],
        now=at(datetime.date(2024, 6, 20)),
    )
    # then the update and the current state are both there
    assignment.refresh_from_db()
    assert assignment.state == "done"
    assert assignment.completed_on == datetime.date(2024, 6, 20)
    assert assignment.percent == 100
    assert assignment.version == 2
    assert assignment.last_reported_at == at(datetime.date(2024, 6, 20))
    assert update.narrative == "Đã xây dựng xong kế hoạch,\ntrình Giám đốc phê duyệt."
    assert update.period_key == ""  # a dated task has no reporting period
    evidence = Evidence.objects.get(update=update)
    assert evidence.filename == "Kế hoạch đã phê duyệt.pdf"
    assert evidence.file.name == f"evidence/{pdf.sha256[:2]}/{pdf.sha256}.pdf"
    assert default_storage.open(evidence.file.name).read() == files.pdf()
    # and every write is in the audit trail, with the task for lookup
    actions = set(AuditEntry.objects.filter(task=assignment.task).values_list("action", flat=True))
    assert actions == {"progress.submit", "evidence.add", "assignment.report"}
    change = AuditEntry.objects.get(action="assignment.report")
    assert change.actor == personas.other_staff
    assert change.before["state"] == "not_started" and change.after["state"] == "done"
    assert change.before["version"] == 1 and change.after["version"] == 2


def test_the_same_file_twice_is_stored_once(assignment_of, personas):
    assignment = assignment_of("2", "so-khcn-qlcn")
    for _ in range(2):
        submit(
            assignment,
            personas.other_staff,
            files=[evidence_check(name="a.png", file=files.png())],
        )
    names = set(Evidence.objects.values_list("file", flat=True))
    assert len(names) == 1 and Evidence.objects.count() == 2


def test_done_keeps_its_first_day_and_reopening_clears_it(assignment_of, personas):
    assignment = assignment_of("2", "so-khcn-qlcn")
    submit(assignment, personas.other_staff, status="done", now=at(datetime.date(2024, 6, 1)))
    submit(assignment, personas.other_staff, status="done", now=at(datetime.date(2024, 7, 9)))
    assignment.refresh_from_db()
    assert assignment.completed_on == datetime.date(2024, 6, 1)
    submit(assignment, personas.other_staff, status="in_progress", percent=80)
    assignment.refresh_from_db()
    assert assignment.completed_on is None and assignment.percent == 80


def test_a_stale_version_is_a_conflict_and_writes_nothing(assignment_of, personas):
    assignment = assignment_of("2", "so-khcn-qlcn")
    submit(assignment, personas.other_staff, narrative="Lần thứ nhất")
    before = (ProgressUpdate.objects.count(), AuditEntry.objects.count(), Evidence.objects.count())
    with pytest.raises(Conflict) as caught:
        submit(
            assignment,
            personas.other_staff,
            narrative="Lần thứ hai, từ phiên bản cũ",
            expected_version=1,
            files=[evidence_check(name="a.pdf", file=files.pdf())],
        )
    assert caught.value.expected_version == 1
    assert caught.value.current_version == 2
    assert "phiên bản 1" in str(caught.value) and "phiên bản 2" in str(caught.value)
    after = (ProgressUpdate.objects.count(), AuditEntry.objects.count(), Evidence.objects.count())
    assert before == after


def test_an_ongoing_task_has_one_report_per_period(assignment_of, personas):
    # task 1 is "Thường xuyên"; the test plan has no cadence, so periods are quarters
    assignment = assignment_of("1", "so-khcn-tt")
    first = submit(
        assignment,
        personas.unit_head,
        narrative="Đã rà soát 5 văn bản",
        metrics={"documents_reviewed": 5},
        now=at(datetime.date(2024, 4, 2)),
    )
    assert first.period_key == "2024-Q2"
    # reporting again in the same period amends that report …
    again = submit(
        assignment,
        personas.unit_head,
        narrative="Đã rà soát 8 văn bản",
        metrics={"documents_reviewed": 8},
        files=[evidence_check(name="danh-muc.xlsx", file=files.xlsx())],
        now=at(datetime.date(2024, 6, 14), 23),
    )
    assert again.pk == first.pk
    assert ProgressUpdate.objects.filter(assignment=assignment).count() == 1
    again.refresh_from_db()
    assert again.metrics == {"documents_reviewed": 8}
    assert again.evidence.count() == 1
    # … and the audit trail keeps what it replaced
    amend = AuditEntry.objects.get(action="progress.amend")
    assert amend.before["narrative"] == "Đã rà soát 5 văn bản"
    assert amend.after["narrative"] == "Đã rà soát 8 văn bản"
    # the next period (from the 15th of the quarter's last month) is a new report
    later = submit(assignment, personas.unit_head, now=at(datetime.date(2024, 6, 15)))
    assert later.period_key == "2024-Q3"
    assert ProgressUpdate.objects.filter(assignment=assignment).count() == 2


def test_the_plan_cadence_sets_the_period(plan, assignment_of, personas):
    plan.reporting_cadence = ["periodic", "half_yearly", "yearly"]
    plan.save(update_fields=["reporting_cadence"])
    update = submit(
        assignment_of("1", "so-khcn-tt"), personas.unit_head, now=at(datetime.date(2024, 8, 1))
    )
    assert update.period_key == "2024-H2"


@pytest.mark.parametrize(
    ("persona", "unit_code"),
    [
        ("other_staff", "so-khcn-tt"),  # staff of another unit
        ("office", "so-khcn-tt"),  # the Office follows, but reports only for itself
        ("director", "so-khcn-tt"),
        ("higher_body", "so-khcn-qlcn"),
        ("other_department", "so-khcn-vp"),
        ("clerk", "so-khcn-vp"),
    ],
)
def test_only_the_units_own_people_report(assignment_of, personas, persona, unit_code):
    label = {"so-khcn-tt": "1", "so-khcn-qlcn": "2", "so-khcn-vp": "3"}[unit_code]
    assignment = assignment_of(label, unit_code)
    with pytest.raises(PermissionDenied):
        submit(assignment, getattr(personas, persona))
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"narrative": "   "}, "nêu kết quả"),
        ({"status": "finished"}, "trạng thái hợp lệ"),
        ({"percent": 101}, "từ 0 đến 100"),
        ({"metrics": {"sessions": "nhiều"}}, "số nguyên"),
        ({"narrative": "x" * 20_001}, "quá dài"),
        ({"status": "done", "percent": 30}, "100 phần trăm"),
    ],
)
def test_bad_input_changes_nothing(assignment_of, personas, overrides, says):
    assignment = assignment_of("1", "so-khcn-tt")
    with pytest.raises(ProgressError, match=says):
        submit(assignment, personas.unit_head, **overrides)
    assignment.refresh_from_db()
    assert assignment.version == 1 and assignment.state == "not_started"
    assert not ProgressUpdate.objects.exists() and not AuditEntry.objects.exists()


def test_office_corrects_an_assignment_with_a_reason(assignment_of, personas):
    assignment = assignment_of("2", "so-khcn-qlcn")
    assignment_update(
        assignment=assignment,
        by=personas.office,
        expected_version=1,
        state="in_progress",
        percent=50,
        completed_on=None,
        due=datetime.date(2024, 7, 31),
        reason="Gia hạn theo ý kiến của Giám đốc Sở",
    )
    assignment.refresh_from_db()
    assert assignment.due == datetime.date(2024, 7, 31)
    assert assignment.version == 2
    entry = AuditEntry.objects.get(action="assignment.edit")
    assert entry.before["due"] == "2024-06-30" and entry.after["due"] == "2024-07-31"
    assert entry.after["reason"] == "Gia hạn theo ý kiến của Giám đốc Sở"
    assert entry.actor == personas.office


def test_office_edit_checks_the_version_too(assignment_of, personas):
    assignment = assignment_of("2", "so-khcn-qlcn")
    submit(assignment, personas.other_staff)
    stale = assignment_of("2", "so-khcn-qlcn")
    stale.version = 1
    with pytest.raises(Conflict):
        assignment_update(
            assignment=stale,
            by=personas.office,
            expected_version=1,
            state="done",
            percent=None,
            completed_on=None,
            due=None,
            reason="Đã xong",
        )
    assert not AuditEntry.objects.filter(action="assignment.edit").exists()


@pytest.mark.parametrize("persona", ["unit_head", "other_staff", "director", "higher_body"])
def test_only_the_office_corrects(assignment_of, personas, persona):
    with pytest.raises(PermissionDenied):
        assignment_update(
            assignment=assignment_of("2", "so-khcn-qlcn"),
            by=getattr(personas, persona),
            expected_version=1,
            state="done",
            percent=None,
            completed_on=None,
            due=None,
            reason="Thử",
        )


def test_office_edit_needs_a_reason_and_no_future_completion(assignment_of, personas):
    assignment = assignment_of("2", "so-khcn-qlcn")
    common = {
        "assignment": assignment,
        "by": personas.office,
        "expected_version": 1,
        "percent": None,
        "due": None,
    }
    with pytest.raises(ProgressError, match="lý do"):
        assignment_update(**common, state="done", completed_on=None, reason=" ")
    with pytest.raises(ProgressError, match="sau ngày hôm nay"):
        assignment_update(
            **common,
            state="done",
            completed_on=timezone.localdate() + datetime.timedelta(days=1),
            reason="Thử",
        )
    assignment.refresh_from_db()
    assert assignment.version == 1


@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    narrative=st.text(max_size=300),
    percent=st.none() | st.integers(-5, 105),
    sessions=st.none() | st.integers(-2, 10**8) | st.text(max_size=5),
)
def test_free_form_input_is_recorded_or_refused(
    assignment_of, personas, narrative, percent, sessions
):
    assignment = assignment_of("1", "so-khcn-tt")
    version = assignment.version
    try:
        update = submit(
            assignment,
            personas.unit_head,
            narrative=narrative,
            percent=percent,
            metrics={"sessions": sessions},
        )
    except ProgressError as exc:
        assert str(exc)
        assignment.refresh_from_db()
        assert assignment.version == version  # refused: nothing changed
    else:
        assert update.narrative == update.narrative.strip() and update.narrative
        assert assignment.version == version + 1


def test_done_is_one_hundred_percent(assignment_of, personas):
    """Done with no percentage is kept as 100 %; the Office cannot mark it done at 50 %."""
    assignment = assignment_of("2", "so-khcn-qlcn")
    submit(assignment, personas.other_staff, status="done", percent=None)
    assignment.refresh_from_db()
    assert assignment.percent == 100
    with pytest.raises(ProgressError, match="100 phần trăm"):
        assignment_update(
            assignment=assignment,
            by=personas.office,
            expected_version=assignment.version,
            state="done",
            percent=50,
            completed_on=None,
            due=None,
            reason="Điều chỉnh",
        )
