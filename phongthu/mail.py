"""E-mail the worker sends: absolute links, and one SMTP connection for a batch of rows.

Reminders (followup.ReminderDelivery) and issued reports (reporting.ReportDispatch) are
each a row per recipient carrying its own outcome: `email_sent_at`, `email_attempts`,
`email_error`. `outbox_send` is the one loop that sends such rows, so both behave alike:

- each attempt is claimed with one conditional UPDATE, so a job that runs twice, or beside
  the clock's retry, never e-mails anyone twice;
- an unreachable server costs every row of the batch one attempt, with the reason kept;
- a refused message costs only its own row.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db.models import F, Model
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)

ERROR_LIMIT = 1000


def absolute_url(viewname: str, *args: object) -> str:
    """The page's full address under PHONGTHU_SITE_URL, which an e-mail reader can click
    (a path alone, "/don-doc/1/", cannot be)."""
    return f"{settings.SITE_URL}{reverse(viewname, args=args)}"


def _rows(row: Model) -> Any:
    return type(row)._default_manager.filter(pk=row.pk)


def _claim(row: Any) -> bool:
    """Take this attempt with one conditional UPDATE: of two workers, one wins it."""
    claimed = (
        _rows(row)
        .filter(email_sent_at__isnull=True, email_attempts=row.email_attempts)
        .update(email_attempts=F("email_attempts") + 1)
    )
    return claimed == 1


def _failed(row: Any, error: BaseException, what: str) -> None:
    logger.warning("Gửi %s tới %s không thành công: %s", what, row, error)
    _rows(row).update(email_error=f"{type(error).__name__}: {error}"[:ERROR_LIMIT])


def outbox_send[Row: Model](
    rows: Sequence[Row], *, message: Callable[[Row], EmailMessage], what: str
) -> int:
    """Send `message(row)` for each row not yet sent, over one connection; record each
    outcome on its row and return how many were sent. `what` names the mail in the log
    ("thư đôn đốc", "báo cáo")."""
    claimed = [row for row in rows if _claim(row)]
    if not claimed:
        return 0
    mailer = mailers.default
    try:
        mailer.open()
    except (OSError, smtplib.SMTPException) as error:
        for row in claimed:
            _failed(row, error, what)
        return 0
    sent = 0
    try:
        for row in claimed:
            try:
                mailer.send_messages([message(row)])
            except (OSError, smtplib.SMTPException) as error:
                _failed(row, error, what)
                continue
            _rows(row).update(email_sent_at=timezone.now(), email_error="")
            sent += 1
    finally:
        try:
            mailer.close()
        except (OSError, smtplib.SMTPException):
            logger.warning("Không đóng được kết nối SMTP.", exc_info=True)
    return sent
