"""A unit's report: pre-filled from its progress, edited, with files checked by content,
submitted, returned with a reason and sent again; the grid of units × periods."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from phongthu.followup.models import Notification
from phongthu.reporting import queries, services
from phongthu.reporting.content import unit_prefill
from phongthu.reporting.facts import Timeliness
from phongthu.reporting.models import UnitReport, UnitReportFile, UnitReportStatus
from phongthu.reporting.periods import parse_period
from phongthu.tracking.sample import sample_pdf

pytestmark = pytest.mark.django_db
D = datetime.date


def save(request, unit, by, *, submit, at, version=None, files=(), results="Kết quả kỳ này"):
    return services.unit_report_save(
        request=request,
        unit=unit,
        by=by,
        results=results,
        difficulties="Thiếu cán bộ chuyên trách",
        next_steps="Tiếp tục rà soát văn bản",
        proposals="Đề nghị bố trí kinh phí tập huấn",
        figures={"documents_reviewed": 9},
        files=files,
        expected_version=version,
        submit=submit,
        now=at,
    )


def test_a_units_report_is_pre_filled_from_its_progress_in_the_period(q2, progress, unit):
    prefill = unit_prefill(q2, unit("so-khcn-tt"), D(2024, 6, 16))
    assert prefill["results"] == (
        "- 1. Rà soát các văn bản quy phạm pháp luật về phòng thủ dân sự: Đã rà soát 9 văn "
        "bản quy phạm pháp luật mới (Đang thực hiện, 60%)."
    )
    assert prefill["figures"] == {"documents_reviewed": 9}
    # its supporting task, overdue at the cut-off, is named among the difficulties
    assert "quá hạn 30/04/2024" in prefill["difficulties"]
    office = unit_prefill(q2, unit("so-khcn-vp"), D(2024, 6, 16))
    assert office["figures"] == {"sessions": 2, "participants": 95}
    assert "(Đã hoàn thành, 100%)" in office["results"]


def test_draft_then_submit_then_returned_then_sent_again(q2, unit, personas, at):
    tt = unit("so-khcn-tt")
    draft = save(q2, tt, personas.unit_head, submit=False, at=at(2024, 6, 17))
    assert draft.status == UnitReportStatus.DRAFT
    assert draft.first_submitted_at is None
    assert queries.state_of(q2, draft, D(2024, 6, 19)) == Timeliness.PENDING

    sent = save(q2, tt, personas.unit_head, submit=True, at=at(2024, 6, 19), version=2)
    assert sent.status == UnitReportStatus.SUBMITTED
    assert queries.state_of(q2, sent, D(2024, 7, 1)) == Timeliness.ON_TIME
    # the Office hears of it
    assert Notification.objects.filter(
        user=personas.office, text__contains="Thanh tra Sở đã gửi báo cáo"
    ).exists()
    # submitted: the unit can no longer change it
    with pytest.raises(services.ReportingError):
        save(q2, tt, personas.unit_head, submit=True, at=at(2024, 6, 19), version=3)

    with pytest.raises(services.ReportingError):
        services.unit_report_return(report=sent, by=personas.office, reason="  ")
    returned = services.unit_report_return(
        report=sent, by=personas.office, reason="Bổ sung số liệu văn bản đã rà soát."
    )
    assert returned.status == UnitReportStatus.RETURNED
    assert Notification.objects.filter(
        user=personas.unit_head, text__contains="Bổ sung số liệu"
    ).exists()

    again = save(q2, tt, personas.unit_head, submit=True, at=at(2024, 6, 25), version=4)
    # sent again after the deadline, it keeps the timeliness of its first submission
    assert again.first_submitted_at == at(2024, 6, 19)
    assert queries.state_of(q2, again, D(2024, 7, 1)) == Timeliness.ON_TIME
    accepted = services.unit_report_accept(report=again, by=personas.office)
    assert accepted.status == UnitReportStatus.ACCEPTED


def test_staff_prepare_the_units_report_and_its_head_submits_it(q2, unit, personas, at):
    from phongthu.org.models import Role
    from tests.factories import member

    inspector = member(unit("so-khcn-tt"), Role.UNIT_STAFF)
    draft = save(q2, unit("so-khcn-tt"), inspector, submit=False, at=at(2024, 6, 1))
    assert draft.status == UnitReportStatus.DRAFT
    assert not queries.may_submit(inspector, unit("so-khcn-tt"))
    with pytest.raises(PermissionDenied):  # Thanh tra Sở has a head: the head submits
        save(
            q2, unit("so-khcn-tt"), inspector, submit=True, at=at(2024, 6, 2), version=draft.version
        )
    sent = save(
        q2,
        unit("so-khcn-tt"),
        personas.unit_head,
        submit=True,
        at=at(2024, 6, 3),
        version=draft.version,
    )
    assert sent.status == UnitReportStatus.SUBMITTED
    # Phòng QLCN&TTCN has no head account: its staff submit its report themselves
    assert queries.may_submit(personas.other_staff, unit("so-khcn-qlcn"))
    own = save(q2, unit("so-khcn-qlcn"), personas.other_staff, submit=True, at=at(2024, 6, 4))
    assert own.status == UnitReportStatus.SUBMITTED
    # the staff of one unit prepare nothing of another's
    with pytest.raises(PermissionDenied):
        save(q2, unit("so-khcn-tt"), personas.other_staff, submit=False, at=at(2024, 6, 5))


def test_who_may_submit_and_for_which_unit(q2, unit, personas, at):
    with pytest.raises(PermissionDenied):  # a head for another unit
        save(q2, unit("so-khcn-qlcn"), personas.unit_head, submit=True, at=at(2024, 6, 1))
    with pytest.raises(services.ReportingError):  # a unit the plan gives no task to
        save(q2, unit("so-khcn-vp"), personas.office, submit=True, at=at(2024, 6, 1), results="")
    with pytest.raises(PermissionDenied):
        services.unit_report_accept(
            report=save(q2, unit("so-khcn-tt"), personas.unit_head, submit=True, at=at(2024, 6, 1)),
            by=personas.unit_head,
        )


def test_a_stale_form_conflicts_and_writes_nothing(q2, unit, personas, at):
    tt = unit("so-khcn-tt")
    save(q2, tt, personas.unit_head, submit=False, at=at(2024, 6, 1))
    save(q2, tt, personas.unit_head, submit=False, at=at(2024, 6, 2), version=2)
    with pytest.raises(services.Conflict):
        save(q2, tt, personas.unit_head, submit=True, at=at(2024, 6, 3), version=2)
    assert UnitReport.objects.get().status == UnitReportStatus.DRAFT


def test_attachments_are_checked_by_content(q2, unit, personas, at):
    tt = unit("so-khcn-tt")
    renamed = SimpleUploadedFile("bao-cao.pdf", b"khong phai PDF", content_type="application/pdf")
    with pytest.raises(services.ReportingError, match="Không nhận loại tệp này"):
        save(q2, tt, personas.unit_head, submit=False, at=at(2024, 6, 1), files=[renamed])
    assert not UnitReport.objects.exists()  # nothing written
    pdf = SimpleUploadedFile("Bao-cao-quy-II.pdf", sample_pdf("Bao cao"), "application/pdf")
    report = save(q2, tt, personas.unit_head, submit=False, at=at(2024, 6, 1), files=[pdf])
    stored = UnitReportFile.objects.get(report=report)
    assert stored.filename == "Bao-cao-quy-II.pdf"
    assert stored.file.name.startswith(f"reports/{stored.sha256[:2]}/")


def test_the_office_gives_one_unit_more_time(q2, unit, personas, at):
    qlcn = unit("so-khcn-qlcn")
    with pytest.raises(services.ReportingError):
        services.unit_report_extend(
            request=q2,
            unit=qlcn,
            by=personas.office,
            due=D(2024, 6, 30),
            reason="",
            today=D(2024, 6, 21),
        )
    report = services.unit_report_extend(
        request=q2,
        unit=qlcn,
        by=personas.office,
        due=D(2024, 6, 30),
        reason="Phòng đề nghị gia hạn do cán bộ đi công tác",
        today=D(2024, 6, 21),
    )
    assert report.due == D(2024, 6, 30)
    assert queries.state_of(q2, report, D(2024, 6, 25)) == Timeliness.PENDING
    assert queries.state_of(q2, None, D(2024, 6, 25)) == Timeliness.MISSING  # the others


def test_the_grid_shows_units_by_period_with_rates(
    plan, q2, unit, personas, at, django_assert_max_num_queries
):
    q3, _ = services.request_open_periodic(
        plan=plan, period=parse_period("2024-Q3"), by=personas.office, today=D(2024, 9, 1)
    )
    save(q2, unit("so-khcn-tt"), personas.unit_head, submit=True, at=at(2024, 6, 18))
    save(q2, unit("so-khcn-vp"), personas.office, submit=True, at=at(2024, 6, 24))
    save(q3, unit("so-khcn-tt"), personas.unit_head, submit=True, at=at(2024, 9, 2))

    with django_assert_max_num_queries(3):
        grid = queries.completeness_grid(plan, D(2024, 7, 1))
    states = {row.unit.code: [c.state.value for c in row.cells] for row in grid.rows}
    assert grid.headings == ["Quý II/2024", "Quý III/2024"]
    assert states == {
        "so-khcn-qlcn": ["missing", "pending"],
        "so-khcn-tt": ["on_time", "on_time"],
        "so-khcn-vp": ["late", "pending"],
    }
    rates = {row.unit.code: (row.rates.completeness, row.rates.punctuality) for row in grid.rows}
    assert rates == {
        "so-khcn-qlcn": (0.0, 0.0),
        "so-khcn-tt": (100.0, 100.0),
        "so-khcn-vp": (100.0, 0.0),
    }
    assert (grid.rates.completeness, grid.rates.punctuality) == (75.0, 50.0)
