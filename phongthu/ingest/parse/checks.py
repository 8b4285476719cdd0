"""Step 9: what the user should know — a draft without number or day, missing parts.

Warnings are Vietnamese sentences, shown as they are. They never block an import by
themselves; they say what was not found or looks wrong so a person can check it.
"""

from __future__ import annotations

from phongthu.ingest.parse.state import ParseState


def check_values(state: ParseState) -> None:
    extraction = state.extraction
    doc = extraction.document
    warnings: list[str] = []
    if doc.reference is None and doc.symbol is None:
        warnings.append("Không tìm thấy số, ký hiệu của văn bản (dòng “Số:”).")
    elif doc.number is None and "number" not in state.unreadable:
        warnings.append("Văn bản chưa có số (dự thảo hoặc chưa đăng ký vào sổ văn bản đi).")
    if doc.date.year is None:
        warnings.append("Không tìm thấy địa danh và ngày ban hành.")
    elif (doc.date.day is None or doc.date.month is None) and "date" not in state.unreadable:
        warnings.append("Văn bản chưa ghi ngày ban hành đầy đủ (còn để trống ngày hoặc tháng).")
    if doc.type is None:
        warnings.append("Không xác định được loại văn bản.")
    if doc.issuer is None:
        warnings.append("Không tìm thấy tên cơ quan ban hành văn bản.")
    elif "document.issuer" in extraction.inferred:
        warnings.append(
            f"Văn bản không in tên cơ quan ban hành; đã suy ra “{doc.issuer}” "
            "từ ký hiệu và nội dung văn bản."
        )
    if not doc.title:
        warnings.append("Không tìm thấy trích yếu của văn bản.")
    if doc.signer is None:
        warnings.append("Không tìm thấy phần ký (thẩm quyền, chức vụ, họ tên người ký).")
    elif not doc.signer.name:
        warnings.append("Văn bản chưa có họ tên người ký.")
    if doc.type == "Kế hoạch" and not extraction.tasks:
        warnings.append(
            "Không tìm thấy nhiệm vụ nào: văn bản không có bảng nhiệm vụ, cũng không có mục "
            "nhiệm vụ ghi rõ đơn vị chủ trì hoặc thời gian."
        )
    if extraction.source.ocr:
        warnings.append(
            "Nội dung được nhận dạng từ ảnh (OCR): cần đối chiếu số, ngày và tên riêng với bản gốc."
        )
    for warning in warnings:
        if warning not in extraction.warnings:
            extraction.warnings.append(warning)
