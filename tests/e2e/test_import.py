"""The Office clerk imports the seed plan as a Word file through the pages (issue 4, point 10).

The DOCX is built here from the seed's text, read in place; it is never committed. The
demo server runs `phongthu demo`, which starts the worker beside it: the read job runs
there, and the page follows it without a reload.
"""

from __future__ import annotations

import re

import pytest

from phongthu.org.sample import DEMO_PASSWORD
from tests.conftest import SHARED, require
from tests.imports.conftest import SEED
from tests.imports.seed_docx import seed_docx

pytestmark = pytest.mark.browser

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_office_clerk_imports_the_seed_as_a_word_file(demo_server, page):
    seed = SHARED / SEED
    require(seed.exists(), f"{seed} is absent: the shared corpus is read in place")
    data = seed_docx(seed)

    # given the Office clerk, signed in on a phone-sized screen
    page.goto(f"{demo_server}/dang-nhap/")
    page.fill("#id_username", "vanphong")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Xin chào, Lê Thị Hạnh")

    # when she opens "Nhập kế hoạch" from the menu and uploads the Word file
    page.click("label.nav-toggle-label")
    page.click("nav >> text=Nhập kế hoạch")
    page.wait_for_selector("h1:has-text('Nhập kế hoạch')")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "ke-hoach-ptds-2024.docx", "mimeType": DOCX, "buffer": data}],
    )
    page.click("main button:has-text('Tải lên và đọc')")

    # then the worker reads it and the page moves on to the review by itself
    page.wait_for_selector("h1:has-text('Rà soát kế hoạch')", timeout=120_000)
    summary = page.locator("#summary").inner_text()
    assert "5 nhiệm vụ trong 2 nhóm" in summary
    assert page.locator("#mapping").count() == 0  # every unit resolves without mapping
    assert page.input_value("#id_doc-reference") == "/KH-KHCN"
    assert "Thanh tra Sở" in page.input_value("#id_task-0-lead")

    # when she confirms
    page.click("main button[value=confirm]")

    # then the plan page shows 5 tasks in 2 groups, with their units
    page.wait_for_url(re.compile(r"/ke-hoach/\d+/$"), timeout=60_000)
    table = page.locator("table.tasks")
    assert table.locator("tr.group").count() == 2
    assert table.locator("tbody tr:not(.group)").count() == 5
    text = table.inner_text()
    for unit in (
        "Thanh tra Sở",
        "Ban Chỉ huy quân sự Sở",
        "Phòng Quản lý Công nghệ và Thị trường công nghệ",
        "Các phòng, đơn vị thuộc Sở",
    ):
        assert unit in text, unit
    assert "Thường xuyên" in text
