"""The compiled report (Báo cáo): pre-filled, edited, approved, numbered in the register,
sent b/c with the dispatch recorded and its PDF e-mailed; rendered in the official format
and read back by the ingest pipeline."""

from __future__ import annotations

import datetime
import io
import shutil

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document as open_docx

from phongthu.documents.render.docx import render_docx
from phongthu.ingest.pipeline import extract
from phongthu.reporting import compiled, services
from phongthu.reporting.content import task_lines
from phongthu.reporting.models import CompiledStatus, ReportDispatch
from phongthu.reporting.render import compiled_document, compiled_render
from tests.conftest import require

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2024, 6, 25)


@pytest.fixture
def submitted(q2, progress, unit, personas, at):
    """Thanh tra Sở submits on time, the Office (as a unit) late; QLCN does not."""
    for code, person, day in (
        ("so-khcn-tt", personas.unit_head, at(2024, 6, 18)),
        ("so-khcn-vp", personas.office, at(2024, 6, 24)),
    ):
        services.unit_report_save(
            request=q2,
            unit=unit(code),
            by=person,
            results="Đã triển khai các nhiệm vụ được giao trong kỳ.",
            difficulties="Thiếu cán bộ chuyên trách về phòng thủ dân sự.",
            next_steps="Hoàn thiện danh mục văn bản cần sửa đổi.",
            proposals="Đề nghị bố trí kinh phí tập huấn năm 2025.",
            figures={},
            expected_version=None,
            submit=True,
            now=day,
        )
    return q2


@pytest.fixture
def report(submitted, personas):
    return compiled.compiled_report_create(request=submitted, by=personas.office, today=TODAY)


def test_the_report_is_pre_filled_from_the_data(report):
    document = report.document
    assert (document.type, document.type_code, document.reference) == ("Báo cáo", "BC", "/BC-KHCN")
    assert document.title == "Kết quả thực hiện công tác phòng thủ dân sự Quý II/2024"
    assert document.recipients[:2] == [
        {"name": "Bộ CHQS tỉnh", "purpose": "b/c"},
        {"name": "Ban Chỉ huy PTDS tỉnh", "purpose": "b/c"},
    ]
    assert document.archive == ["VT", "VP"]
    assert "Kế hoạch số 21/KH-KHCN ngày 20/02/2024" in report.opening
    assert "từ ngày 15/03/2024 đến ngày 14/06/2024" in report.opening
    # results by task group, with figures
    assert "1. Hoàn thiện văn bản" in report.results
    assert "Kết quả cụ thể: rà soát 9 văn bản." in report.results
    assert "2. Tuyên truyền, tập huấn" in report.results
    assert "tổ chức 2 buổi, cuộc với 95 lượt người tham gia" in report.results
    assert "Có 2/3 phòng, đơn vị gửi báo cáo (1 đúng hạn, 1 muộn)" in report.results
    # shortcomings: the overdue task, the late and missing units, the units' own words
    assert "Xây dựng kế hoạch ứng phó sự cố bức xạ" in report.difficulties
    assert "Thanh tra Sở: Thiếu cán bộ chuyên trách" in report.difficulties
    assert "Văn phòng Sở: Hoàn thiện danh mục" in report.next_steps
    assert "Đề nghị bố trí kinh phí tập huấn năm 2025" in report.proposals
    # one per request
    assert compiled.compiled_report_create(request=report.request, by=report.created_by).pk == (
        report.pk
    )


def test_the_task_table_gives_each_tasks_lead_status_and_result(submitted):
    lines = task_lines(submitted, TODAY)
    assert [(line.group_label, line.label) for line in lines] == [
        ("I", "1"),
        ("I", "2"),
        ("II", "1"),
    ]
    first, second, third = lines
    assert first.leads == ["Thanh tra Sở"]
    assert first.status_text == "Chưa hoàn thành trong hạn"
    assert first.result == "Đã rà soát 9 văn bản quy phạm pháp luật mới"
    assert second.status_text == "Chưa hoàn thành quá hạn"
    assert third.status_text == "Hoàn thành đúng hạn"


def _approved(report, personas):
    saved = compiled.compiled_report_save(
        report=report,
        by=personas.office,
        title=report.document.title,
        opening=report.opening,
        results=report.results + "\nVăn phòng bổ sung: đã tổng hợp đầy đủ.",
        difficulties=report.difficulties,
        next_steps=report.next_steps,
        proposals=report.proposals,
        expected_version=report.version,
    )
    compiled.compiled_report_submit(report=saved, by=personas.office)
    return compiled.compiled_report_approve(report=saved, by=personas.director)


