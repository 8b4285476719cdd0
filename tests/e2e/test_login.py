"""The README's demo: the Office clerk logs in and sees the Vietnamese home page."""

from __future__ import annotations

import pytest

from phongthu.org.sample import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_office_clerk_logs_in_to_the_demo(demo_server, page):
    # given the demo served as `phongthu demo` serves it, on a phone-sized screen
    page.goto(f"{demo_server}/")
    assert page.locator("h1").inner_text() == "Đăng nhập"

    # when the Office clerk logs in
    page.fill("#id_username", "vanphong")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")

    # then the Vietnamese home page greets her with her unit and role
    page.wait_for_selector("text=Xin chào, Lê Thị Hạnh")
    assert page.evaluate("document.documentElement.lang") == "vi"
    body = page.locator("main").inner_text()
    assert "Văn phòng Sở" in body
    assert "Kế hoạch đang theo dõi" in body

    # the menu folds away on a phone and opens with one tap
    page.click("label.nav-toggle-label")
    page.click("nav >> text=Cơ cấu tổ chức")
    page.wait_for_selector("text=Sở Khoa học và Công nghệ")
    assert "Thanh tra Sở" in page.locator("main").inner_text()


def test_wrong_password_is_refused_in_vietnamese(demo_server, page):
    page.goto(f"{demo_server}/dang-nhap/")
    page.fill("#id_username", "vanphong")
    page.fill("#id_password", "khong-dung")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Tên đăng nhập hoặc mật khẩu không đúng")
