"""The Office opens Quý II/2024, two units report (one late), the grid shows it, the Office
compiles the Báo cáo and downloads it as DOCX (issue 6, point 8).

On the demo as `phongthu demo` serves it, on a phone-sized screen. The 2024 plan is our
own, written here and imported through the pages as the Office imports any plan. Its
reports are due on the 20th of each quarter's last month, so Quý II/2024's deadline
(20/06/2024) has long passed: Văn phòng Sở reports late; Thanh tra Sở had asked for more
time, which the Office gave, and reports on time.
"""

from __future__ import annotations

import datetime
import io
import re
import secrets

import pytest
from docx import Document as open_docx

from phongthu.org.sample import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def _row(*cells: str) -> str:
    return "\t".join(cells)


PLAN = "\n".join(
    [
        _row("UBND TỈNH BẮC GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        _row("**SỞ KHOA HỌC VÀ CÔNG NGHỆ**", "**Độc lập - Tự do - Hạnh phúc**"),
        _row("Số: 09/KH-KHCN", "Bắc Giang, ngày 05 tháng 3 năm 2024"),
        "",
        "**KẾ HOẠCH**",
        "",
        "**Thực hiện công tác phòng thủ dân sự năm 2024**",
        "",
        "**I. NỘI DUNG**",
        "",
        _row(
            "STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"
        ),
        _row("I", "Hoàn thiện văn bản về phòng thủ dân sự", "", "", ""),
        _row(
            "1",
            "Rà soát văn bản quy phạm pháp luật mới về phòng thủ dân sự (đợt {tag})",
            "Thanh tra Sở",
            "Văn phòng Sở",
            "Thường xuyên",
        ),
        _row(
            "2",
            "Xây dựng phương án ứng phó sự cố bức xạ cấp Sở",
            "Phòng QLCN&TTCN",
            "Thanh tra Sở",
            "Trước ngày 30/6/2024",
        ),
        _row(
            "3",
            "Tổ chức tập huấn phòng thủ dân sự cho công chức của Sở",
            "Văn phòng Sở",
            "Các phòng, đơn vị thuộc Sở",
            "Quý II/2024",
        ),
        "",
        "**II. TỔ CHỨC THỰC HIỆN**",
        "",
        "Giao Văn phòng Sở theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch; định kỳ hằng "
        "quý báo cáo Giám đốc Sở trước ngày 20 của tháng cuối quý./.",
        "",
        _row("**Nơi nhận:**", "**KT. GIÁM ĐỐC**"),
        _row("- Bộ CHQS tỉnh (b/c);", "**PHÓ GIÁM ĐỐC**"),
        _row("- Lãnh đạo Sở;", ""),
        _row("- Các phòng, đơn vị thuộc Sở;", ""),
        _row("- Lưu: VT, VP.", "**Lương Quốc Bảo**"),
        "",
    ]
)


def log_in(browser, server: str, username: str):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{server}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Xin chào")
    return context, page


def open_menu(page, entry: str) -> None:
    page.click("label.nav-toggle-label")  # the menu folds away on a phone
    page.click(f"nav a:text-is('{entry}')")


def submit_report(page, unit_code: str, results: str) -> None:
    open_menu(page, "Báo cáo của đơn vị")
    page.wait_for_selector("h1:has-text('Báo cáo của đơn vị')")
    row = page.locator(f"#owed tr[data-unit='{unit_code}']", has_text="Quý II/2024").first
    row.locator("a").click()
    page.wait_for_selector("#report-form")
    page.fill("#id_results", results)
    page.click("button:has-text('Gửi Văn phòng')")
    page.wait_for_selector("text=Đã gửi báo cáo đến Văn phòng.")


def test_office_opens_q2_units_report_one_late_and_the_office_compiles(
    demo_server, browser, tmp_path
):
    tag = secrets.token_hex(3)  # the demo server is shared by the browser tests
    office_context, office = log_in(browser, demo_server, "vanphong")

    # the Office imports the 2024 plan as it imports any plan
    open_menu(office, "Nhập kế hoạch")
    office.wait_for_selector("h1:has-text('Nhập kế hoạch')")
    office.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": f"ke-hoach-09-{tag}.txt",
                "mimeType": "text/plain",
                "buffer": PLAN.format(tag=tag).encode("utf-8"),
            }
        ],
    )
    office.click("main button:has-text('Tải lên và đọc')")
    office.wait_for_selector("h1:has-text('Rà soát kế hoạch')", timeout=120_000)
    office.click("main button[value=confirm]")
    office.wait_for_url(re.compile(r"/ke-hoach/\d+/$"), timeout=60_000)
    plan_id = int(office.url.rstrip("/").rsplit("/", 1)[1])

    # she opens Quý II/2024 from the plan's reporting page
    open_menu(office, "Báo cáo")
    office.wait_for_selector("h1:has-text('Báo cáo')")
    office.click(f"#plans a[href='/bao-cao/ke-hoach/{plan_id}/']")
    office.wait_for_selector("h1:has-text('Báo cáo thực hiện kế hoạch')")
    assert "trước ngày 20 của tháng cuối quý" in office.locator("#deadline").inner_text()
    office.select_option("#id_period", "2024-Q2")
    office.click("button:has-text('Mở kỳ báo cáo')")
    # its deadline has long passed: the page says so, and she opens it as it was, to
    # record the units' reports as late
    office.wait_for_selector("text=Hạn gửi báo cáo 20/06/2024 đã qua")
    office.check("#id_past_deadline")
    office.click("button:has-text('Mở kỳ báo cáo')")
    office.wait_for_selector("text=Đã gửi yêu cầu báo cáo đến các đơn vị.")
    assert office.locator("#deadline").inner_text() == "20/06/2024"
    request_url = office.url

    # Thanh tra Sở asked for more time: the Office gives it a week from today
    office.click("#units tr[data-unit='so-khcn-tt'] a")
    office.wait_for_selector("#review")
    due = (datetime.date.today() + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    office.fill("#id_due", due)
    office.fill("#id_reason", "Thanh tra Sở đề nghị gia hạn do đang kiểm tra cơ sở bức xạ")
    office.click("button:has-text('Gia hạn')")
    office.wait_for_selector("text=Đã gia hạn cho đơn vị.")
    assert office.locator("#due").inner_text() == due

    # the head of Thanh tra Sở reports, within the time he was given
    head_context, head = log_in(browser, demo_server, "truongphong")
    submit_report(head, "so-khcn-tt", f"Thanh tra Sở đã rà soát 7 văn bản mới ({tag}).")
    assert "Đúng hạn" in head.locator("#state").inner_text()
    head_context.close()

    # the Office reports for its own unit, long after 20/06/2024
    submit_report(office, "so-khcn-vp", f"Văn phòng Sở đã tổ chức 01 lớp tập huấn ({tag}).")
    assert "Muộn" in office.locator("#state").inner_text()

    # the grid shows it: on time, late, and the unit that has not reported
    office.goto(f"{demo_server}/bao-cao/ke-hoach/{plan_id}/")
    grid = office.locator("#grid")
    assert grid.locator("th", has_text="Quý II/2024").count() == 1
    states = {
        code: grid.locator(f"tr[data-unit='{code}'] td[data-state]").get_attribute("data-state")
        for code in ("so-khcn-tt", "so-khcn-vp", "so-khcn-qlcn")
    }
    assert states == {"so-khcn-tt": "on_time", "so-khcn-vp": "late", "so-khcn-qlcn": "missing"}
    assert "Đúng hạn" in grid.locator("tr[data-unit='so-khcn-tt']").inner_text()
    assert "Muộn" in grid.locator("tr[data-unit='so-khcn-vp']").inner_text()

    # the Office compiles the report and downloads it as DOCX
    office.goto(request_url)
    office.click("button:has-text('Lập báo cáo tổng hợp')")
    office.wait_for_selector("#compiled-form")
    results = office.input_value("#id_results")
    assert "Có 2/" in results and "(1 đúng hạn, 1 muộn)" in results
    with office.expect_download() as download:
        office.click("#files a:has-text('DOCX')")
    target = tmp_path / "bao-cao.docx"
    download.value.save_as(target)
    assert download.value.suggested_filename.endswith(".docx")
    office_context.close()

    document = open_docx(io.BytesIO(target.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện công tác phòng thủ dân sự Quý II/2024" in text
    assert "I. KẾT QUẢ THỰC HIỆN" in text
    assert "IV. ĐỀ XUẤT, KIẾN NGHỊ" in text
    assert "(1 đúng hạn, 1 muộn)" in text
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in cells
    assert "Số:" in cells and "/BC-KHCN" in cells
    assert "- Bộ CHQS tỉnh (b/c);" in cells
    assert f"(đợt {tag})" in cells  # the appendix lists every task of the plan