def test_edited_approved_numbered_and_sent(report, personas, unit):
    with pytest.raises(PermissionDenied):
        compiled.compiled_report_approve(report=report, by=personas.office)
    approved = _approved(report, personas)
    assert approved.status == CompiledStatus.APPROVED
    assert approved.document.signer_name == "Trần Minh Khoa"
    assert approved.document.signer_position == "Giám đốc"
    # approved, it is frozen
    with pytest.raises(services.ReportingError):
        compiled.compiled_report_save(
            report=approved,
            by=personas.office,
            title="Khác",
            opening="",
            results="x",
            difficulties="",
            next_steps="",
            proposals="",
            expected_version=approved.version,
        )
    with pytest.raises(PermissionDenied):  # the clerk numbers, not the Office
        compiled.compiled_report_issue(report=approved, by=personas.office, today=TODAY)

    issued = compiled.compiled_report_issue(report=approved, by=personas.clerk, today=TODAY)
    document = issued.document
    assert issued.status == CompiledStatus.ISSUED
    assert (document.number, document.reference, document.date) == ("01", "01/BC-KHCN", TODAY)
    dispatches = {d.name: d for d in ReportDispatch.objects.filter(report=issued)}
    assert set(dispatches) == {"Bộ CHQS tỉnh", "Ban Chỉ huy PTDS tỉnh"}
    # resolved to units through the organisation's aliases
    assert dispatches["Bộ CHQS tỉnh"].unit == unit("bo-chqs")
    assert dispatches["Ban Chỉ huy PTDS tỉnh"].unit == unit("bch-ptds")
    assert dispatches["Bộ CHQS tỉnh"].emails == ["chqs@phongthu.invalid"]
    assert dispatches["Ban Chỉ huy PTDS tỉnh"].emails == []


def test_the_issued_report_is_e_mailed_with_its_pdf(
    report, personas, smtp_server, jobs_run_at_once, django_capture_on_commit_callbacks
):
    require(shutil.which("soffice") is not None, "LibreOffice (soffice) is not installed")
    approved = _approved(report, personas)
    with django_capture_on_commit_callbacks(execute=True):
        compiled.compiled_report_issue(report=approved, by=personas.clerk, today=TODAY)
    [message] = smtp_server.to("chqs@phongthu.invalid")
    assert message["Subject"].startswith("Báo cáo số 01/BC-KHCN ngày 25/06/2024: Kết quả")
    body = message.get_body(("plain",)).get_content()
    assert "Kính gửi: Bộ CHQS tỉnh" in body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "bao-cao-01-bc-khcn-2024-q2.pdf"
    assert attachment.get_content().startswith(b"%PDF")
    sent = ReportDispatch.objects.get(name="Bộ CHQS tỉnh")
    assert sent.email_sent_at is not None and sent.email_error == ""


def test_a_dead_smtp_server_is_recorded_on_the_dispatch(
    report, personas, settings, jobs_run_at_once, django_capture_on_commit_callbacks
):
    from tests.followup.conftest import free_port, smtp_settings

    settings.MAILERS = smtp_settings(free_port())
    approved = _approved(report, personas)
    with django_capture_on_commit_callbacks(execute=True):
        compiled.compiled_report_issue(report=approved, by=personas.clerk, today=TODAY)
    failed = ReportDispatch.objects.get(name="Bộ CHQS tỉnh")
    assert failed.email_sent_at is None
    assert failed.email_attempts == 1
    assert "ConnectionRefusedError" in failed.email_error


def _texts(data: bytes) -> list[str]:
    document = open_docx(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    return texts


def test_the_docx_is_in_the_official_format_with_its_appendix(report, personas):
    issued = compiled.compiled_report_issue(
        report=_approved(report, personas), by=personas.clerk, today=TODAY
    )
    rendered = compiled_render(issued, task_lines(issued.request, TODAY), "docx")
    assert rendered.filename == "bao-cao-01-bc-khcn-2024-q2.docx"
    texts = _texts(rendered.data)
    joined = "\n".join(texts)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 01/BC-KHCN",
        "Bắc Giang, ngày 25 tháng 6 năm 2024",
        "BÁO CÁO",
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Văn phòng bổ sung: đã tổng hợp đầy đủ.",
        "- Bộ CHQS tỉnh (b/c);",
        "GIÁM ĐỐC",
        "Trần Minh Khoa",
        "PHỤ LỤC",
        "(Kèm theo Báo cáo số 01/BC-KHCN ngày 25/06/2024)",
        "Chưa hoàn thành quá hạn",
        "Đã rà soát 9 văn bản quy phạm pháp luật mới",
    ):
        assert expected in joined, expected
    assert any(t.endswith("./.") for t in texts)


def test_a_generated_report_reads_back_through_the_pipeline(report, personas):
    issued = compiled.compiled_report_issue(
        report=_approved(report, personas), by=personas.clerk, today=TODAY
    )
    data = render_docx(compiled_document(issued, task_lines(issued.request, TODAY)))
    read = extract(data, "bao-cao.docx").to_json()["document"]
    assert read["type"] == "Báo cáo"
    assert read["reference"] == "01/BC-KHCN"
    assert read["date"]["iso"] == "2024-06-25"
    assert read["title"] == "Kết quả thực hiện công tác phòng thủ dân sự Quý II/2024"
    assert read["issuer"].casefold() == "sở khoa học và công nghệ"
