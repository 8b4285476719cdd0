"""The issued report's e-mail links to the report under PHONGTHU_SITE_URL (real SMTP)."""

from __future__ import annotations

import shutil

import pytest

from phongthu.reporting import compiled
from tests.conftest import require
from tests.reporting.test_compiled import TODAY, _approved, report, submitted  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_report_e_mail_links_to_the_report_with_the_sites_address(
    report,  # noqa: F811
    personas,
    smtp_server,
    jobs_run_at_once,
    django_capture_on_commit_callbacks,
    settings,
):
    require(shutil.which("soffice") is not None, "LibreOffice (soffice) is not installed")
    settings.SITE_URL = "https://phongthu.so-khcn.gov.vn"
    approved = _approved(report, personas)
    with django_capture_on_commit_callbacks(execute=True):
        compiled.compiled_report_issue(report=approved, by=personas.clerk, today=TODAY)
    [message] = smtp_server.to("chqs@phongthu.invalid")
    body = message.get_body(("plain",)).get_content()
    assert f"https://phongthu.so-khcn.gov.vn/bao-cao/tong-hop/{approved.pk}/" in body
