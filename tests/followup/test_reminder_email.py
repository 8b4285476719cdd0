"""E-mail of reminders through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from phongthu.followup import mail
from phongthu.followup.models import Notification, ReminderDelivery
from phongthu.followup.services import reminder_send, reminders_due_sweep
from phongthu.org.models import Role
from phongthu.plans.task_add import task_add
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_a_reminder_is_e_mailed_in_vietnamese_to_the_units_people(
    personas,
    plan,
    unit,
    assignment_of,
    smtp_server,
    jobs_run_at_once,
    django_capture_on_commit_callbacks,
):
    # given a second person of Phòng QLCN&TTCN, and one without an e-mail address
    head = member(unit("so-khcn-qlcn"), Role.UNIT_HEAD, email="truong.qlcn@phongthu.invalid")
    member(unit("so-khcn-qlcn"), Role.UNIT_STAFF, email="")

    # when the Office sends a reminder and the transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        [reminder] = reminder_send(
            by=personas.office,
            plan=plan,
            units=[],
            assignments=[assignment_of("2", "so-khcn-qlcn")],
            message="Đề nghị Phòng khẩn trương hoàn thành phương án ứng phó.",
        )

    # then the SMTP server received one message per person with an address
    assert sorted(rcpt for _f, rcpts in smtp_server.envelopes for rcpt in rcpts) == [
        "chuyenvien@phongthu.invalid",
        "truong.qlcn@phongthu.invalid",
    ]
    [message] = smtp_server.to("chuyenvien@phongthu.invalid")
    assert message["Subject"] == "Đôn đốc của Lê Thị Hạnh: Kế hoạch 21/KH-KHCN"
    body = message.get_content()
    assert "Kính gửi: Phòng Quản lý Công nghệ và Thị trường công nghệ" in body
    assert "Đỗ Thu Trang" in body
    assert "Đề nghị Phòng khẩn trương hoàn thành phương án ứng phó." in body
    assert "2. Xây dựng phương án ứng phó sự cố bức xạ, hạt nhân cấp Sở (hạn 30/06/2024)" in body
    assert f"/don-doc/{reminder.pk}/" in body
    # and each delivery records it
    for delivery in ReminderDelivery.objects.filter(reminder=reminder).exclude(email=""):
        assert delivery.email_sent_at is not None
        assert delivery.email_error == ""
    assert ReminderDelivery.objects.filter(reminder=reminder, user=head).get().email_sent_at
    # the person without an address still has the in-app notice
    assert Notification.objects.filter(delivery__reminder=reminder).count() == 3


def test_the_clocks_reminders_are_e_mailed_too(
    personas, plan, unit, smtp_server, jobs_run_at_once, django_capture_on_commit_callbacks
):
    task_add(
        plan=plan,
        content="Báo cáo rà soát",
        lead=unit("so-khcn-tt"),
        due=datetime.date(2024, 6, 13),
        by=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminders_due_sweep(today=datetime.date(2024, 6, 10))
    [message] = smtp_server.to("truongphong@phongthu.invalid")
    assert message["Subject"] == "Đôn đốc: Kế hoạch 21/KH-KHCN"
    assert "còn 3 ngày" in message.get_content()


def test_a_dead_smtp_server_keeps_the_notification_and_records_the_failure(
    personas, plan, unit, dead_smtp, jobs_run_at_once, django_capture_on_commit_callbacks
):
    # when the Office sends a reminder while the SMTP server is down
    with django_capture_on_commit_callbacks(execute=True):
        [reminder] = reminder_send(
            by=personas.office,
            plan=plan,
            units=[unit("so-khcn-qlcn")],
            assignments=[],
            message="Đôn đốc",
        )

    # then the reminder and its in-app notice are there
    delivery = ReminderDelivery.objects.get(reminder=reminder)
    assert delivery.user == personas.other_staff
    assert Notification.objects.get(delivery=delivery).read_at is None
    # and the failure is recorded on the delivery
    assert delivery.email_sent_at is None
    assert "Connection refused" in delivery.email_error or "Errno" in delivery.email_error
    assert delivery.email_attempts == 1


def test_failed_e_mail_is_sent_again_later_once(personas, plan, unit, settings, smtp_server):
    from tests.followup.conftest import free_port, smtp_settings

    # given a reminder whose e-mail failed
    settings.MAILERS = smtp_settings(free_port())
    [reminder] = reminder_send(
        by=personas.office,
        plan=plan,
        units=[unit("so-khcn-qlcn")],
        assignments=[],
        message="Đôn đốc",
    )
    assert mail.reminder_emails_deliver(reminder_id=reminder.pk) == 0
    # when the server is back and the clock retries, after a while
    settings.MAILERS = smtp_settings(smtp_server.port)
    later = timezone.now() + datetime.timedelta(minutes=11)
    assert mail.deliveries_retry(now=timezone.now()) == 0  # too early: left to its own job
    assert mail.deliveries_retry(now=later) == 1
    # then it arrives once, and the failure is cleared
    assert len(smtp_server.to("chuyenvien@phongthu.invalid")) == 1
    delivery = ReminderDelivery.objects.get(reminder=reminder)
    assert delivery.email_sent_at is not None and delivery.email_error == ""
    assert mail.deliveries_retry(now=later) == 0
    assert mail.reminder_emails_deliver(reminder_id=reminder.pk) == 0


def test_e_mail_job_is_queued_after_commit_for_the_worker(
    personas, plan, unit, django_capture_on_commit_callbacks
):
    """With the database queue (the default), sending queues one job row per reminder."""
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reminder_send(
            by=personas.office, plan=plan, units=[unit("so-khcn-qlcn")], assignments=[], message="x"
        )
    assert DBTaskResult.objects.count() == 0  # nothing before commit
    for callback in callbacks:
        callback()
    job = DBTaskResult.objects.get()
    assert job.task_path == "phongthu.followup.jobs.reminder_emails_send"


def test_two_workers_sending_the_same_reminder_e_mail_each_person_once(
    personas, plan, unit, smtp_server
):
    """The job and the clock's retry (or two workers) may pick the same delivery: the
    conditional claim lets only one of them send it."""
    from phongthu.followup.mail import _deliver

    [reminder] = reminder_send(
        by=personas.office, plan=plan, units=[unit("so-khcn-qlcn")], assignments=[], message="x"
    )
    first = list(
        ReminderDelivery.objects.filter(reminder=reminder).select_related("reminder", "user")
    )
    second = list(
        ReminderDelivery.objects.filter(reminder=reminder).select_related("reminder", "user")
    )
    assert _deliver(first) == 1
    assert _deliver(second) == 0  # read before the first sent: its claim fails
    assert len(smtp_server.to("chuyenvien@phongthu.invalid")) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_queued_e_mail(personas, plan, unit, smtp_server, capsys):
    """The whole way: the reminder commits, its job waits in the database queue, and
    `phongthu worker --burst` sends the e-mail through SMTP."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from phongthu.cli import main

    with transaction.atomic():
        [reminder] = reminder_send(
            by=personas.office,
            plan=plan,
            units=[unit("so-khcn-qlcn")],
            assignments=[],
            message="Đôn đốc",
        )
    assert DBTaskResult.objects.get().status == "READY"
    assert smtp_server.messages == []

    assert main(["worker", "--burst", "--no-clock"]) == 0

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    [message] = smtp_server.to("chuyenvien@phongthu.invalid")
    assert "Đôn đốc" in message.get_content()
    assert ReminderDelivery.objects.get(reminder=reminder).email_sent_at is not None
