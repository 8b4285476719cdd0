"""E-mail of an issued report: one message per recipient, with the report's PDF.

Sent by the worker after the report is issued (committed); the outcome is written on the
dispatch. Each attempt is claimed with one conditional UPDATE, so a job that runs twice,
or beside the clock's retry, never e-mails a recipient twice. Where LibreOffice is not
installed the DOCX goes instead, and the log says why.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from phongthu.documents.render import RenderedFile
from phongthu.documents.render.pdf import RenderError
from phongthu.mail import absolute_url, outbox_send
from phongthu.reporting import queries
from phongthu.reporting.content import task_lines
from phongthu.reporting.models import CompiledReport, ReportDispatch
from phongthu.reporting.render import compiled_render
from phongthu.text import format_date

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_AFTER = datetime.timedelta(minutes=10)


def report_file(report: CompiledReport) -> RenderedFile:
    """The issued report as PDF (as DOCX where no PDF can be made here)."""
    lines = task_lines(report.request, timezone.localdate())
    try:
        return compiled_render(report, lines, "pdf")
    except RenderError as exc:
        logger.warning("Gửi báo cáo %s dạng DOCX vì không tạo được PDF: %s", report.pk, exc)
        return compiled_render(report, lines, "docx")


def report_email(dispatch: ReportDispatch, attachment: RenderedFile) -> EmailMessage:
    """The message one recipient receives, in Vietnamese (the wording of a cover note)."""
    report = dispatch.report
    document = report.document
    day = format_date(document.date) if document.date else ""
    subject = f"{document.type} số {document.reference} ngày {day}: {document.title}"
    body = "\n".join(
        [
            f"Kính gửi: {dispatch.name}",
            "",
            f"{document.issuer} gửi {document.type} số {document.reference} ngày {day} "
            f"về {document.title[:1].lower() + document.title[1:]} để báo cáo.",
            "",
            "Văn bản được gửi kèm theo thư này; bản trên phongthu (cần đăng nhập): "
            f"{absolute_url('reporting:compiled', report.pk)}",
            "",
            f"{document.issuer}",
        ]
    )
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(dispatch.emails),
    )
    message.attach(attachment.filename, attachment.data, attachment.media_type)
    return message


def _pending() -> list[ReportDispatch]:
    return list(
        ReportDispatch.objects.filter(email_sent_at__isnull=True, email_attempts__lt=MAX_ATTEMPTS)
        .exclude(emails=[])
        .select_related("report__document", "report__request__plan__document")
        .order_by("pk")
    )


def report_emails_deliver(*, report_id: int) -> int:
    """E-mail every recipient of the report not yet e-mailed; return how many were sent."""
    pending = [d for d in _pending() if d.report_id == report_id]
    return _deliver(pending)


def dispatches_retry(*, now: datetime.datetime | None = None) -> int:
    """E-mail again what failed, up to MAX_ATTEMPTS each (run by the clock)."""
    now = now or timezone.now()
    return _deliver([d for d in _pending() if d.sent_at < now - RETRY_AFTER][:200])


def _deliver(dispatches: list[ReportDispatch]) -> int:
    files: dict[int, RenderedFile] = {}

    def message(dispatch: ReportDispatch) -> EmailMessage:
        # The report is rendered once for all its recipients.
        if dispatch.report_id not in files:
            report = queries.compiled_get(dispatch.report_id)
            assert report is not None
            files[dispatch.report_id] = report_file(report)
        return report_email(dispatch, files[dispatch.report_id])

    return outbox_send(dispatches, message=message, what="báo cáo")
