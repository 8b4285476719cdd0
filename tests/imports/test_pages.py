"""The "Nhập kế hoạch" pages: who may open them, upload, progress, review, confirmation."""

from __future__ import annotations

import random
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from phongthu.imports.models import ImportStatus, PlanImport
from phongthu.imports.services import plan_import_read
from phongthu.org.models import OrgUnitAlias
from phongthu.plans.models import Plan
from tests.imports.seed_docx import seed_docx
from tests.web.test_pages import assert_vietnamese

pytestmark = pytest.mark.django_db

OTHERS = [
    "unit_head",
    "other_staff",
    "director",
    "other_department",
    "clerk",
    "higher_body",
    "admin",
]


class _Fields(HTMLParser):
    """The fields a browser would submit from the page's own form (the first POST form
    without an action: the menu's log-out form has one)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._form = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post" and "action" not in a:
            self._form += 1
        if self._form != 1:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "checkbox", "file"}:
            self.data[name] = a.get("value") or ""
        elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
            self.data[name] = "on"
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._form == 1:
            self._form += 1

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += (
                data.removeprefix("\n") if not self.data[self._textarea] else data
            )


def fields_of(html: str) -> dict[str, str]:
    parser = _Fields()
    parser.feed(html)
    return parser.data


@pytest.fixture
def ready(read, seed_bytes):
    """The seed, uploaded by the Office clerk and read: waiting for review."""
    return read(seed_bytes, "ke-hoach-2024.txt")


def _upload(client, data: bytes, name: str, **extra):
    return client.post(reverse("imports:upload"), {"file": SimpleUploadedFile(name, data), **extra})


# --- Who may ------------------------------------------------------------------------------


def test_the_office_clerk_opens_the_upload_page_in_vietnamese(client, personas):
    client.force_login(personas.office)
    response = client.get(reverse("imports:upload"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_vietnamese(html)
    assert "Nhập kế hoạch" in html
    assert "Sở Khoa học và Công nghệ" in html
    assert 'type="file"' in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("office", 200), ("other_department", 200)]
    + [(p, 403) for p in OTHERS if p != "other_department"],
)
def test_only_office_roles_may_upload(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("imports:upload")).status_code == status


@pytest.mark.parametrize("persona", OTHERS)
@pytest.mark.parametrize("page", ["imports:detail", "imports:progress"])
def test_nobody_but_the_office_of_the_body_opens_an_import(client, personas, ready, persona, page):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse(page, args=[ready.pk])).status_code == 403


@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_but_the_office_of_the_body_confirms(client, personas, ready, persona):
    client.force_login(personas.office)
    data = fields_of(client.get(reverse("imports:detail", args=[ready.pk])).content.decode())
    client.force_login(getattr(personas, persona))
    response = client.post(
        reverse("imports:detail", args=[ready.pk]), {**data, "action": "confirm"}
    )
    assert response.status_code == 403
    assert not Plan.objects.exists()


def test_pages_need_login(client, ready):
    for url in (reverse("imports:upload"), reverse("imports:detail", args=[ready.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_an_unknown_import_is_a_404(client, personas):
    client.force_login(personas.office)
    assert client.get(reverse("imports:detail", args=[999999])).status_code == 404


# --- Upload and progress -------------------------------------------------------------------


def test_upload_then_progress_until_ready(client, personas, seed_bytes):
    client.force_login(personas.office)

    # when the clerk uploads the plan
    response = _upload(client, seed_bytes, "ke-hoach.txt")
    plan_import = PlanImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[plan_import.pk])
    assert plan_import.created_by == personas.office

    # then the page shows the progress and polls a fragment every second
    page = client.get(response["Location"]).content.decode()
    assert_vietnamese(page)
    progress_url = reverse("imports:progress", args=[plan_import.pk])
    assert f'hx-get="{progress_url}"' in page
    assert 'hx-trigger="every 1s"' in page
    assert "Đang chờ đến lượt xử lý" in page
    fragment = client.get(progress_url)
    assert fragment.status_code == 200
    assert "HX-Redirect" not in fragment
    assert 'hx-trigger="every 1s"' in fragment.content.decode()

    # when the worker has read it, the fragment sends the browser to the review
    plan_import_read(plan_import_id=plan_import.pk)
    fragment = client.get(progress_url)
    assert fragment["HX-Redirect"] == reverse("imports:detail", args=[plan_import.pk])
    assert "every 1s" not in fragment.content.decode()


def test_upload_queues_exactly_one_job(
    client, personas, seed_bytes, django_capture_on_commit_callbacks
):
    client.force_login(personas.office)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, seed_bytes, "ke-hoach.txt")
    assert DBTaskResult.objects.count() == 1


BAD = {
    "empty": (b"", "rong.txt", "rỗng"),
    "random bytes": (random.Random(3).randbytes(5000), "la.bin", "Không nhận ra định dạng"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_upload_gets_a_vietnamese_message_and_changes_nothing(client, personas, case):
    data, name, words = BAD[case]
    client.force_login(personas.office)
    response = _upload(client, data, name)
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html
    assert_vietnamese(html)
    assert not PlanImport.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_broken_word_file_gets_a_message(client, personas, seed_path):
    data = seed_docx(seed_path)
    client.force_login(personas.office)
    response = _upload(client, data[: len(data) // 3], "hong.docx")
    assert response.status_code == 400
    assert "bị hỏng" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_a_file_over_the_limit_gets_a_message(client, personas, settings, seed_bytes):
    settings.MAX_UPLOAD_BYTES = 2048
    client.force_login(personas.office)
    response = _upload(client, seed_bytes, "lon.txt")
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()
    assert not PlanImport.objects.exists()


def test_a_failed_read_says_why(client, personas, read):
    from tests.imports.test_services import _zip

    plan_import = read(_zip({"[Content_Types].xml": b"<Types/>"}), "khong-than.docx")
    client.force_login(personas.office)
    html = client.get(reverse("imports:detail", args=[plan_import.pk])).content.decode()
    assert plan_import.status == ImportStatus.FAILED
    assert plan_import.message in html
    assert "Tải lên tệp khác" in html
    assert "every 1s" not in html
    assert_vietnamese(html)


def test_the_list_of_imports_costs_a_bounded_number_of_queries(
    client, personas, start, django_assert_max_num_queries
):
    for n in range(12):
        start(f"Kế hoạch số {n}\n".encode(), f"ke-hoach-{n}.txt")
    client.force_login(personas.office)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("imports:upload"))
    html = response.content.decode()
    assert html.count("ke-hoach-") == 12
    assert "Lê Thị Hạnh" in html  # family name first


def test_the_other_body_does_not_see_this_body_s_imports(client, personas, ready):
    client.force_login(personas.other_department)
    assert ready.filename not in client.get(reverse("imports:upload")).content.decode()


# --- Review -----------------------------------------------------------------------------------


def test_the_review_shows_the_text_beside_what_was_read(client, personas, ready):
    client.force_login(personas.office)
    response = client.get(reverse("imports:detail", args=[ready.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert_vietnamese(html)
    assert "Rà soát kế hoạch" in html
    assert "Nội dung văn bản" in html and "Tổ chức phổ biến, giáo dục" in html
    data = fields_of(html)
    assert data["doc-reference"] == "/KH-KHCN"
    assert data["doc-month"] == "3" and data["doc-year"] == "2024"
    assert data["doc-signer_authority"] == "KT."
    assert data["task-TOTAL_FORMS"] == "6"  # five tasks and a blank row to add one
    assert data["task-0-lead"] == "Thanh tra Sở"
    assert data["task-3-group_label"] == "II"
    assert data["task-0-timeframe"] == "Thường xuyên"
    assert data["cit-TOTAL_FORMS"] == "6"
    assert "Đơn vị cần xác định" not in html  # every unit of the seed resolves


def test_saving_corrections_keeps_them(client, personas, ready):
    client.force_login(personas.office)
    url = reverse("imports:detail", args=[ready.pk])
    data = fields_of(client.get(url).content.decode())
    data.update({"doc-reference": "15/KH-KHCN", "task-0-timeframe": "Quý II/2024"})
    data["task-4-DELETE"] = "on"
    data.update({"task-5-label": "3", "task-5-group_label": "II", "task-5-content": "Diễn tập"})

    response = client.post(url, {**data, "action": "save"})

    assert response.status_code == 302
    ready.refresh_from_db()
    tasks = ready.extraction["tasks"]
    assert ready.extraction["document"]["reference"] == "15/KH-KHCN"
    assert tasks[0]["timeframe"] == {"text": "Quý II/2024", "edited": True}
    assert [t["content"] for t in tasks][-1] == "Diễn tập"
    assert len(tasks) == 5
    assert "Đã lưu các chỉnh sửa" in client.get(url).content.decode()


def test_a_validation_error_loses_nothing_typed_and_saves_nothing(client, personas, ready):
    client.force_login(personas.office)
    url = reverse("imports:detail", args=[ready.pk])
    data = fields_of(client.get(url).content.decode())
    before = ready.extraction
    data.update({"task-0-content": "", "task-1-content": "Nội dung vừa gõ lại", "doc-day": "31"})
    data["doc-month"] = "2"

    response = client.post(url, {**data, "action": "confirm"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa có gì được lưu" in html
    assert "Hãy nhập nội dung nhiệm vụ" in html
    assert "Ngày này không có thật" in html
    assert "Nội dung vừa gõ lại" in html
    assert_vietnamese(html)
    ready.refresh_from_db()
    assert ready.extraction == before
    assert not Plan.objects.exists()


def test_confirm_creates_the_plan_and_opens_its_page(client, personas, ready):
    client.force_login(personas.office)
    url = reverse("imports:detail", args=[ready.pk])
    data = fields_of(client.get(url).content.decode())

    response = client.post(url, {**data, "action": "confirm"})

    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert (plan.tasks.count(), plan.groups.count()) == (5, 2)
    assert plan.created_by == personas.office
    ready.refresh_from_db()
    assert ready.status == ImportStatus.DONE
    # the import's page now leads to the plan
    assert client.get(url)["Location"] == reverse("plans:detail", args=[plan.pk])


def test_an_unknown_unit_is_mapped_from_a_list(client, personas, ready, unit):
    client.force_login(personas.office)
    url = reverse("imports:detail", args=[ready.pk])
    data = fields_of(client.get(url).content.decode())
    data["task-1-lead"] = "Tổ phản ứng nhanh"

    # the name matches no unit: confirming stops and asks for it
    response = client.post(url, {**data, "action": "confirm"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hãy chọn đơn vị tương ứng với từng tên sau: Tổ phản ứng nhanh" in html
    assert_vietnamese(html)
    assert not Plan.objects.exists()
    data = fields_of(html)
    assert data["map-name_0"] == "Tổ phản ứng nhanh"
    # the choices are the body's units in Vietnamese order, the body first
    options = html.split('name="map-unit_0"')[1].split("</select>")[0]
    assert options.index("Sở Khoa học và Công nghệ") < options.index("Ban Chỉ huy quân sự Sở")
    assert options.index("Phòng Kế hoạch - Tài chính") < options.index("Phòng Quản lý chuyên ngành")
    assert options.index("Phòng Quản lý chuyên ngành") < options.index("Thanh tra Sở")
    assert "Sở Công Thương" not in options

    # when the clerk chooses the unit it means, the plan is made and the name remembered
    data["map-unit_0"] = str(unit("so-khcn-bchqs").pk)
    response = client.post(url, {**data, "action": "confirm"})
    plan = Plan.objects.get()
    assert response.status_code == 302
    lead = plan.tasks.get(position=1).assignments.get(role="lead")
    assert (lead.unit.code, lead.as_printed) == ("so-khcn-bchqs", "Tổ phản ứng nhanh")
    assert OrgUnitAlias.objects.filter(alias="Tổ phản ứng nhanh", unit=lead.unit).exists()


def test_a_unit_of_another_body_cannot_be_chosen(client, personas, ready, unit):
    client.force_login(personas.office)
    url = reverse("imports:detail", args=[ready.pk])
    data = fields_of(client.get(url).content.decode())
    data["task-1-lead"] = "Tổ phản ứng nhanh"
    client.post(url, {**data, "action": "save"})
    data = fields_of(client.get(url).content.decode())
    assert data["map-name_0"] == "Tổ phản ứng nhanh"
    data["map-unit_0"] = str(unit("so-ct-qlcn").pk)
    response = client.post(url, {**data, "action": "confirm"})
    assert response.status_code == 400
    assert not Plan.objects.exists()


def test_the_same_file_again_leads_to_its_plan(client, personas, ready, seed_bytes):
    client.force_login(personas.office)
    url = reverse("imports:detail", args=[ready.pk])
    client.post(url, {**fields_of(client.get(url).content.decode()), "action": "confirm"})
    plan = Plan.objects.get()

    response = _upload(client, seed_bytes, "lan-nua.txt")
    response = client.get(response["Location"])

    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert Plan.objects.count() == 1


# --- A unit's detailed plan ------------------------------------------------------------------


def test_a_unit_head_imports_the_unit_s_detailed_plan(client, personas, ready, unit, read):
    from phongthu.imports.services import plan_import_confirm

    parent = plan_import_confirm(plan_import=ready, by=personas.office)
    client.force_login(personas.unit_head)
    page = client.get(reverse("imports:upload") + f"?parent={parent.pk}")
    assert page.status_code == 200
    assert "Thanh tra Sở" in page.content.decode()

    text = (
        "KẾ HOẠCH\n\nTT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n"
        "1\tRà soát văn bản\tThanh tra Sở\t\tQuý II/2024\n"
    )
    response = _upload(client, text.encode(), "ke-hoach-thanh-tra.txt", parent=str(parent.pk))
    plan_import = PlanImport.objects.exclude(pk=ready.pk).get()
    assert response.status_code == 302
    assert (plan_import.owner, plan_import.parent_plan) == (unit("so-khcn-tt"), parent)
    # the unit head follows it; another unit's staff may not
    assert client.get(reverse("imports:progress", args=[plan_import.pk])).status_code == 200
    client.force_login(personas.other_staff)
    assert client.get(reverse("imports:progress", args=[plan_import.pk])).status_code == 403
    assert client.get(reverse("imports:upload") + f"?parent={parent.pk}").status_code == 403
