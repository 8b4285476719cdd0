"""Links in reminder e-mails are whole addresses under PHONGTHU_SITE_URL (real SMTP)."""

from __future__ import annotations

import pytest

from phongthu.followup.services import reminder_send

pytestmark = pytest.mark.django_db


def test_the_reminder_e_mail_links_to_the_reminder_with_the_sites_address(
    personas,
    plan,
    assignment_of,
    smtp_server,
    jobs_run_at_once,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.SITE_URL = "https://phongthu.so-khcn.gov.vn"
    with django_capture_on_commit_callbacks(execute=True):
        [reminder] = reminder_send(
            by=personas.office,
            plan=plan,
            units=[],
            assignments=[assignment_of("2", "so-khcn-qlcn")],
            message="Đề nghị Phòng khẩn trương hoàn thành phương án ứng phó.",
        )
    [message] = smtp_server.to("chuyenvien@phongthu.invalid")
    body = message.get_content()
    assert f"https://phongthu.so-khcn.gov.vn/don-doc/{reminder.pk}/" in body
    assert f" /don-doc/{reminder.pk}/" not in body
