"""The Office reminds another unit; that unit's user sees the reminder and answers it; the
Office sees the answer. On the demo as `phongthu demo` serves it, on a phone-sized screen."""

from __future__ import annotations

import secrets

import pytest

from phongthu.org.sample import DEMO_PASSWORD

pytestmark = pytest.mark.browser

QLCN = "Phòng Quản lý Công nghệ và Thị trường công nghệ"


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


def test_office_reminds_a_unit_which_answers(demo_server, browser):
    tag = secrets.token_hex(3)  # the demo server is shared by the browser tests
    message = f"Đề nghị Phòng báo cáo tiến độ xây dựng kế hoạch ứng phó sự cố bức xạ ({tag})."
    answer = (
        f"Phòng đã hoàn thành dự thảo, trình Giám đốc Sở trong tuần này ({secrets.token_hex(3)})."
    )

    # the Office opens the reminders and chooses Phòng QLCN&TTCN alone
    office, page = log_in(browser, demo_server, "vanphong")
    open_menu(page, "Đôn đốc")
    page.click("text=Gửi đôn đốc")
    page.wait_for_selector("h1:has-text('Gửi đôn đốc')")
    # overdue and unreported work comes ticked; she narrows it to one unit
    assert page.locator(".send-form input[name=assignments]:checked").count() > 0
    page.click("text=Bỏ chọn tất cả")
    assert page.locator(".send-form input:checked").count() == 0
    unit = page.locator("fieldset.unit-choice", has_text=QLCN)
    unit.locator("input[name=units]").check()
    unit.locator("input[name=assignments]").first.check()
    page.fill("#id_message", message)
    page.click("button:has-text('Gửi đôn đốc')")
    page.wait_for_selector("text=Đã gửi đôn đốc đến 1 đơn vị.")
    assert QLCN in page.locator("main").inner_text()

    # that unit's staff member logs in: the unread badge, the notification, the reminder
    staff_context, staff = log_in(browser, demo_server, "chuyenvien")
    staff.click("label.nav-toggle-label")
    badge = staff.locator("nav .badge.unread")
    assert int(badge.inner_text()) >= 1
    staff.click("nav >> text=Thông báo")
    staff.wait_for_selector("h1:has-text('Thông báo')")
    staff.click(f"button.notification-link:has-text('{message[:40]}')")
    staff.wait_for_selector(f"h1:has-text('Đôn đốc {QLCN}')")
    assert message in staff.locator("main").inner_text()
    assert "người gửi: Lê Thị Hạnh" in staff.locator("main").inner_text()

    # and answers it
    staff.fill("#id_text", answer)
    staff.click("button:has-text('Gửi trả lời')")
    staff.wait_for_selector("text=Đã gửi trả lời đến Văn phòng.")
    assert answer in staff.locator(".answers").inner_text()

    # the Office sees the answer: told in her notifications, shown on the reminder
    page.reload()
    open_menu(page, "Thông báo")
    notice = page.locator("button.notification-link", has_text=answer[:40])
    assert "Đỗ Thu Trang" in notice.inner_text()
    notice.click()
    page.wait_for_selector(".answers")
    answers = page.locator(".answers").inner_text()
    assert answer in answers and "Đỗ Thu Trang" in answers
    # with who received and read it
    assert "Đỗ Thu Trang" in page.locator("table").inner_text()

    staff_context.close()
    office.close()
