"""Background work of reporting: the e-mail of an issued report (a `django.tasks` task run
by the worker) and the clock's job, which opens each period's requests and tries failed
e-mail again. Both are thin: the work is in `reporting.services` and `reporting.mail`."""

from __future__ import annotations

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from phongthu.reporting import mail


@task()
def report_emails_send(report_id: int) -> int:
    """E-mail an issued report to its recipients (those not yet e-mailed)."""
    return mail.report_emails_deliver(report_id=report_id)


def report_emails_enqueue(report_id: int) -> None:
    """Queue the e-mail once the transaction that issued the report commits; a queue
    that refuses the job never fails the issue (the clock's retry sends it later)."""
    transaction.on_commit(lambda: report_emails_send.enqueue(report_id), robust=True)


def reporting_clock() -> str:
    """The clock's job: open the periodic requests due today, retry failed e-mail."""
    from phongthu.reporting.services import requests_open_due

    made = requests_open_due(today=timezone.localdate())
    retried = mail.dispatches_retry()
    return f"{len(made)} yêu cầu báo cáo định kỳ mới; gửi lại {retried} thư báo cáo."
