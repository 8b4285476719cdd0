"""The demo opens on its sample plan: `phongthu demo` prints its address, the Office finds it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from phongthu.org.sample import DEMO_PASSWORD
from tests.e2e.conftest import ROOT, free_port


def test_demo_prints_the_sample_plans_address(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PHONGTHU_", "DATABASE"))}
    env["PHONGTHU_DATA_DIR"] = str(tmp_path)
    log = tmp_path / "demo.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "phongthu", "demo", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            # The line comes before the server starts; wait for it, not for a time.
            found = None
            while found is None and process.poll() is None:
                found = re.search(
                    rf"Kế hoạch mẫu.*(http://127\.0\.0\.1:{port}/ke-hoach/\d+/)",
                    log.read_text(encoding="utf-8"),
                )
                if found is None:
                    time.sleep(0.2)
        finally:
            process.terminate()
            process.wait(timeout=20)
    text = log.read_text(encoding="utf-8")
    assert found is not None, text
    assert "Đã nạp kế hoạch mẫu số 15/KH-KHCN" in text


@pytest.mark.browser
def test_the_office_opens_the_sample_plan_from_home(demo_server, page):
    # given the demo, and the Office clerk logged in
    page.goto(f"{demo_server}/")
    page.fill("#id_username", "vanphong")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Kế hoạch đang theo dõi")

    # when she opens the plan her home page lists
    page.click("#panel-plans >> text=Kế hoạch 15/KH-KHCN")

    # then the plan reads like its document: header, 3 groups, 8 tasks, units and deadlines
    page.wait_for_selector("text=Số: 15/KH-KHCN")
    main = page.locator("main").inner_text()
    assert "Thực hiện công tác phòng thủ dân sự năm 2025" in main
    assert page.locator("table.tasks tr.group").count() == 3
    assert page.locator("table.tasks tr[id^=task-]").count() == 8
    assert "Hạn 30/06/2025" in main
    assert "Kế hoạch chi tiết của Thanh tra Sở" in main
    assert "Tạo kế hoạch năm sau" in main
