"""The reporting pages: the role × action matrix over every page, query bounds on the
grid and the lists, the forms through the pages, and everything in Vietnamese."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from phongthu.reporting import compiled, services
from phongthu.reporting.models import CompiledStatus, ReportRequest, UnitReport
from phongthu.tracking.sample import sample_pdf
from tests.web.test_pages import assert_vietnamese

pytestmark = pytest.mark.django_db

# A deadline still ahead whatever day the tests run: a period is not opened with a past one.
_AHEAD = (datetime.date.today() + datetime.timedelta(days=60)).strftime("%d/%m/%Y")

PERSONAS = [
    "office",
    "unit_head",
    "other_staff",
    "director",
    "other_department",
    "clerk",
    "higher_body",
    "admin",
]


@pytest.fixture
def world(plan, q2, progress, unit, personas, at):
    """Q2/2024 opened, Thanh tra Sở submitted with a file, the report compiled, approved,
    numbered and sent (so the higher body has received it)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = services.unit_report_save(
        request=q2,
        unit=unit("so-khcn-tt"),
        by=personas.unit_head,
        results="Đã rà soát 9 văn bản",
        difficulties="",
        next_steps="",
        proposals="",
        figures={},
        files=[SimpleUploadedFile("Danh-muc.pdf", sample_pdf("Danh muc"), "application/pdf")],
        expected_version=None,
        submit=True,
        now=at(2024, 6, 18),
    )
    made = compiled.compiled_report_create(request=q2, by=personas.office)
    compiled.compiled_report_submit(report=made, by=personas.office)
    compiled.compiled_report_approve(report=made, by=personas.director)
    compiled.compiled_report_issue(report=made, by=personas.clerk)
    return {
        "plan": plan,
        "request": q2,
        "unit": unit("so-khcn-tt"),
        "report": report,
        "file": report.files.get(),
        "compiled": made,
    }


def _pages(w) -> dict[str, tuple[str, str, dict]]:
    plan, req, unit, comp = w["plan"], w["request"], w["unit"], w["compiled"]
    return {
        "index": ("get", reverse("reporting:index"), {}),
        "mine": ("get", reverse("reporting:mine"), {}),
        "plan": ("get", reverse("reporting:plan", args=[plan.pk]), {}),
        "grid-xlsx": ("get", reverse("reporting:grid-xlsx", args=[plan.pk]), {}),
        "deadline": (
            "post",
            reverse("reporting:plan-deadline", args=[plan.pk]),
            {"deadline_days": 7},
        ),
        "open": (
            "post",
            reverse("reporting:open", args=[plan.pk]),
            {"period": "2024-Q3", "deadline": _AHEAD},
        ),
        "ad-hoc": ("get", reverse("reporting:ad-hoc", args=[plan.pk]), {}),
        "request": ("get", reverse("reporting:request", args=[req.pk]), {}),
        "tasks-xlsx": ("get", reverse("reporting:tasks-xlsx", args=[req.pk]), {}),
        "unit-report": ("get", reverse("reporting:unit-report", args=[req.pk, unit.pk]), {}),
        "attachment": ("get", reverse("reporting:attachment", args=[w["file"].pk]), {}),
        "accept": ("post", reverse("reporting:unit-report-accept", args=[req.pk, unit.pk]), {}),
        "compiled": ("get", reverse("reporting:compiled", args=[comp.pk]), {}),
        "compiled-docx": ("get", reverse("reporting:compiled-docx", args=[comp.pk]), {}),
    }


# persona -> expected status, per page (the role × action matrix)
MATRIX = {
    #                office unit_h other  direct other_d clerk higher admin
    "index": (200, 403, 403, 200, 200, 200, 200, 403),
    "mine": (200, 200, 200, 403, 200, 403, 403, 403),
    "plan": (200, 403, 403, 200, 403, 200, 403, 403),
    "grid-xlsx": (200, 403, 403, 200, 403, 200, 403, 403),
    "deadline": (302, 403, 403, 403, 403, 403, 403, 403),
    "open": (302, 403, 403, 403, 403, 403, 403, 403),
    "ad-hoc": (200, 403, 403, 403, 403, 403, 403, 403),
    # unit staff see the request made of their own unit (its column only)
    "request": (200, 200, 200, 200, 403, 200, 403, 403),
    "tasks-xlsx": (200, 403, 403, 200, 403, 200, 403, 403),
    "unit-report": (200, 200, 403, 200, 403, 200, 403, 403),
    "attachment": (200, 200, 403, 200, 403, 200, 403, 403),
    "accept": (302, 403, 403, 403, 403, 403, 403, 403),
    # the higher body reads the report sent to it, not the body's working pages
    "compiled": (200, 403, 403, 200, 403, 200, 200, 403),
    "compiled-docx": (200, 403, 403, 200, 403, 200, 200, 403),
}


