"""Inspections: the record, its findings, and a finding's follow-up task."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongthu.followup.models import Finding, Inspection, Notification, NotificationKind
from phongthu.followup.services import finding_follow_up, inspection_record
from phongthu.plans.models import Assignment, AssignmentRole, Task, TimeframeKind
from phongthu.plans.task_add import task_add
from tests.followup.conftest import TODAY, make_plan

pytestmark = pytest.mark.django_db


def record(personas, plan, unit_of, **changes):
    fields = {
        "by": personas.office,
        "plan": plan,
        "unit": unit_of("so-khcn-qlcn"),
        "date": datetime.date(2024, 6, 5),
        "inspectors": [personas.office],
        "inspector_names": "Nguyễn Văn Bình (Bộ CHQS tỉnh)\n\n",
        "findings": [
            "Chưa xây dựng phương án ứng phó sự cố bức xạ cấp Sở.",
            "  ",
            "Hồ sơ tập huấn chưa lưu đầy đủ.",
        ],
        "conclusion": "Phòng đã triển khai cơ bản các nhiệm vụ được giao.",
        "recommendations": "Hoàn thiện phương án trước 30/6/2024.",
        "today": TODAY,
    }
    fields.update(changes)
    return inspection_record(**fields)


def test_the_office_records_an_inspection(personas, plan, unit):
    inspection = record(personas, plan, unit)

    assert inspection.plan == plan
    assert inspection.unit == unit("so-khcn-qlcn")
    assert inspection.date == datetime.date(2024, 6, 5)
    assert list(inspection.inspectors.all()) == [personas.office]
    assert inspection.inspector_name_list == ["Nguyễn Văn Bình (Bộ CHQS tỉnh)"]
    assert [f.text for f in inspection.findings.all()] == [
        "Chưa xây dựng phương án ứng phó sự cố bức xạ cấp Sở.",
        "Hồ sơ tập huấn chưa lưu đầy đủ.",
    ]
    assert inspection.created_by == personas.office
    # the inspected unit's people are told
    notice = Notification.objects.get(user=personas.other_staff)
    assert notice.kind == NotificationKind.INSPECTION
    assert notice.link == f"/don-doc/kiem-tra/{inspection.pk}/"
    assert "05/06/2024" in notice.text


@pytest.mark.parametrize(
    "persona",
    ["unit_head", "other_staff", "director", "clerk", "higher_body", "admin", "other_department"],
)
def test_only_the_office_records_inspections(personas, plan, unit, persona):
    with pytest.raises(PermissionDenied):
        record(personas, plan, unit, by=getattr(personas, persona))
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"date": TODAY + datetime.timedelta(days=1)},
            "Ngày kiểm tra không được sau ngày hôm nay.",
        ),
        ({"conclusion": "  "}, "Nhập kết luận kiểm tra."),
        ({"inspectors": [], "inspector_names": " \n"}, "Nêu ít nhất một thành viên đoàn kiểm tra."),
        ({"unit_code": "bo-chqs"}, None),
    ],
)
def test_bad_input_records_nothing(personas, plan, unit, changes, message):
    if "unit_code" in changes:
        # a unit outside the Office's body: refused before anything else
        with pytest.raises(PermissionDenied):
            record(personas, plan, unit, unit=unit(changes["unit_code"]))
    else:
        with pytest.raises(ValidationError) as caught:
            record(personas, plan, unit, **changes)
        assert caught.value.messages == [message]
    assert not Inspection.objects.exists()
    assert not Finding.objects.exists()
    assert not Notification.objects.exists()


def test_a_finding_becomes_a_follow_up_task_of_the_unit(personas, plan, unit):
    inspection = record(personas, plan, unit)
    finding = inspection.findings.first()
    before = Task.objects.filter(plan=plan).count()

    task = finding_follow_up(
        finding=finding,
        by=personas.office,
        content="Xây dựng phương án ứng phó sự cố bức xạ cấp Sở",
        due=datetime.date(2024, 7, 15),
        today=TODAY,
    )

    # a task of the inspected plan, led by the inspected unit, with that deadline
    assert task.plan == plan
    assert task.due == datetime.date(2024, 7, 15)
    assert task.kind == TimeframeKind.DEADLINE
    assert task.timeframe_text == "Trước ngày 15/07/2024"
    assert Task.objects.filter(plan=plan).count() == before + 1
    assert task.position > max(t.position for t in plan.tasks.exclude(pk=task.pk))
    [lead] = task.assignments.all()
    assert (lead.unit, lead.role, lead.due, lead.state) == (
        unit("so-khcn-qlcn"),
        AssignmentRole.LEAD,
        datetime.date(2024, 7, 15),
        "not_started",
    )
    finding.refresh_from_db()
    assert finding.follow_up_task == task
    assert Notification.objects.filter(
        user=personas.other_staff, kind=NotificationKind.FOLLOW_UP_TASK
    ).exists()
    # the task is followed like any other: the clock reminds the unit before its deadline
    from phongthu.followup.services import reminders_due_sweep

    made = reminders_due_sweep(today=datetime.date(2024, 7, 12))
    assert any(lead in r.assignments.all() for r in made)


def test_a_finding_gets_one_follow_up_task(personas, plan, unit):
    finding = record(personas, plan, unit).findings.first()
    finding_follow_up(finding=finding, by=personas.office, content="Việc", due=TODAY, today=TODAY)
    with pytest.raises(ValidationError):
        finding_follow_up(
            finding=finding, by=personas.office, content="Việc", due=TODAY, today=TODAY
        )
    assert Task.objects.filter(content="Việc").count() == 1


@pytest.mark.parametrize(
    ("content", "due"),
    [("  ", TODAY), ("Việc khắc phục", TODAY - datetime.timedelta(days=1))],
)
def test_a_bad_follow_up_adds_nothing(personas, plan, unit, content, due):
    finding = record(personas, plan, unit).findings.first()
    count = Task.objects.count()
    with pytest.raises(ValidationError):
        finding_follow_up(
            finding=finding, by=personas.office, content=content, due=due, today=TODAY
        )
    assert Task.objects.count() == count
    finding.refresh_from_db()
    assert finding.follow_up_task is None


def test_only_the_office_creates_follow_up_tasks(personas, plan, unit):
    finding = record(personas, plan, unit).findings.first()
    with pytest.raises(PermissionDenied):
        finding_follow_up(
            finding=finding, by=personas.other_staff, content="Việc", due=TODAY, today=TODAY
        )
    assert not Task.objects.filter(content="Việc").exists()


def test_task_add_appends_a_lead_assignment(personas, unit):
    plan = make_plan(unit)
    group = plan.groups.first()
    task = task_add(
        plan=plan,
        content="  Bổ sung  nhiệm vụ ",
        lead=unit("so-khcn-tt"),
        due=TODAY,
        by=None,
        group=group,
    )
    assert task.content == "Bổ sung nhiệm vụ"
    assert task.group == group
    assert Assignment.objects.get(task=task).unit == unit("so-khcn-tt")
    other = make_plan(unit, title="Kế hoạch khác")
    with pytest.raises(ValueError):
        task_add(plan=other, content="x", lead=unit("so-khcn-tt"), due=TODAY, by=None, group=group)
    with pytest.raises(ValueError):
        task_add(plan=plan, content=" ", lead=unit("so-khcn-tt"), due=TODAY, by=None)


def test_a_member_of_the_inspection_team_reads_it(client, personas, plan, unit):
    """Thanh tra's head on the team inspecting Phòng QLCN&TTCN: he sees the record in his
    list and opens it, once, though the team has two members; others of his unit do not."""
    from django.urls import reverse

    from phongthu.followup.queries import inspections_visible

    inspection = record(personas, plan, unit, inspectors=[personas.office, personas.unit_head])
    client.force_login(personas.unit_head)
    assert (
        client.get(reverse("followup:inspection-detail", args=[inspection.pk])).status_code == 200
    )
    assert list(inspections_visible(personas.unit_head)) == [inspection]
    client.force_login(personas.other_department)
    assert (
        client.get(reverse("followup:inspection-detail", args=[inspection.pk])).status_code == 403
    )
    assert list(inspections_visible(personas.other_department)) == []
