"""Background work of reminders: the e-mail (a `django.tasks` task, run by the worker) and
the clock's sweep (a function `phongthu.clock` fires periodically).

Both are thin: the work is in `followup.mail` and `followup.services`.
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from phongthu.followup import mail


@task()
def reminder_emails_send(reminder_id: int) -> int:
    """E-mail the people of one reminder (those not yet e-mailed)."""
    return mail.reminder_emails_deliver(reminder_id=reminder_id)


def reminder_emails_enqueue(reminder_id: int) -> None:
    """Queue the e-mail of a reminder once the transaction that made it commits.

    After commit, so the worker finds the reminder; `robust`, so a queue that refuses
    the job never fails the request that sent the reminder: the in-app notice is already
    there, and the clock's retry sends the e-mail later.
    """
    transaction.on_commit(lambda: reminder_emails_send.enqueue(reminder_id), robust=True)


def reminders_clock() -> str:
    """The clock's job: today's automatic reminders, then another try of failed e-mail."""
    from phongthu.followup.services import reminders_due_sweep

    made = reminders_due_sweep(today=timezone.localdate())
    retried = mail.deliveries_retry()
    return f"{len(made)} lời nhắc mới; gửi lại {retried} thư."
