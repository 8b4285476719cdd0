"""The follow-up pages: the role × action matrix over every page and action, bounded
queries on the list pages, Vietnamese everywhere, and the forms' good and bad input."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from phongthu.followup.models import Finding, Inspection, Notification, Reminder, ReminderAnswer
from phongthu.followup.services import inspection_record, reminder_answer, reminder_send
from phongthu.plans.models import Assignment, Task
from phongthu.plans.task_add import task_add
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
def world(personas, plan, unit, assignment_of):
    """A reminder to Phòng QLCN&TTCN about task 2, and an inspection of that unit."""
    [reminder] = reminder_send(
        by=personas.office,
        plan=plan,
        units=[],
        assignments=[assignment_of("2", "so-khcn-qlcn")],
        message="Đề nghị Phòng hoàn thành phương án ứng phó.",
    )
    inspection = inspection_record(
        by=personas.office,
        plan=plan,
        unit=unit("so-khcn-qlcn"),
        date=datetime.date(2024, 6, 5),
        inspectors=[personas.office],
        findings=["Chưa xây dựng phương án ứng phó sự cố bức xạ."],
        conclusion="Phòng triển khai cơ bản các nhiệm vụ.",
    )
    return {
        "plan": plan,
        "reminder": reminder,
        "inspection": inspection,
        "finding": inspection.findings.get(),
        "notice": Notification.objects.filter(user=personas.other_staff).first(),
        "task": assignment_of("2", "so-khcn-qlcn"),
    }


def _future() -> str:
    return (timezone.localdate() + datetime.timedelta(days=20)).isoformat()


# Each action: how to call it, and the status each persona gets. 302 means it was done.
ACTIONS = {
    "reminder list": (
        lambda w: ("get", reverse("followup:reminders"), None),
        {"office": 200, "unit_head": 200, "other_staff": 200, "other_department": 200},
    ),
    "reminder send page": (
        lambda w: ("get", reverse("followup:reminder-send"), None),
        {"office": 200, "other_department": 200},
    ),
    "reminder send": (
        lambda w: (
            "post",
            reverse("followup:reminder-send"),
            {"plan": w["plan"].pk, "units": [w["task"].unit_id], "message": "Đôn đốc"},
        ),
        # another body's Office does not see this plan at all
        {"office": 302, "other_department": 404},
    ),
    "reminder page": (
        lambda w: ("get", reverse("followup:reminder-detail", args=[w["reminder"].pk]), None),
        {"office": 200, "other_staff": 200},
    ),
    "reminder answer": (
        lambda w: (
            "post",
            reverse("followup:reminder-answer", args=[w["reminder"].pk]),
            {"text": "Phòng đã hoàn thành dự thảo."},
        ),
        {"other_staff": 302},
    ),
    "notifications": (
        lambda w: ("get", reverse("followup:notifications"), None),
        dict.fromkeys(PERSONAS, 200),
    ),
    "notification open": (
        lambda w: ("post", reverse("followup:notification-open", args=[w["notice"].pk]), {}),
        {"other_staff": 302},
    ),
    "notifications read all": (
        lambda w: ("post", reverse("followup:notifications-read-all"), {}),
        dict.fromkeys(PERSONAS, 302),
    ),
    "inspection list": (
        lambda w: ("get", reverse("followup:inspections"), None),
        {
            "office": 200,
            "unit_head": 200,
            "other_staff": 200,
            "director": 200,
            "other_department": 200,
            "higher_body": 200,
        },
    ),
    "inspection record page": (
        lambda w: ("get", reverse("followup:inspection-record"), None),
        {"office": 200, "other_department": 200},
    ),
    "inspection record": (
        lambda w: (
            "post",
            reverse("followup:inspection-record"),
            {
                "plan": w["plan"].pk,
                "unit": w["task"].unit_id,
                "date": "2024-06-20",
                "inspector_names": "Đoàn kiểm tra liên ngành",
                "findings": "Hồ sơ chưa đầy đủ",
                "conclusion": "Đạt yêu cầu",
            },
        ),
        # another body's Office cannot choose this plan or unit: the form refuses it
        {"office": 302, "other_department": 200},
    ),
    "inspection page": (
        lambda w: ("get", reverse("followup:inspection-detail", args=[w["inspection"].pk]), None),
        {"office": 200, "other_staff": 200, "director": 200, "higher_body": 200},
    ),
    "follow-up task": (
        lambda w: (
            "post",
            reverse("followup:finding-follow-up", args=[w["finding"].pk]),
            {
                f"f{w['finding'].pk}-content": "Xây dựng phương án",
                f"f{w['finding'].pk}-due": _future(),
            },
        ),
        {"office": 302},
    ),
}
DENIED = {"notification open": 404}  # someone else's notification is not found


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_role_action_matrix(client, personas, world, persona, action):
    make, allowed = ACTIONS[action]
    method, url, data = make(world)
    client.force_login(getattr(personas, persona))
    counts = _counts()
    response = client.get(url) if method == "get" else client.post(url, data)
    expected = allowed.get(persona, DENIED.get(action, 403))
    assert response.status_code == expected, (persona, action, response.content[:300])
    if expected in (403, 404) or (method == "post" and expected == 200):
        assert _counts() == counts, "a refused action changed nothing"
    if response.status_code in (200, 403):
        assert_vietnamese(response.content.decode())


def _counts() -> tuple[int, ...]:
    return (
        Reminder.objects.count(),
        ReminderAnswer.objects.count(),
        Inspection.objects.count(),
        Finding.objects.filter(follow_up_task__isnull=False).count(),
        Task.objects.count(),
    )


def test_pages_need_login(client, world):
    for url in (
        reverse("followup:reminders"),
        reverse("followup:notifications"),
        reverse("followup:inspections"),
        reverse("followup:reminder-detail", args=[world["reminder"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


# --- Bounded queries on the list pages ------------------------------------------------------


def _many_reminders(personas, plan, unit, n):
    for i in range(n):
        reminder_send(
            by=personas.office,
            plan=plan,
            units=[unit("so-khcn-qlcn"), unit("so-khcn-tt")],
            assignments=list(Assignment.objects.filter(task__plan=plan)[:3]),
            message=f"Đôn đốc lần {i + 1}",
        )


@pytest.mark.parametrize("n", [1, 12])
def test_reminder_list_queries_are_bounded(
    client, personas, plan, unit, n, django_assert_max_num_queries
):
    _many_reminders(personas, plan, unit, n)
    for reminder in Reminder.objects.filter(unit__code="so-khcn-qlcn")[:3]:
        reminder_answer(reminder=reminder, by=personas.other_staff, text="Đã thực hiện.")
    for persona in ("office", "other_staff"):
        client.force_login(getattr(personas, persona))
        with django_assert_max_num_queries(12):
            response = client.get(reverse("followup:reminders"))
        assert response.status_code == 200
        assert "Đôn đốc lần 1" in response.content.decode()


@pytest.mark.parametrize("n", [1, 12])
def test_notification_list_queries_are_bounded(
    client, personas, plan, unit, n, django_assert_max_num_queries
):
    _many_reminders(personas, plan, unit, n)
    client.force_login(personas.other_staff)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("followup:notifications"))
    html = response.content.decode()
    assert html.count('class="card notification unread"') == n
    assert f'aria-label="{n} thông báo chưa đọc"' in html


@pytest.mark.parametrize("n", [1, 12])
def test_inspection_pages_queries_are_bounded(
    client, personas, plan, unit, n, django_assert_max_num_queries
):
    for i in range(n):
        inspection_record(
            by=personas.office,
            plan=plan,
            unit=unit("so-khcn-qlcn" if i % 2 else "so-khcn-tt"),
            date=datetime.date(2024, 6, 1),
            inspectors=[personas.office, personas.unit_head],
            findings=[f"Phát hiện {i}-{k}" for k in range(4)],
            conclusion="Đạt yêu cầu",
        )
    client.force_login(personas.director)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("followup:inspections")).status_code == 200
    client.force_login(personas.office)
    inspection = Inspection.objects.first()
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("followup:inspection-detail", args=[inspection.pk])).status_code
            == 200
        )


@pytest.mark.parametrize("extra", [0, 15])
def test_send_page_and_reminder_page_queries_are_bounded(
    client, personas, plan, unit, extra, django_assert_max_num_queries
):
    for i in range(extra):
        task_add(
            plan=plan,
            content=f"Nhiệm vụ bổ sung {i}",
            lead=unit("so-khcn-qlcn"),
            due=datetime.date(2030, 1, 1),
            by=None,
        )
    _many_reminders(personas, plan, unit, 1)
    client.force_login(personas.office)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("followup:reminder-send")).status_code == 200
    reminder = Reminder.objects.first()
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("followup:reminder-detail", args=[reminder.pk])).status_code == 200
        )


# --- Forms ----------------------------------------------------------------------------------


def test_send_page_preselects_overdue_and_unreported_tasks(
    client, personas, plan, unit, assignment_of
):
    # given a task far in the future and one already done
    later = task_add(
        plan=plan,
        content="Việc năm sau",
        lead=unit("so-khcn-tt"),
        due=datetime.date(2099, 1, 1),
        by=None,
    )
    done = assignment_of("3", "so-khcn-vp")
    Assignment.objects.filter(pk=done.pk).update(
        state="done", completed_on=datetime.date(2024, 3, 1)
    )
    client.force_login(personas.office)

    html = client.get(reverse("followup:reminder-send")).content.decode()

    overdue = assignment_of("2", "so-khcn-qlcn")  # due 30/6/2024: overdue today
    ongoing = assignment_of("1", "so-khcn-tt")  # "Thường xuyên", never reported
    assert f'name="assignments" value="{overdue.pk}" checked' in html
    assert f'name="assignments" value="{ongoing.pk}" checked' in html
    future = later.assignments.get()
    assert f'name="assignments" value="{future.pk}">' in html  # listed, not ticked
    assert f'name="assignments" value="{done.pk}"' not in html  # done work is not offered
    assert "Đề nghị đơn vị khẩn trương thực hiện" in html  # the default message
    assert_vietnamese(html)


def test_send_form_without_a_choice_sends_nothing(client, personas, plan):
    client.force_login(personas.office)
    response = client.post(
        reverse("followup:reminder-send"), {"plan": plan.pk, "message": "Đôn đốc"}
    )
    assert response.status_code == 200
    assert "Chọn ít nhất một đơn vị hoặc một nhiệm vụ cần đôn đốc." in response.content.decode()
    assert not Reminder.objects.exists()


def test_send_form_refuses_a_task_of_another_body(client, personas, plan, unit):
    from phongthu.plans.services import plan_import

    other = plan_import(
        extraction={
            "document": {"type": "Kế hoạch", "title": "Kế hoạch của Sở Công Thương"},
            "tasks": [
                {
                    "label": "1",
                    "content": "Rà soát phương án phòng cháy tại các cụm công nghiệp",
                    "lead": ["Phòng Quản lý công nghiệp"],
                    "timeframe": {"text": "Quý III/2024", "edited": True},
                }
            ],
        },
        owner=unit("so-ct"),
        by=None,
    )
    foreign = Assignment.objects.get(task__plan=other)
    client.force_login(personas.office)
    response = client.post(
        reverse("followup:reminder-send"),
        {"plan": plan.pk, "assignments": [foreign.pk], "message": "Đôn đốc"},
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert not Reminder.objects.exists()


def test_send_then_the_unit_answers_then_the_office_reads_it(client, personas, plan, assignment_of):
    task = assignment_of("2", "so-khcn-qlcn")
    client.force_login(personas.office)
    response = client.post(
        reverse("followup:reminder-send"),
        {"plan": plan.pk, "assignments": [task.pk], "message": "Đề nghị hoàn thành trước 30/6."},
        follow=True,
    )
    assert "Đã gửi đôn đốc đến 1 đơn vị." in response.content.decode()
    reminder = Reminder.objects.get()

    client.force_login(personas.other_staff)
    home = client.get(reverse("followup:notifications")).content.decode()
    assert "Đề nghị hoàn thành trước 30/6." in home
    assert 'aria-label="1 thông báo chưa đọc"' in home
    empty = client.post(reverse("followup:reminder-answer", args=[reminder.pk]), {"text": "  "})
    assert empty.status_code == 400
    assert not ReminderAnswer.objects.exists()
    response = client.post(
        reverse("followup:reminder-answer", args=[reminder.pk]),
        {"text": "Phòng sẽ hoàn thành trước 28/6."},
        follow=True,
    )
    assert "Đã gửi trả lời đến Văn phòng." in response.content.decode()

    client.force_login(personas.office)
    page = client.get(reverse("followup:reminder-detail", args=[reminder.pk])).content.decode()
    assert "Phòng sẽ hoàn thành trước 28/6." in page
    assert "Đỗ Thu Trang" in page
    # each task opens its page, where the unit reports on it
    for assignment in reminder.assignments.all():
        assert f'href="{reverse("tracking:assignment", args=[assignment.pk])}"' in page
    assert not Notification.objects.filter(user=personas.office, read_at__isnull=True).exists()


def test_opening_a_notification_goes_to_its_page_and_reads_it(client, personas, world):
    client.force_login(personas.other_staff)
    notice = world["notice"]
    response = client.post(reverse("followup:notification-open", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"] == notice.link
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_notification_never_redirects_off_site(client, personas, world):
    Notification.objects.filter(pk=world["notice"].pk).update(link="https://ke-gian.example/")
    client.force_login(personas.other_staff)
    response = client.post(reverse("followup:notification-open", args=[world["notice"].pk]))
    assert response["Location"] == reverse("followup:notifications")


def test_record_an_inspection_and_create_its_follow_up_task(client, personas, plan, unit):
    client.force_login(personas.office)
    form = client.get(reverse("followup:inspection-record")).content.decode()
    assert "Lê Thị Hạnh" in form  # people of the body to pick as inspectors
    bad = client.post(
        reverse("followup:inspection-record"),
        {
            "plan": plan.pk,
            "unit": unit("so-khcn-qlcn").pk,
            "date": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
            "inspectors": [personas.office.pk],
            "conclusion": "Đạt",
        },
    )
    assert "Ngày kiểm tra không được sau ngày hôm nay." in bad.content.decode()
    assert not Inspection.objects.exists()

    response = client.post(
        reverse("followup:inspection-record"),
        {
            "plan": plan.pk,
            "unit": unit("so-khcn-qlcn").pk,
            "date": "2024-06-05",
            "inspectors": [personas.office.pk],
            "findings": "Chưa có phương án ứng phó\nHồ sơ tập huấn chưa đầy đủ\n",
            "conclusion": "Cơ bản đạt yêu cầu.",
            "recommendations": "Khắc phục trước 30/7.",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Đã ghi nhận kết quả kiểm tra." in html
    assert "Tạo nhiệm vụ khắc phục" in html
    finding = Finding.objects.get(text="Chưa có phương án ứng phó")

    prefix = f"f{finding.pk}"
    bad = client.post(
        reverse("followup:finding-follow-up", args=[finding.pk]),
        {f"{prefix}-content": "Xây dựng phương án", f"{prefix}-due": "2020-01-01"},
    )
    assert bad.status_code == 400
    assert "Thời hạn không được trước ngày hôm nay." in bad.content.decode()
    response = client.post(
        reverse("followup:finding-follow-up", args=[finding.pk]),
        {f"{prefix}-content": "Xây dựng phương án ứng phó", f"{prefix}-due": _future()},
        follow=True,
    )
    assert "Đã bổ sung nhiệm vụ khắc phục vào kế hoạch." in response.content.decode()
    finding.refresh_from_db()
    assert finding.follow_up_task.content == "Xây dựng phương án ứng phó"
    assert finding.follow_up_task.assignments.get().unit == unit("so-khcn-qlcn")


def test_send_page_opens_on_the_bodys_own_plan_not_a_units_detailed_plan(
    client, personas, plan, unit
):
    from phongthu.plans.services import plan_import

    detailed = plan_import(
        extraction={
            "document": {"type": "Kế hoạch", "title": "Kế hoạch chi tiết của Thanh tra Sở"},
            "tasks": [
                {
                    "label": "1",
                    "content": "Lập danh mục văn bản mới về phòng thủ dân sự",
                    "lead": ["Thanh tra Sở"],
                    "timeframe": {"text": "Trước ngày 30/4/2024", "edited": True},
                }
            ],
        },
        owner=unit("so-khcn-tt"),
        by=None,
        parent=plan,
    )
    client.force_login(personas.office)
    html = client.get(reverse("followup:reminder-send")).content.decode()
    assert f'<input type="hidden" name="plan" value="{plan.pk}">' in html
    assert f'<option value="{detailed.pk}">' in html  # still there to choose
    chosen = client.get(reverse("followup:reminder-send"), {"plan": detailed.pk}).content.decode()
    assert "Lập danh mục văn bản mới" in chosen
    assert client.get(reverse("followup:reminder-send"), {"plan": 999999}).status_code == 404


def test_the_unit_heads_home_lists_reminders_still_to_answer(client, personas, plan, unit):
    [reminder] = reminder_send(
        by=personas.office,
        plan=plan,
        units=[unit("so-khcn-tt")],
        assignments=[],
        message="Đề nghị báo cáo rà soát văn bản.",
    )
    client.force_login(personas.unit_head)
    home = client.get(reverse("home")).content.decode()
    assert "Đề nghị báo cáo rà soát văn bản." in home
    assert f"/don-doc/{reminder.pk}/" in home
    assert_vietnamese(home)
    reminder_answer(reminder=reminder, by=personas.unit_head, text="Đã báo cáo.")
    assert "Đề nghị báo cáo rà soát văn bản." not in client.get(reverse("home")).content.decode()


def test_the_unit_answers_from_the_list(client, personas, world):
    reminder = world["reminder"]
    answer_url = reverse("followup:reminder-answer", args=[reminder.pk])
    client.force_login(personas.office)  # may open it, may not answer for Phòng QLCN&TTCN
    assert answer_url not in client.get(reverse("followup:reminders")).content.decode()
    client.force_login(personas.other_staff)
    html = client.get(reverse("followup:reminders")).content.decode()
    assert f'action="{answer_url}"' in html
    response = client.post(answer_url, {"text": "Đã hoàn thành dự thảo."}, follow=True)
    assert "Đã gửi trả lời đến Văn phòng." in response.content.decode()
    assert "Trả lời bổ sung" in client.get(reverse("followup:reminders")).content.decode()
