"""reminder_send: the Office reminds units by hand; each person gets it in the app."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phongthu.followup.models import Notification, Reminder, ReminderDelivery, Trigger
from phongthu.followup.services import reminder_send, tidy
from phongthu.org.models import Role
from tests.factories import member
from tests.followup.conftest import make_plan

pytestmark = pytest.mark.django_db


def test_office_reminds_a_unit_about_chosen_tasks(personas, plan, unit, assignment_of):
    # given a second person in Phòng QLCN&TTCN and a clerk-only person there
    head = member(unit("so-khcn-qlcn"), Role.UNIT_HEAD, email="truongqlcn@phongthu.invalid")
    member(unit("so-khcn-qlcn"), Role.CLERK)
    task2 = assignment_of("2", "so-khcn-qlcn")

    # when the Office reminds about task 2
    [reminder] = reminder_send(
        by=personas.office,
        plan=plan,
        units=[],
        assignments=[task2],
        message="Đề nghị  Phòng hoàn thành phương án\r\ntrước 30/6.",
    )

    # then one reminder to the task's unit, naming the task, kept with its sender
    assert reminder.unit == unit("so-khcn-qlcn")
    assert reminder.trigger == Trigger.MANUAL
    assert reminder.sent_by == personas.office
    assert list(reminder.assignments.all()) == [task2]
    assert reminder.message == "Đề nghị Phòng hoàn thành phương án\ntrước 30/6."
    # each person who may answer for the unit gets a delivery and a notification
    people = {d.user for d in ReminderDelivery.objects.filter(reminder=reminder)}
    assert people == {personas.other_staff, head}
    notices = Notification.objects.filter(delivery__reminder=reminder)
    assert {n.user for n in notices} == people
    assert all(n.read_at is None and n.link == f"/don-doc/{reminder.pk}/" for n in notices)
    assert "Lê Thị Hạnh" in notices[0].text


def test_one_reminder_per_unit_with_its_own_tasks(personas, plan, unit, assignment_of):
    reminders = reminder_send(
        by=personas.office,
        plan=plan,
        units=[unit("so-khcn-tt"), unit("so-khcn-qlcn")],
        assignments=[assignment_of("2", "so-khcn-qlcn"), assignment_of("2", "so-khcn-tt")],
        message="Đôn đốc",
    )
    by_unit = {
        r.unit.code: list(r.assignments.values_list("unit__code", flat=True)) for r in reminders
    }
    assert by_unit == {"so-khcn-tt": ["so-khcn-tt"], "so-khcn-qlcn": ["so-khcn-qlcn"]}


def test_a_unit_alone_gets_a_general_reminder(personas, plan, unit):
    [reminder] = reminder_send(
        by=personas.office, plan=plan, units=[unit("so-khcn-tt")], assignments=[], message="x"
    )
    assert reminder.assignments.count() == 0
    assert reminder.deliveries.get().user == personas.unit_head


@pytest.mark.parametrize(
    "persona",
    ["unit_head", "other_staff", "director", "clerk", "higher_body", "admin", "other_department"],
)
def test_only_the_office_of_the_body_sends_reminders(personas, plan, unit, persona):
    with pytest.raises(PermissionDenied):
        reminder_send(
            by=getattr(personas, persona),
            plan=plan,
            units=[unit("so-khcn-tt")],
            assignments=[],
            message="Đôn đốc",
        )
    assert not Reminder.objects.exists()


def test_bad_input_changes_nothing(personas, plan, unit, assignment_of):
    other = make_plan(unit, title="Kế hoạch khác")
    foreign = other.tasks.get(label="2").assignments.get(unit__code="so-khcn-qlcn")
    cases = [
        {"units": [unit("so-khcn-tt")], "assignments": [], "message": " \n\t "},
        {"units": [], "assignments": [], "message": "Đôn đốc"},
        {"units": [], "assignments": [foreign], "message": "Đôn đốc"},
        {"units": [unit("so-khcn-tt")], "assignments": [], "message": "x" * 5001},
    ]
    for case in cases:
        with pytest.raises(ValidationError) as caught:
            reminder_send(by=personas.office, plan=plan, **case)
        assert caught.value.messages[0][0].isupper()
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()


def test_a_unit_outside_the_body_is_refused(personas, plan, unit):
    with pytest.raises(PermissionDenied):
        reminder_send(
            by=personas.office,
            plan=plan,
            units=[unit("so-khcn-tt"), unit("so-ct-qlcn")],
            assignments=[],
            message="Đôn đốc",
        )
    assert not Reminder.objects.exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=300))
def test_any_typed_message_is_kept_tidy_or_refused(personas, plan, unit, text):
    try:
        [reminder] = reminder_send(
            by=personas.office, plan=plan, units=[unit("so-khcn-tt")], assignments=[], message=text
        )
    except ValidationError:
        assert tidy(text) == ""
        return
    reminder.refresh_from_db()
    assert reminder.message == tidy(text)
    assert tidy(reminder.message) == reminder.message
    assert len(reminder.deliveries.get().notifications.get().text) <= 500


@given(text=st.text(max_size=200))
def test_tidy_is_idempotent_and_drops_control_characters(text):
    once = tidy(text)
    assert tidy(once) == once
    assert not any(ord(ch) < 32 and ch != "\n" for ch in once)
    assert not once.startswith("\n") and not once.endswith("\n")
    assert "\n\n\n" not in once
