"""The tracking pages: the role × action matrix, query bounds, conflicts, drill-down."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from phongthu.org.models import OrgUnit, UnitKind
from phongthu.plans.models import Assignment, Task
from phongthu.tracking.counts import dashboard_counts_rebuild
from phongthu.tracking.evidence import evidence_check
from phongthu.tracking.models import AuditEntry, Evidence, ProgressUpdate
from phongthu.tracking.services import progress_submit
from tests.factories import OrgUnitFactory
from tests.tracking import files
from tests.web.test_pages import assert_vietnamese

pytestmark = pytest.mark.django_db

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
def reported(assignment_of, personas):
    """Thanh tra Sở's ongoing task 1, reported once with a PDF."""
    assignment = assignment_of("1", "so-khcn-tt")
    update = progress_submit(
        assignment=assignment,
        by=personas.unit_head,
        status="in_progress",
        narrative="Đã rà soát 4 văn bản",
        percent=30,
        metrics={"documents_reviewed": 4},
        files=[evidence_check(name="Danh mục.pdf", file=files.pdf())],
        expected_version=1,
    )
    return assignment, update.evidence.get()


def _progress(version: int, **extra):
    return {"status": "in_progress", "narrative": "Tiếp tục rà soát", "version": version, **extra}


def _edit(version: int):
    return {
        "state": "in_progress",
        "percent": "50",
        "completed_on": "",
        "due": "31/12/2024",
        "reason": "Gia hạn",
        "version": version,
    }


# persona -> expected status code, per page or action (the role × action matrix)
MATRIX = {
    #                  office unit_h other  direct other_d clerk higher admin
    "tasks": (200, 200, 200, 200, 200, 403, 200, 403),
    "assignment": (200, 200, 403, 200, 403, 403, 200, 403),
    "report": (403, 302, 403, 403, 403, 403, 403, 403),
    "edit": (302, 403, 403, 403, 403, 403, 403, 403),
    "evidence": (200, 200, 403, 200, 403, 403, 200, 403),
    "dashboard": (200, 403, 403, 200, 200, 403, 200, 403),
    "api": (200, 403, 403, 200, 200, 403, 200, 403),
}


def _call(client: Client, page: str, assignment, evidence):
    if page == "tasks":
        return client.get(reverse("tracking:tasks"))
    if page == "assignment":
        return client.get(reverse("tracking:assignment", args=[assignment.pk]))
    if page == "report":
        return client.post(
            reverse("tracking:assignment", args=[assignment.pk]), _progress(assignment.version)
        )
    if page == "edit":
        return client.post(
            reverse("tracking:assignment-edit", args=[assignment.pk]), _edit(assignment.version)
        )
    if page == "evidence":
        return client.get(reverse("tracking:evidence", args=[evidence.pk]))
    if page == "dashboard":
        return client.get(reverse("tracking:dashboard"))
    return client.get(reverse("tracking:api-dashboard"))


