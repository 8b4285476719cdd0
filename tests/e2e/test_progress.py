"""A unit head reports progress with an evidence file; the Office sees it on the dashboard.

On the demo as `phongthu demo` serves it (sample organisation, plan and progress), on a
phone-sized screen. The reminder half of the story is tests/e2e/test_reminders.py.
"""

from __future__ import annotations

import secrets

import pytest

from phongthu.org.sample import DEMO_PASSWORD
from phongthu.tracking.sample import sample_pdf

pytestmark = pytest.mark.browser

TASK = "Tổng hợp, báo cáo kết quả thực hiện công tác phòng thủ dân sự"


def log_in(browser, server: str, username: str):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Xin chào")
    return context, page


def open_menu(page, entry: str) -> None:
    page.click("label.nav-toggle-label")  # the menu folds away on a phone
    page.click(f"nav >> text={entry}")


def test_unit_head_reports_with_evidence_and_the_office_sees_it(demo_server, browser):
    tag = secrets.token_hex(3)  # the demo server is shared by the browser tests
    narrative = f"Thanh tra Sở đã gửi báo cáo kết quả năm 2025 về Văn phòng Sở ({tag})."
    filename = f"Bao-cao-ket-qua-{tag}.pdf"

    # the head of Thanh tra Sở opens his unit's tasks and one the plan gives it in support
    head_context, head = log_in(browser, demo_server, "truongphong")
    open_menu(head, "Nhiệm vụ")
    head.wait_for_selector("h1:has-text('Nhiệm vụ của đơn vị')")
    head.click(f"main a:has-text('{TASK}')")
    head.wait_for_selector("h2:has-text('Báo cáo tiến độ')")

    # he reports it done, with a PDF as evidence
    head.select_option("#id_status", "done")
    head.fill("#id_narrative", narrative)
    head.set_input_files(
        "input[name=attachments]",
        files=[{"name": filename, "mimeType": "application/pdf", "buffer": sample_pdf(tag)}],
    )
    head.click("button:has-text('Gửi báo cáo')")
    head.wait_for_selector("text=Đã ghi nhận báo cáo tiến độ.")
    history = head.locator("#history").inner_text()
    assert narrative in history
    assert filename in history
    assert "Hoàn thành" in head.locator("#status").inner_text()
    head_context.close()

    # the Office opens the dashboard: Thanh tra Sở has a row, with its figures
    office_context, office = log_in(browser, demo_server, "vanphong")
    open_menu(office, "Tổng hợp")
    office.wait_for_selector("h1:has-text('Tổng hợp tình hình thực hiện')")
    row = office.locator("#units tr[data-unit='so-khcn-tt']")
    assert "Thanh tra Sở" in row.inner_text()
    cells = row.locator("td.num")
    assigned = int(cells.nth(0).inner_text())
    done = int(cells.nth(1).inner_text()) + int(cells.nth(2).inner_text())
    assert assigned >= 4 and done >= 3  # the sample's two, and today's report

    # and drills down to the task to read the report and open its evidence
    cells.nth(0).locator("a").click()
    office.wait_for_selector("h1:has-text('Nhiệm vụ được giao')")
    office.click(f"main a:has-text('{TASK}') >> nth=0")
    office.wait_for_selector(f"text={tag}")
    assert narrative in office.locator("#history").inner_text()
    with office.expect_download() as download:
        office.click(f"#history a:has-text('{filename}')")
    assert download.value.suggested_filename == filename
    assert "đính kèm minh chứng" in office.locator("#trail").inner_text()
    office_context.close()
