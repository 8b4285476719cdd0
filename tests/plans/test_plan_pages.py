"""Plan pages: who may open and do what, query counts, and free text in the sub-plan form."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phongthu.plans.models import Plan, Task
from phongthu.text import clean
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


def _status(client, user, method: str, url: str, data: dict | None = None) -> int:
    client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


# --- The permission matrix: every page and action × every persona ------------------------------

LIST = {
    "office": 200,
    "unit_head": 200,
    "other_staff": 200,
    "director": 200,
    "other_department": 200,  # their own body's plans
    "clerk": 200,
    "higher_body": 200,
    "admin": 403,
}
DETAIL = {**LIST, "other_department": 403}
# Writing a detailed plan: a unit head or the Office (for the Văn phòng itself).
SUBPLAN_NEW = {p: 403 for p in PERSONAS} | {"office": 200, "unit_head": 200}
# Adding a task to Thanh tra Sở's detailed plan: its head only.
SUBPLAN_TASK = {p: 403 for p in PERSONAS} | {"unit_head": 200}
# Next year's plan: the Office only.
ROLLOVER = {p: 403 for p in PERSONAS} | {"office": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_list(client, personas, sample_plan, persona):
    user = getattr(personas, persona)
    assert _status(client, user, "get", reverse("plans:list")) == LIST[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_page(client, personas, sample_plan, persona):
    user = getattr(personas, persona)
    url = reverse("plans:detail", args=[sample_plan.pk])
    assert _status(client, user, "get", url) == DETAIL[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_subplan_page(client, personas, make_plan, persona):
    plan = make_plan(tasks=[{"content": "Việc", "lead": ["Thanh tra Sở"]}])
    user = getattr(personas, persona)
    url = reverse("plans:subplan-new", args=[plan.pk])
    assert _status(client, user, "get", url) == SUBPLAN_NEW[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_subplan_write(client, personas, make_plan, persona):
    plan = make_plan(tasks=[{"content": "Việc", "lead": ["Thanh tra Sở"]}])
    task = plan.tasks.get()
    user = getattr(personas, persona)
    unit = {"office": "so-khcn-vp", "unit_head": "so-khcn-tt"}.get(persona)
    data = {
        "unit": plan.owner.children.get(code=unit).pk if unit else plan.owner.pk,
        "title": "Kế hoạch chi tiết",
        f"content_{task.pk}": "Việc chi tiết của đơn vị",
        f"timeframe_{task.pk}": "Quý II",
    }
    status = _status(client, user, "post", reverse("plans:subplan-new", args=[plan.pk]), data)
    allowed = SUBPLAN_NEW[persona] == 200
    assert status == (302 if allowed else 403)
    assert plan.subplans.exists() is allowed
    if allowed:
        sub = plan.subplans.get()
        assert sub.owner.code == unit
        assert sub.tasks.get().parent_task == task


@pytest.mark.parametrize("persona", PERSONAS)
def test_subplan_task_add(client, personas, sample_plan, persona):
    sub = sample_plan.subplans.get(owner__code="so-khcn-tt")
    parent_task = sample_plan.tasks.order_by("position").last()
    user = getattr(personas, persona)
    url = reverse("plans:subplan-task-new", args=[sub.pk])
    assert _status(client, user, "get", url) == SUBPLAN_TASK[persona]
    data = {"parent_task": parent_task.pk, "content": "Góp ý dự thảo báo cáo", "timeframe": ""}
    before = sub.tasks.count()
    status = _status(client, user, "post", url, data)
    allowed = SUBPLAN_TASK[persona] == 200
    assert status == (302 if allowed else 403)
    assert sub.tasks.count() == before + allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_rollover_button(client, personas, sample_plan, persona):
    user = getattr(personas, persona)
    url = reverse("plans:rollover", args=[sample_plan.pk])
    assert _status(client, user, "post", url) == ROLLOVER[persona]
    assert sample_plan.next_plans.exists() is (ROLLOVER[persona] == 302)


def test_pages_need_login(client, sample_plan):
    for url in (
        reverse("plans:list"),
        reverse("plans:detail", args=[sample_plan.pk]),
        reverse("plans:subplan-new", args=[sample_plan.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
    response = client.post(reverse("plans:rollover", args=[sample_plan.pk]))
    assert response.status_code == 302 and not sample_plan.next_plans.exists()


def test_an_unknown_plan_is_a_404(client, personas, sample_org):
    client.force_login(personas.office)
    assert client.get(reverse("plans:detail", args=[999999])).status_code == 404


# --- What the pages show ------------------------------------------------------------------------


def test_the_plan_page_reads_like_the_document(client, personas, sample_plan):
    client.force_login(personas.other_staff)  # a unit's staff sees the plan of their body
    html = client.get(reverse("plans:detail", args=[sample_plan.pk])).content.decode()
    assert_vietnamese(html)
    for text in (
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Số: 15/KH-KHCN",
        "Bắc Giang, ngày 12/03/2025",
        "Thực hiện công tác phòng thủ dân sự năm 2025",
        "Kế hoạch số 36/KH-BCH",  # a citation
        "Hoàn thiện văn bản, kế hoạch và tổ chức phòng thủ dân sự của Sở",  # a group
        "Thường xuyên",
        "Hạn 30/06/2025",
        "Từ 01/04/2025 đến 30/06/2025",
        "Định kỳ, hằng năm",
        "Các phòng, đơn vị thuộc Sở",
        "Đơn vị theo dõi, đôn đốc: Văn phòng Sở",
        "Báo cáo với: Giám đốc Sở",
        "Lương Quốc Bảo",
        "Kế hoạch chi tiết của Thanh tra Sở",  # the cascade down
        "6 nhiệm vụ chưa có kế hoạch chi tiết",  # coverage
    ):
        assert text in html, text
    # Staff neither write a sub-plan nor roll over; the provincial plan is not theirs to open.
    assert reverse("plans:rollover", args=[sample_plan.pk]) not in html
    assert reverse("plans:subplan-new", args=[sample_plan.pk]) not in html
    above = sample_plan.implements.get()
    assert reverse("plans:detail", args=[above.pk]) not in html


def test_the_province_wide_reader_follows_the_cascade_up(client, personas, sample_plan):
    client.force_login(personas.higher_body)
    html = client.get(reverse("plans:detail", args=[sample_plan.pk])).content.decode()
    above = sample_plan.implements.get()
    assert f'href="{reverse("plans:detail", args=[above.pk])}"' in html


def test_the_office_sees_its_actions(client, personas, sample_plan):
    client.force_login(personas.office)
    html = client.get(reverse("plans:detail", args=[sample_plan.pk])).content.decode()
    assert "Tạo kế hoạch năm sau" in html
    assert "Xây dựng kế hoạch chi tiết của đơn vị" in html


def test_a_subplan_page_names_the_parent_task_of_each_task(client, personas, sample_plan):
    sub = sample_plan.subplans.get()
    client.force_login(personas.unit_head)
    html = client.get(reverse("plans:detail", args=[sub.pk])).content.decode()
    assert_vietnamese(html)
    assert "Thực hiện nhiệm vụ I.1 của Kế hoạch 15/KH-KHCN" in html
    assert "Thêm nhiệm vụ" in html


def test_a_unit_with_its_subplan_is_sent_to_it(client, personas, sample_plan):
    client.force_login(personas.unit_head)  # Thanh tra Sở has written its detailed plan
    response = client.get(reverse("plans:subplan-new", args=[sample_plan.pk]))
    assert response.status_code == 302
    html = client.get(reverse("plans:detail", args=[sample_plan.pk])).content.decode()
    assert "Kế hoạch chi tiết của Thanh tra Sở" in html


def test_the_subplan_form_marks_the_units_own_tasks(client, personas, sample_plan):
    client.force_login(personas.office)
    html = client.get(reverse("plans:subplan-new", args=[sample_plan.pk])).content.decode()
    assert_vietnamese(html)
    assert "đơn vị chủ trì" in html and "đơn vị phối hợp" in html
    assert "Kế hoạch chi tiết của Văn phòng Sở thực hiện Kế hoạch số 15/KH-KHCN" in html


def test_the_subplan_form_refuses_an_empty_plan(client, personas, sample_plan):
    client.force_login(personas.office)
    url = reverse("plans:subplan-new", args=[sample_plan.pk])
    unit = sample_plan.owner.children.get(code="so-khcn-vp")
    response = client.post(url, {"unit": unit.pk, "title": "Kế hoạch chi tiết"})
    assert response.status_code == 200
    assert "Hãy ghi ít nhất một nhiệm vụ của đơn vị." in response.content.decode()
    assert sample_plan.subplans.count() == 1


def test_the_subplan_form_refuses_a_timeframe_it_cannot_read(client, personas, sample_plan):
    client.force_login(personas.office)
    task = sample_plan.tasks.first()
    unit = sample_plan.owner.children.get(code="so-khcn-vp")
    response = client.post(
        reverse("plans:subplan-new", args=[sample_plan.pk]),
        {
            "unit": unit.pk,
            "title": "Kế hoạch chi tiết",
            f"content_{task.pk}": "Việc",
            f"timeframe_{task.pk}": "Trước ngày 31/2/2025",
        },
    )
    assert "Không đọc được thời gian thực hiện" in response.content.decode()
    assert sample_plan.subplans.count() == 1


def test_a_unit_cannot_write_for_another_unit(client, personas, sample_plan):
    client.force_login(personas.office)
    task = sample_plan.tasks.first()
    other = sample_plan.owner.children.get(code="so-khcn-qlcn")
    response = client.post(
        reverse("plans:subplan-new", args=[sample_plan.pk]),
        {"unit": other.pk, "title": "KH", f"content_{task.pk}": "Việc"},
    )
    assert response.status_code == 200  # the choice is refused by the form
    assert not Plan.objects.filter(owner=other).exists()


def test_rollover_is_a_post_and_a_second_click_returns_the_draft(client, personas, sample_plan):
    client.force_login(personas.office)
    url = reverse("plans:rollover", args=[sample_plan.pk])
    assert client.get(url).status_code == 405
    first = client.post(url)
    draft = sample_plan.next_plans.get()
    assert first["Location"] == reverse("plans:detail", args=[draft.pk])
    second = client.post(url, follow=True)
    assert second.redirect_chain[-1][0] == reverse("plans:detail", args=[draft.pk])
    assert "Dự thảo kế hoạch năm sau đã có" in second.content.decode()
    assert sample_plan.next_plans.count() == 1
    html = second.content.decode()
    assert_vietnamese(html)
    assert "Thực hiện công tác phòng thủ dân sự năm 2026" in html
    assert "Số: …/KH-KHCN" in html


def test_the_list_filters_by_year_and_status(client, personas, sample_plan, make_plan):
    make_plan(tasks=[{"content": "Việc"}], reference="07/KH-KHCN")  # a plan for 2024
    client.force_login(personas.office)
    html = client.get(reverse("plans:list")).content.decode()
    assert_vietnamese(html)
    assert "15/KH-KHCN" in html and "07/KH-KHCN" in html
    html = client.get(reverse("plans:list") + "?year=2024").content.decode()
    assert "15/KH-KHCN" not in html and "07/KH-KHCN" in html
    html = client.get(reverse("plans:list") + "?status=draft").content.decode()
    assert "15/KH-KHCN" not in html and "07/KH-KHCN" not in html
    # A filter the form does not know is ignored, not an error.
    assert client.get(reverse("plans:list") + "?year=abc&status=x").status_code == 200


def test_the_list_of_another_body_hides_ours(client, personas, sample_plan):
    client.force_login(personas.other_department)
    assert "15/KH-KHCN" not in client.get(reverse("plans:list")).content.decode()


def test_home_panels_show_plans_and_the_units_tasks(client, personas, sample_plan):
    client.force_login(personas.office)
    html = client.get(reverse("home")).content.decode()
    assert "Kế hoạch đang theo dõi" in html
    assert reverse("plans:detail", args=[sample_plan.pk]) in html
    client.force_login(personas.other_staff)  # Phòng QLCN&TTCN
    html = client.get(reverse("home")).content.decode()
    assert_vietnamese(html)
    assert "30/06/2025" in html  # its task I.2 (Quý II/2025)
    assert "Xây dựng Kế hoạch ứng phó sự cố bức xạ" in html


# --- Query counts ---------------------------------------------------------------------------------


def _big_plan(make_plan):
    return make_plan(
        reference="21/KH-KHCN",
        tasks=[
            {
                "content": f"Việc số {i}",
                "lead": ["Thanh tra Sở"],
                "support": ["Các phòng, đơn vị thuộc Sở"],
                "group": group,
                "timeframe": "Quý II/2024",
            }
            for i, group in enumerate(["I", "II", "III", "IV"] * 10)
        ],
    )


def test_the_list_page_query_count_is_bounded(
    client, personas, sample_plan, make_plan, django_assert_max_num_queries
):
    for n in range(5):
        make_plan(reference=f"3{n}/KH-KHCN", tasks=[{"content": "Việc"}])
    client.force_login(personas.office)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("plans:list"))
    assert response.status_code == 200


def test_the_plan_page_query_count_does_not_grow_with_the_plan(
    client, personas, sample_plan, make_plan, django_assert_max_num_queries
):
    big = _big_plan(make_plan)
    client.force_login(personas.office)
    with django_assert_max_num_queries(30) as small_queries:
        client.get(reverse("plans:detail", args=[sample_plan.pk]))
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        response = client.get(reverse("plans:detail", args=[big.pk]))
    assert response.content.decode().count('id="task-') == 40


def test_the_home_page_query_count_is_bounded(
    client, personas, sample_plan, django_assert_max_num_queries
):
    client.force_login(personas.unit_head)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("home")).status_code == 200


# --- Free text in the sub-plan form ---------------------------------------------------------

free_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=free_text,
    content=free_text,
    timeframe=st.one_of(
        st.sampled_from(["", "Thường xuyên", "Quý II/2025", "Trước ngày 30/6/2025", "Hằng năm"]),
        free_text,
    ),
)
def test_any_text_is_saved_as_written_or_refused_without_a_trace(
    client, personas, sample_plan, title, content, timeframe
):
    client.force_login(personas.office)
    task = sample_plan.tasks.order_by("position").first()
    unit = sample_plan.owner.children.get(code="so-khcn-vp")
    url = reverse("plans:subplan-new", args=[sample_plan.pk])
    with transaction.atomic():
        before = (Plan.objects.count(), Task.objects.count())
        response = client.post(
            url,
            {
                "unit": unit.pk,
                "title": title,
                f"content_{task.pk}": content,
                f"timeframe_{task.pk}": timeframe,
            },
        )
        if response.status_code == 302:
            sub = Plan.objects.get(parent=sample_plan, owner=unit)
            saved = sub.tasks.get()
            assert sub.document.title == clean(title)
            assert saved.content == clean(content)
            assert saved.timeframe_text == clean(timeframe)
            assert saved.parent_task == task
        else:
            assert response.status_code == 200
            assert (Plan.objects.count(), Task.objects.count()) == before
            # The page says why; the person's own text may be quoted in the message.
            assert 'class="errorlist' in response.content.decode()
        transaction.set_rollback(True)


# --- Linking an (imported) sub-plan task to the parent task it carries out ---------------------

LINK = {p: 403 for p in PERSONAS} | {"unit_head": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_linking_a_subplan_task(client, personas, sample_plan, persona):
    sub = sample_plan.subplans.get(owner__code="so-khcn-tt")
    task = sub.tasks.order_by("position").first()
    target = sample_plan.tasks.order_by("position").last()
    url = reverse("plans:subplan-task-link", args=[task.pk])
    status = _status(client, getattr(personas, persona), "post", url, {"parent_task": target.pk})
    assert status == LINK[persona]
    task.refresh_from_db()
    assert (task.parent_task == target) is (LINK[persona] == 302)


def test_an_imported_subplan_task_shows_it_is_not_linked_yet(client, personas, sample_plan):
    sub = sample_plan.subplans.get(owner__code="so-khcn-tt")
    task = sub.tasks.order_by("position").first()
    client.force_login(personas.unit_head)
    url = reverse("plans:subplan-task-link", args=[task.pk])
    response = client.post(url, {"parent_task": ""}, follow=True)
    html = response.content.decode()
    assert_vietnamese(html)
    assert "Chưa gắn với nhiệm vụ nào của kế hoạch cấp trên." in html
    task.refresh_from_db()
    assert task.parent_task is None
    # The parent task it carried out is no longer covered.
    client.force_login(personas.office)
    html = client.get(reverse("plans:detail", args=[sample_plan.pk])).content.decode()
    assert "7 nhiệm vụ chưa có kế hoạch chi tiết" in html


def test_a_task_of_another_plan_is_refused(client, personas, sample_plan, make_plan):
    other = make_plan(tasks=[{"content": "Việc khác"}], reference="41/KH-KHCN")
    sub = sample_plan.subplans.get(owner__code="so-khcn-tt")
    task = sub.tasks.order_by("position").first()
    before = task.parent_task_id
    client.force_login(personas.unit_head)
    url = reverse("plans:subplan-task-link", args=[task.pk])
    html = client.post(url, {"parent_task": other.tasks.get().pk}, follow=True).content.decode()
    assert "Nhiệm vụ được chọn không thuộc kế hoạch cấp trên" in html
    task.refresh_from_db()
    assert task.parent_task_id == before
    # A task of a plan that is no sub-plan has nothing to link.
    top = sample_plan.tasks.first()
    assert client.post(reverse("plans:subplan-task-link", args=[top.pk])).status_code == 404