@pytest.mark.parametrize("page", list(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(client, personas, reported, persona, page):
    assignment, evidence = reported
    assignment.refresh_from_db()
    client.force_login(getattr(personas, persona))
    response = _call(client, page, assignment, evidence)
    assert response.status_code == MATRIX[page][PERSONAS.index(persona)]
    if response.status_code == 403:
        # a refused write leaves no trace
        assert AuditEntry.objects.filter(action__in=["assignment.edit"]).count() == 0 or (
            page != "edit"
        )
        assignment.refresh_from_db()
        assert assignment.version == 2


@pytest.mark.parametrize("page", list(MATRIX))
def test_pages_need_login(client, reported, page):
    assignment, evidence = reported
    response = _call(client, page, assignment, evidence)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["office", "unit_head", "director", "higher_body"])
def test_pages_are_vietnamese(client, personas, reported, persona):
    assignment, _evidence = reported
    client.force_login(getattr(personas, persona))
    for url in (
        reverse("tracking:tasks"),
        reverse("tracking:assignment", args=[assignment.pk]),
        reverse("tracking:dashboard"),
    ):
        response = client.get(url)
        if response.status_code == 200:
            assert_vietnamese(response.content.decode())


def test_unit_sees_only_its_own_tasks(client, personas, plan):
    client.force_login(personas.unit_head)
    html = client.get(reverse("tracking:tasks")).content.decode()
    assert "Nhiệm vụ của đơn vị" in html
    assert "Rà soát các văn bản" in html  # task 1, Thanh tra leads
    assert "Xây dựng kế hoạch ứng phó" in html  # task 2, Thanh tra supports
    assert "Tổ chức tập huấn" not in html  # task 3 is the Office's alone


def test_a_unit_head_reports_with_evidence_through_the_page(client, personas, assignment_of):
    assignment = assignment_of("1", "so-khcn-tt")
    client.force_login(personas.unit_head)
    page = client.get(reverse("tracking:assignment", args=[assignment.pk])).content.decode()
    # the task reviews documents: the form asks for that figure, and no others
    assert "Số văn bản đã rà soát" in page and "Số lượt người tham gia" not in page
    response = client.post(
        reverse("tracking:assignment", args=[assignment.pk]),
        {
            **_progress(1),
            "metric_documents_reviewed": "7",
            "attachments": [
                SimpleUploadedFile("Biên bản.pdf", files.pdf()),
                SimpleUploadedFile("anh.jpg", files.jpeg()),
            ],
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(assignment=assignment)
    assert update.metrics == {"documents_reviewed": 7}
    assert sorted(update.evidence.values_list("filename", flat=True)) == ["Biên bản.pdf", "anh.jpg"]
    html = client.get(response["Location"]).content.decode()
    assert "Đã ghi nhận báo cáo tiến độ" in html
    assert "Biên bản.pdf" in html
    assert "Đã báo cáo kỳ này" in html


def test_a_bad_file_is_refused_and_nothing_is_written(client, personas, assignment_of):
    assignment = assignment_of("1", "so-khcn-tt")
    client.force_login(personas.unit_head)
    response = client.post(
        reverse("tracking:assignment", args=[assignment.pk]),
        {
            **_progress(1, narrative="Nội dung giữ lại"),
            "attachments": [
                SimpleUploadedFile("bao-cao.pdf", files.EXE),
                SimpleUploadedFile("so-lieu.xlsx", files.xlsx()),
            ],
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Không nhận loại tệp này" in html
    assert "Nội dung giữ lại" in html  # the text stays
    assert "so-lieu.xlsx" in html  # the good file is kept for the next try
    assert not ProgressUpdate.objects.exists()
    assert not AuditEntry.objects.exists()
    # sending again without choosing the file again attaches the kept one
    kept = re.findall(r'name="kept" value="([^"]+)"', html)
    assert len(kept) == 1
    again = client.post(
        reverse("tracking:assignment", args=[assignment.pk]),
        {**_progress(1, narrative="Nội dung giữ lại"), "kept": kept},
    )
    assert again.status_code == 302
    assert Evidence.objects.get().filename == "so-lieu.xlsx"


def test_a_conflict_shows_both_versions_and_loses_nothing(personas, assignment_of):
    assignment = assignment_of("2", "so-khcn-tt")
    url = reverse("tracking:assignment", args=[assignment.pk])
    head = Client()
    head.force_login(personas.unit_head)
    other = Client()
    other.force_login(personas.unit_head)  # the same unit, from another desk
    # both open the page at version 1; the other sends first
    assert 'name="version" value="1"' in head.get(url).content.decode()
    assert other.post(url, _progress(1, narrative="Bản của người thứ hai")).status_code == 302
    # then the head sends from version 1, with a file
    response = head.post(
        url,
        {
            **_progress(1, narrative="Bản của trưởng phòng\nhai dòng", status="done"),
            "attachments": [SimpleUploadedFile("bien-ban.docx", files.docx_bytes())],
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nhiệm vụ vừa được người khác cập nhật" in html
    assert "phiên bản 1" in html and "phiên bản 2" in html
    assert "Bản của người thứ hai" in html  # their version
    assert "Bản của trưởng phòng\nhai dòng</textarea>" in html  # ours, still in the form
    assert 'name="version" value="2"' in html  # now based on what is saved
    assert "bien-ban.docx" in html  # the file is kept
    assert ProgressUpdate.objects.count() == 1  # nothing of ours was written
    # sending again (a choice made after seeing both) goes through, file included
    kept = re.findall(r'name="kept" value="([^"]+)"', html)
    again = head.post(
        url, {**_progress(2, narrative="Bản của trưởng phòng", status="done"), "kept": kept}
    )
    assert again.status_code == 302
    latest = ProgressUpdate.objects.order_by("-id").first()
    assert latest.narrative == "Bản của trưởng phòng"
    assert latest.evidence.get().filename == "bien-ban.docx"


def test_office_edit_conflict_shows_both_versions(client, personas, assignment_of):
    assignment = assignment_of("2", "so-khcn-qlcn")
    progress_submit(
        assignment=assignment,
        by=personas.other_staff,
        status="in_progress",
        narrative="Đang trình phê duyệt",
        percent=80,
        metrics={},
        files=[],
        expected_version=1,
    )
    client.force_login(personas.office)
    response = client.post(reverse("tracking:assignment-edit", args=[assignment.pk]), _edit(1))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Đang trình phê duyệt" in html
    assert "Gia hạn" in html
    assert not AuditEntry.objects.filter(action="assignment.edit").exists()
    ok = client.post(reverse("tracking:assignment-edit", args=[assignment.pk]), _edit(2))
    assert ok.status_code == 302
    assignment.refresh_from_db()
    assert assignment.due == datetime.date(2024, 12, 31)


def test_the_audit_trail_is_shown_per_task(client, personas, reported):
    assignment, _evidence = reported
    client.force_login(personas.office)
    html = client.get(reverse("tracking:assignment", args=[assignment.pk])).content.decode()
    assert "Lịch sử thay đổi" in html
    assert "Phạm Văn Đức" in html
    assert "Chưa thực hiện → Đang thực hiện" in html
    assert "đính kèm minh chứng" in html


def test_evidence_download(client, personas, reported):
    _assignment, evidence = reported
    client.force_login(personas.director)
    response = client.get(reverse("tracking:evidence", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == files.pdf()


def test_dashboard_figures_and_drill_down(client, personas, reported):
    client.force_login(personas.office)
    html = client.get(reverse("tracking:dashboard")).content.decode()
    assert "Tổng hợp tình hình thực hiện" in html
    assert 'data-unit="so-khcn-tt"' in html
    assert 'id="total-assigned">5<' in html
    # drill down: the list of one unit's tasks in one status
    tt = OrgUnit.objects.get(code="so-khcn-tt")
    listing = client.get(
        reverse("tracking:tasks"), {"unit": tt.pk, "reported": "reported"}
    ).content.decode()
    assert "Rà soát các văn bản" in listing
    assert "Xây dựng kế hoạch ứng phó" not in listing


def test_api_dashboard(client, personas, reported):
    client.force_login(personas.higher_body)
    data = client.get(reverse("tracking:api-dashboard")).json()
    assert set(data) == {"today", "period", "filters", "totals", "units", "upcoming"}
    assert data["totals"]["assigned"] == 5
    assert data["totals"]["reported_this_period"] == 1
    # the province's command sees bodies, each opening to its units
    assert [(u["name"], u["group"]) for u in data["units"]] == [("Sở Khoa học và Công nghệ", True)]
    body = OrgUnit.objects.get(code="so-khcn")
    data = client.get(reverse("tracking:api-dashboard"), {"unit": body.pk}).json()
    assert {u["name"] for u in data["units"]} >= {"Thanh tra Sở", "Văn phòng Sở"}
    assert sum(u["assigned"] for u in data["units"]) == 5
    # filters that reach outside one's scope are ignored, not obeyed
    client.force_login(personas.other_department)
    foreign = OrgUnit.objects.get(code="so-khcn-tt")
    data = client.get(reverse("tracking:api-dashboard"), {"unit": foreign.pk}).json()
    assert data["filters"]["unit"] is None and data["totals"]["assigned"] == 0


def _grow(plan, *, units: int, tasks: int) -> None:
    """More units and tasks, to show the query count does not grow with them."""
    body = OrgUnit.objects.get(code="so-khcn")
    made = [OrgUnitFactory(parent=body, kind=UnitKind.DIVISION) for _ in range(units)]
    created = Task.objects.bulk_create(
        Task(
            plan=plan,
            content=f"Nhiệm vụ bổ sung {i}",
            kind="deadline",
            position=50 + i,
            due=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
        )
        for i in range(tasks)
    )
    Assignment.objects.bulk_create(
        Assignment(task=task, unit=made[i % len(made)], role="lead", due=task.due)
        for i, task in enumerate(created)
    )


@pytest.mark.parametrize(
    ("persona", "url_name", "bound"),
    [
        ("office", "tracking:dashboard", 13),
        ("higher_body", "tracking:dashboard", 13),
        ("director", "tracking:api-dashboard", 11),
        ("office", "tracking:tasks", 12),
        ("unit_head", "tracking:tasks", 12),
    ],
)
@pytest.mark.parametrize("kept", [False, True], ids=["counting", "kept-counts"])
def test_query_count_is_bounded(
    client, personas, plan, reported, django_assert_max_num_queries, persona, url_name, bound, kept
):
    if kept:  # the dashboard reads the counts kept for today (tracking.counts)
        dashboard_counts_rebuild()
    client.force_login(getattr(personas, persona))
    with django_assert_max_num_queries(bound):
        assert client.get(reverse(url_name)).status_code == 200
    _grow(plan, units=15, tasks=120)
    with django_assert_max_num_queries(bound):
        assert client.get(reverse(url_name)).status_code == 200


def test_assignment_page_query_count_is_bounded(
    client, personas, assignment_of, django_assert_max_num_queries
):
    assignment = assignment_of("1", "so-khcn-tt")
    for i in range(6):
        progress_submit(
            assignment=assignment,
            by=personas.unit_head,
            status="in_progress",
            narrative=f"Báo cáo {i}",
            percent=None,
            metrics={},
            files=[evidence_check(name=f"{i}.png", file=files.png())],
            expected_version=assignment.version,
            now=datetime.datetime(2024 + i, 1, 5, tzinfo=datetime.UTC),
        )
    client.force_login(personas.office)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("tracking:assignment", args=[assignment.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("/theo-doi/minh-chung/") == 6


def test_home_panels_show_the_overview_and_overdue_work(client, personas, reported):
    client.force_login(personas.director)
    html = client.get(reverse("home")).content.decode()
    assert "Xem tổng hợp tình hình thực hiện" in html
    assert "Tổng số 5 lượt giao nhiệm vụ" in html
    assert_vietnamese(html)
    client.force_login(personas.office)
    html = client.get(reverse("home")).content.decode()
    # task 3 (the Office's own, Q1/2024) and task 2 (due 30/6/2024) are long overdue
    assert "Tổ chức tập huấn" in html
    assert "Toàn bộ nhiệm vụ quá hạn" in html
    assert_vietnamese(html)


@pytest.mark.parametrize(
    ("persona", "entries"),
    [
        ("unit_head", {"Nhiệm vụ"}),
        ("office", {"Nhiệm vụ", "Tổng hợp"}),
        ("director", {"Nhiệm vụ", "Tổng hợp"}),
        ("higher_body", {"Nhiệm vụ", "Tổng hợp"}),
        ("clerk", set()),
        ("admin", set()),
    ],
)
def test_menu_entries(rf, personas, persona, entries):
    from phongthu.web.navigation import menu_for

    request = rf.get("/")
    request.user = getattr(personas, persona)
    labels = {str(e["label"]) for e in menu_for(request)}
    assert labels & {"Nhiệm vụ", "Tổng hợp"} == entries


@pytest.mark.parametrize("persona", ["office", "higher_body"])
def test_every_figure_of_the_dashboard_opens_a_list_of_as_many_tasks(
    client, personas, plan, reported, unit, persona
):
    """Every number in the table links to the tasks it counts: the list holds exactly that
    many, for units, for groups (a body seen from the province) and for a body's own work
    beside its units."""
    body = unit("so-khcn")
    Assignment.objects.create(task=plan.tasks.first(), unit=body, role="support", due=None)
    client.force_login(getattr(personas, persona))
    pages = [client.get(reverse("tracking:dashboard"))]
    for line in pages[0].context["table"]:
        if line["open"]:  # a group: its own dashboard, one level down
            pages.append(client.get(reverse("tracking:dashboard") + line["open"]))
    checked = 0
    for page in pages:
        for line in page.context["table"]:
            figures = line["row"].as_json()
            figures["reported"] = figures.pop("reported_this_period")
            for key, url in line["links"].items():
                listing = client.get(url)
                assert listing.status_code == 200
                assert listing.context["page"].paginator.count == figures[key], (key, url)
                checked += 1
    assert checked >= 7 * 3
