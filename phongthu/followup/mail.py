"""E-mail of reminders: one message per person, sent by the worker after the reminder is
committed, with the outcome written on that person's delivery.

The in-app notice exists before any e-mail is tried, so an SMTP server that is down
costs the e-mail only; the failure is kept on the delivery for the Office to see, and the
clock tries again a few times (`deliveries_retry`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from phongthu.followup.models import Reminder, ReminderDelivery
from phongthu.mail import absolute_url, outbox_send
from phongthu.org.display import person_name
from phongthu.plans.models import Assignment

MAX_ATTEMPTS = 3
RETRY_AFTER = datetime.timedelta(minutes=10)


def plan_label(reminder: Reminder) -> str:
    document = reminder.plan.document
    head = f"{document.type} {document.reference}".strip()
    return head or document.title or str(reminder.plan)


def reminder_email(
    delivery: ReminderDelivery, assignments: list[Assignment] | None = None
) -> EmailMessage:
    """The message one person receives, in Vietnamese."""
    reminder = delivery.reminder
    if assignments is None:
        assignments = _assignments(reminder.pk)
    sender = person_name(reminder.sent_by) if reminder.sent_by else ""
    plan = plan_label(reminder)
    if sender:
        subject = _("Reminder from %(sender)s: %(plan)s") % {"sender": sender, "plan": plan}
    else:
        subject = _("Reminder: %(plan)s") % {"plan": plan}
    body = render_to_string(
        "followup/email/reminder.txt",
        {
            "reminder": reminder,
            "person": person_name(delivery.user),
            "sender": sender,
            "plan": plan,
            "assignments": assignments,
            # The whole address, so the reader can click it; the template's sentence (and
            # its msgid) still calls it `path`.
            "path": absolute_url("followup:reminder-detail", reminder.pk),
        },
    )
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.email],
    )


def _assignments(reminder_id: int) -> list[Assignment]:
    return list(
        Assignment.objects.filter(reminders=reminder_id)
        .select_related("task")
        .order_by("task__position", "pk")
    )


def reminder_emails_deliver(*, reminder_id: int) -> int:
    """E-mail every person of the reminder not yet e-mailed; return how many were sent.

    Idempotent: a delivery already sent is skipped, and each attempt is claimed first
    (phongthu.mail), so a job that runs twice, or beside the clock's retry, does not e-mail
    anyone twice.
    """
    pending = list(
        ReminderDelivery.objects.filter(
            reminder_id=reminder_id,
            email_sent_at__isnull=True,
            email_attempts__lt=MAX_ATTEMPTS,
        )
        .exclude(email="")
        .select_related("reminder__plan__document", "reminder__sent_by", "reminder__unit", "user")
        .order_by("pk")
    )
    return _deliver(pending)


def deliveries_retry(*, now: datetime.datetime | None = None) -> int:
    """E-mail again what failed, or was never tried because its job was lost, up to
    MAX_ATTEMPTS each (run by the clock). Recent deliveries are left to their own job."""
    now = now or timezone.now()
    waiting = list(
        ReminderDelivery.objects.filter(
            email_sent_at__isnull=True,
            email_attempts__lt=MAX_ATTEMPTS,
            delivered_at__lt=now - RETRY_AFTER,
        )
        .exclude(email="")
        .select_related("reminder__plan__document", "reminder__sent_by", "reminder__unit", "user")
        .order_by("pk")[:500]
    )
    return _deliver(waiting)


def _deliver(deliveries: list[ReminderDelivery]) -> int:
    tasks: dict[int, list[Assignment]] = {}

    def message(delivery: ReminderDelivery) -> EmailMessage:
        # One reminder's tasks are read once for all its people.
        if delivery.reminder_id not in tasks:
            tasks[delivery.reminder_id] = _assignments(delivery.reminder_id)
        return reminder_email(delivery, tasks[delivery.reminder_id])

    return outbox_send(deliveries, message=message, what="thư đôn đốc")