@pytest.mark.parametrize("page", list(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(client, personas, world, persona, page):
    method, url, data = _pages(world)[page]
    client.force_login(getattr(personas, persona))
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == MATRIX[page][PERSONAS.index(persona)]
    if response.status_code == 403:
        # a refused write leaves no trace
        assert ReportRequest.objects.count() == 1
        assert UnitReport.objects.get().status == "submitted"
    elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert_vietnamese(response.content.decode())


@pytest.mark.parametrize("page", ["index", "plan", "request", "compiled"])
def test_pages_need_login(client, world, page):
    _method, url, _data = _pages(world)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_higher_body_sees_only_what_was_sent_to_it(client, personas, world):
    client.force_login(personas.higher_body)
    html = client.get(reverse("reporting:index")).content.decode()
    assert "01/BC-KHCN" in html
    assert reverse("reporting:plan", args=[world["plan"].pk]) not in html
    home = client.get(reverse("home")).content.decode()
    assert "01/BC-KHCN" in home  # the "reports received" panel


def _grow(plan, q2, unit, n_units: int, n_requests: int):
    from phongthu.org.models import UnitKind
    from phongthu.plans.models import Assignment
    from tests.factories import OrgUnitFactory

    body = unit("so-khcn")
    task = plan.tasks.first()
    for _ in range(n_units):
        made = OrgUnitFactory(parent=body, kind=UnitKind.DIVISION)
        Assignment.objects.create(task=task, unit=made, role="support")
    for i in range(n_requests):
        ReportRequest.objects.create(
            plan=plan,
            kind="ad_hoc",
            title=f"Đột xuất {i}",
            question="Nội dung",
            start=q2.start,
            cutoff=q2.cutoff,
            deadline=q2.deadline + datetime.timedelta(days=i),
        )


@pytest.mark.parametrize(
    ("persona", "name", "bound"),
    [
        ("office", "reporting:plan", 14),
        ("office", "reporting:index", 10),
        ("director", "reporting:index", 10),
        ("higher_body", "reporting:index", 10),
        ("unit_head", "reporting:mine", 10),
        ("office", "reporting:request", 14),
        ("office", "tracking:dashboard", 16),
    ],
)
def test_query_count_is_bounded(
    client, personas, world, unit, django_assert_max_num_queries, persona, name, bound
):
    url = (
        reverse(name, args=[world["plan"].pk])
        if name == "reporting:plan"
        else reverse(name, args=[world["request"].pk])
        if name == "reporting:request"
        else reverse(name)
    )
    client.force_login(getattr(personas, persona))
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200
    _grow(world["plan"], world["request"], unit, n_units=12, n_requests=8)
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200


def test_the_dashboard_shows_the_grid(client, personas, world):
    client.force_login(personas.office)
    html = client.get(reverse("tracking:dashboard")).content.decode()
    assert 'id="reporting-panel"' in html
    assert "Quý II/2024" in html
    assert 'data-state="on_time"' in html


def test_the_unit_reports_through_the_page(client, personas, plan, q2, progress, unit):
    qlcn_head = None
    client.force_login(personas.office)
    url = reverse("reporting:unit-report", args=[q2.pk, unit("so-khcn-vp").pk])
    page = client.get(url).content.decode()
    # pre-filled from the Office's own progress in the period
    assert "Đã tổ chức 02 lớp tập huấn" in page
    response = client.post(
        url,
        {
            "results": "Đã tổ chức 02 lớp tập huấn",
            "difficulties": "",
            "next_steps": "",
            "proposals": "",
            "figure_sessions": "2",
            "figure_participants": "abc",
            "version": "",
            "action": "submit",
        },
    )
    assert response.status_code == 400  # a bad figure changes nothing
    assert not UnitReport.objects.exists()
    response = client.post(
        url,
        {
            "results": "Đã tổ chức 02 lớp tập huấn",
            "figure_sessions": "2",
            "figure_participants": "95",
            "version": "",
            "action": "submit",
            "attachments": [io.BytesIO(b"<html>not a pdf</html>")],
        },
    )
    assert response.status_code == 400
    assert "Không nhận loại tệp này" in response.content.decode()
    response = client.post(
        url,
        {
            "results": "Đã tổ chức 02 lớp tập huấn",
            "figure_sessions": "2",
            "figure_participants": "95",
            "version": "",
            "action": "submit",
        },
        follow=True,
    )
    assert "Đã gửi báo cáo đến Văn phòng." in response.content.decode()
    report = UnitReport.objects.get()
    assert (report.status, report.figures) == ("submitted", {"sessions": 2, "participants": 95})
    assert qlcn_head is None


def test_the_office_compiles_edits_and_the_director_approves_through_the_pages(
    client, personas, q2, progress
):
    client.force_login(personas.office)
    response = client.post(reverse("reporting:compile", args=[q2.pk]))
    report = q2.compiled
    assert response["Location"] == reverse("reporting:compiled", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Kết quả cụ thể: rà soát 9 văn bản." in page
    response = client.post(
        reverse("reporting:compiled", args=[report.pk]),
        {
            "title": "Kết quả thực hiện công tác phòng thủ dân sự quý II năm 2024",
            "opening": report.opening,
            "results": "1. Hoàn thiện văn bản\nĐã rà soát 9 văn bản.",
            "difficulties": "",
            "next_steps": "",
            "proposals": "",
            "version": str(report.version),
        },
    )
    assert response.status_code == 302
    stale = client.post(
        reverse("reporting:compiled", args=[report.pk]),
        {"title": "Cũ", "results": "x", "version": str(report.version)},
    )
    assert stale.status_code == 409
    client.post(reverse("reporting:compiled-action", args=[report.pk, "submit"]))
    client.force_login(personas.director)
    assert "Kết quả thực hiện công tác" in client.get(reverse("home")).content.decode()
    client.post(reverse("reporting:compiled-action", args=[report.pk, "approve"]))
    report.refresh_from_db()
    assert report.status == CompiledStatus.APPROVED
    assert report.document.title == "Kết quả thực hiện công tác phòng thủ dân sự quý II năm 2024"


def test_the_xlsx_exports_open_in_a_spreadsheet(client, personas, world):
    client.force_login(personas.office)
    response = client.get(reverse("reporting:grid-xlsx", args=[world["plan"].pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][:2] == ("Đơn vị", "Quý II/2024")
    by_unit = {row[0]: row for row in rows[1:]}
    assert by_unit["Thanh tra Sở"][1] == "Đúng hạn"
    assert by_unit["Thanh tra Sở"][-2:] == (100.0, 100.0)
    assert rows[-1][0] == "Tổng cộng"

    response = client.get(reverse("reporting:tasks-xlsx", args=[world["request"].pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][2] == "Nội dung nhiệm vụ"
    assert rows[1][3] == "Thanh tra Sở"
    assert rows[2][6] == "Chưa hoàn thành quá hạn"
    assert sheet["F5"].number_format == "dd/mm/yyyy"


def test_unit_staff_open_their_units_report_form(client, personas, plan, q2, unit):
    """Phòng QLCN&TTCN's staff prepare its report; with no head there, they send it."""
    from phongthu.org.models import Role
    from tests.factories import member

    url = reverse("reporting:unit-report", args=[q2.pk, unit("so-khcn-qlcn").pk])
    client.force_login(personas.other_staff)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="report-form"' in html and 'value="submit"' in html
    assert_vietnamese(html)
    # with a head in the unit, the staff save the draft and the head submits it
    member(unit("so-khcn-qlcn"), Role.UNIT_HEAD)
    html = client.get(url).content.decode()
    assert 'id="report-form"' in html and 'value="submit"' not in html
    assert 'id="head-submits"' in html
    assert_vietnamese(html)
