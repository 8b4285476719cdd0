"""Answering reminders, and the notifications that tell people about them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongthu.followup.models import (
    Notification,
    NotificationKind,
    Reminder,
    ReminderAnswer,
    Trigger,
)
from phongthu.followup.queries import unread_count
from phongthu.followup.services import (
    notification_read,
    notifications_read_all,
    reminder_answer,
    reminder_read,
    reminder_send,
)
from phongthu.org.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminder(personas, plan, unit) -> Reminder:
    [sent] = reminder_send(
        by=personas.office,
        plan=plan,
        units=[unit("so-khcn-qlcn")],
        assignments=[],
        message="Đôn đốc",
    )
    return sent


def test_the_unit_answers_and_the_sender_is_told(personas, reminder):
    answer = reminder_answer(
        reminder=reminder, by=personas.other_staff, text="Phòng đã hoàn thành dự thảo phương án."
    )

    assert answer.by == personas.other_staff
    assert list(reminder.answers.all()) == [answer]
    # answering reads the reminder
    delivery = reminder.deliveries.get(user=personas.other_staff)
    assert delivery.read_at is not None
    assert unread_count(personas.other_staff) == 0
    # the Office hears of it, with a link to the reminder
    notice = Notification.objects.get(user=personas.office)
    assert notice.kind == NotificationKind.REMINDER_ANSWER
    assert "Đỗ Thu Trang" in notice.text and "đã hoàn thành dự thảo" in notice.text
    assert notice.link == f"/don-doc/{reminder.pk}/"


def test_an_answer_to_the_clocks_reminder_goes_to_the_monitoring_office(personas, plan, unit):
    plan.monitoring_unit = unit("so-khcn-vp")
    plan.save(update_fields=["monitoring_unit"])
    clock = Reminder.objects.create(
        plan=plan, unit=unit("so-khcn-qlcn"), message="…", trigger=Trigger.OVERDUE
    )
    reminder_answer(reminder=clock, by=personas.other_staff, text="Đã báo cáo.")
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"vanphong"}


@pytest.mark.parametrize(
    "persona",
    ["unit_head", "director", "clerk", "higher_body", "admin", "other_department", "office"],
)
def test_only_the_reminded_unit_answers(personas, reminder, persona):
    with pytest.raises(PermissionDenied):
        reminder_answer(reminder=reminder, by=getattr(personas, persona), text="Trả lời")
    assert not ReminderAnswer.objects.exists()


def test_another_member_of_the_unit_may_answer_too(personas, reminder, unit):
    head = member(unit("so-khcn-qlcn"), Role.UNIT_HEAD)
    reminder_answer(reminder=reminder, by=head, text="Trưởng phòng trả lời.")
    assert reminder.answers.get().by == head


def test_an_empty_answer_is_refused(personas, reminder):
    with pytest.raises(ValidationError):
        reminder_answer(reminder=reminder, by=personas.other_staff, text=" \n ")
    assert not ReminderAnswer.objects.exists()
    assert not Notification.objects.filter(user=personas.office).exists()


def test_reading_a_notification_reads_the_delivery(personas, reminder):
    notice = Notification.objects.get(user=personas.other_staff)
    assert unread_count(personas.other_staff) == 1

    notification_read(notification=notice, by=personas.other_staff)

    assert unread_count(personas.other_staff) == 0
    assert reminder.deliveries.get().read_at is not None


def test_nobody_reads_anothers_notifications(personas, reminder):
    notice = Notification.objects.get(user=personas.other_staff)
    with pytest.raises(PermissionDenied):
        notification_read(notification=notice, by=personas.office)
    notice.refresh_from_db()
    assert notice.read_at is None


def test_opening_the_reminder_reads_it(personas, reminder):
    reminder_read(reminder=reminder, by=personas.office)  # not a recipient: nothing changes
    assert reminder.deliveries.get().read_at is None
    reminder_read(reminder=reminder, by=personas.other_staff)
    assert reminder.deliveries.get().read_at is not None
    assert unread_count(personas.other_staff) == 0


def test_mark_all_read(personas, plan, unit, reminder):
    reminder_send(
        by=personas.office, plan=plan, units=[unit("so-khcn-qlcn")], assignments=[], message="Lần 2"
    )
    assert unread_count(personas.other_staff) == 2
    assert notifications_read_all(by=personas.other_staff) == 2
    assert unread_count(personas.other_staff) == 0
    assert not reminder.deliveries.filter(read_at__isnull=True).exists()
