"""The import services: upload checks, the background read, the review's edits, confirmation."""

from __future__ import annotations

import copy
import io
import random
import shutil
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django_tasks_db.models import DBTaskResult

from phongthu.documents.models import Document
from phongthu.imports.models import ImportStatus, PlanImport, ReadStep
from phongthu.imports.services import (
    plan_import_confirm,
    plan_import_read,
    plan_import_start,
    plan_import_update,
)
from phongthu.org.models import OrgUnitAlias
from phongthu.plans.models import Plan, Task
from phongthu.plans.services import PlanImportError, UnresolvedUnits
from tests.conftest import require
from tests.imports.seed_docx import seed_docx

pytestmark = pytest.mark.django_db


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _blank_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (1200, 1600), color=255).save(buffer, format="PNG")
    return buffer.getvalue()


# --- Upload --------------------------------------------------------------------------------


def test_upload_stores_the_file_by_hash_and_queues_the_read(start, seed_bytes):
    plan_import = start(seed_bytes)

    assert plan_import.status == ImportStatus.READING
    assert plan_import.step == ReadStep.QUEUED
    assert plan_import.file.name == (f"imports/{plan_import.sha256[:2]}/{plan_import.sha256}.txt")
    with plan_import.file.open("rb") as handle:
        assert handle.read() == seed_bytes
    job = DBTaskResult.objects.get()
    assert job.task_path == "phongthu.imports.jobs.plan_import_read_job"
    assert job.args_kwargs["kwargs"] == {"plan_import_id": plan_import.pk}


def test_nothing_is_queued_when_the_transaction_rolls_back(unit, personas, seed_bytes):
    # given an upload inside a transaction that then fails
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        plan_import_start(data=seed_bytes, filename="a.txt", owner=unit("so-khcn"), by=None)
        raise RuntimeError
    # then no job points at a row that does not exist
    assert not DBTaskResult.objects.exists()
    assert not PlanImport.objects.exists()


def _broken_docx(seed_path) -> bytes:
    whole = seed_docx(seed_path)
    return whole[: len(whole) // 2]


BAD_INPUTS = {
    "empty": (b"", "trống.docx", "rỗng"),
    "blank": (b"  \n\t \n", "trắng.txt", "rỗng"),
    "random bytes": (random.Random(7).randbytes(4096), "lạ.bin", "Không nhận ra định dạng"),
    "zip bomb": (
        _zip({"word/document.xml": b"\0" * (3 * 1024 * 1024), "[Content_Types].xml": b"<x/>"}),
        "bom.docx",
        "bom nén",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(unit, personas, case, settings):
    data, name, words = BAD_INPUTS[case]
    with pytest.raises(ValidationError) as caught:
        plan_import_start(data=data, filename=name, owner=unit("so-khcn"), by=personas.office)
    assert words in " ".join(caught.value.messages)
    assert not PlanImport.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert not (settings.MEDIA_ROOT / "imports").exists()


def test_a_broken_word_file_is_refused(unit, personas, seed_path):
    with pytest.raises(ValidationError) as caught:
        plan_import_start(
            data=_broken_docx(seed_path), filename="hỏng.docx", owner=unit("so-khcn"), by=None
        )
    assert "bị hỏng" in caught.value.messages[0]
    assert not PlanImport.objects.exists()


def test_a_file_over_the_limit_is_refused(unit, settings, seed_bytes):
    settings.MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        plan_import_start(data=seed_bytes, filename="lớn.txt", owner=unit("so-khcn"), by=None)
    assert "quá lớn" in caught.value.messages[0]
    assert not PlanImport.objects.exists()


def test_the_same_file_again_returns_the_import_under_way(start, seed_bytes):
    first = start(seed_bytes)
    again = start(seed_bytes, filename="ban-sao.txt")
    assert again.pk == first.pk
    assert DBTaskResult.objects.count() == 1


def test_a_file_already_imported_points_at_its_plan(read, start, seed_bytes, personas):
    plan = plan_import_confirm(plan_import=read(seed_bytes), by=personas.office)
    again = start(seed_bytes)
    assert again.status == ImportStatus.DONE
    assert again.plan == plan
    assert Plan.objects.count() == 1


def test_another_body_cannot_take_over_an_imported_file(read, seed_bytes, personas, unit):
    plan_import_confirm(plan_import=read(seed_bytes), by=personas.office)
    with pytest.raises(ValidationError) as caught:
        plan_import_start(data=seed_bytes, filename="x.txt", owner=unit("so-ct"), by=None)
    assert "cơ quan khác" in caught.value.messages[0]


# --- The background read -------------------------------------------------------------------


def test_the_read_leaves_the_extraction_and_the_text(read, seed_bytes):
    plan_import = read(seed_bytes)

    assert plan_import.status == ImportStatus.READY
    assert plan_import.step == ReadStep.FINISHED
    assert plan_import.started_at and plan_import.finished_at
    assert len(plan_import.extraction["tasks"]) == 5
    assert plan_import.extraction["source"]["sha256"] == plan_import.sha256
    texts = [b.get("text", "") for b in plan_import.blocks]
    assert "KẾ HOẠCH" in texts
    assert any("rows" in b for b in plan_import.blocks)


def test_a_word_file_reads_like_its_text(read, seed_path):
    plan_import = read(seed_docx(seed_path), "ke-hoach.docx")
    extraction = plan_import.extraction
    assert extraction["source"]["format"] == "docx"
    assert len(extraction["tasks"]) == 5
    assert {t["group"]["label"] for t in extraction["tasks"]} == {"I", "II"}


def test_the_read_is_idempotent(read, seed_bytes):
    plan_import = read(seed_bytes)
    before = (plan_import.extraction, plan_import.finished_at)
    assert plan_import_read(plan_import_id=plan_import.pk) == "nothing to do"
    plan_import.refresh_from_db()
    assert (plan_import.extraction, plan_import.finished_at) == before


def test_a_word_file_without_a_body_fails_with_its_reason(read):
    plan_import = read(_zip({"[Content_Types].xml": b"<Types/>", "x.xml": b"<x/>"}), "rỗng.docx")
    assert plan_import.status == ImportStatus.FAILED
    assert "Word" in plan_import.message
    assert plan_import.extraction is None
    assert not Document.objects.exists()


@pytest.mark.ocr
def test_a_scan_without_text_fails_with_a_vietnamese_message(read):
    require(shutil.which("tesseract") is not None, "tesseract is not installed")
    plan_import = read(_blank_png(), "trang-trang.png")
    assert plan_import.status == ImportStatus.FAILED
    assert "Không nhận dạng được chữ" in plan_import.message


def test_an_unexpected_error_fails_the_import_without_losing_the_worker(read, monkeypatch):
    from phongthu.imports import services

    def explode(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(services, "parse", explode)
    plan_import = read(b"Ke hoach thu nghiem\n")
    assert plan_import.status == ImportStatus.FAILED
    assert "lỗi" in plan_import.message


# --- Review and confirmation ----------------------------------------------------------------


def _rows(extraction):
    document = extraction["document"]
    tasks = [
        {
            "index": i,
            "group_label": (t["group"] or {}).get("label", ""),
            "group_title": (t["group"] or {}).get("title", ""),
            "label": t["label"],
            "content": t["content"],
            "lead": t["lead"],
            "support": t["support"],
            "timeframe": t["timeframe"]["text"],
        }
        for i, t in enumerate(extraction["tasks"])
    ]
    citations = [
        {
            "index": i,
            "type": c["type"],
            "reference": c["reference"],
            "date": None,
            "issuer": c["issuer"],
            "role": c["role"],
        }
        for i, c in enumerate(extraction["citations"])
    ]
    return document, citations, tasks


def test_edits_are_kept_and_an_edited_timeframe_is_read_again(read, seed_bytes, personas):
    plan_import = read(seed_bytes)
    _document, citations, tasks = _rows(plan_import.extraction)
    tasks[0]["timeframe"] = "Trước ngày 30/6/2024"
    tasks[1]["content"] = "Rà soát kế hoạch phòng thủ dân sự của Sở"
    del tasks[4]
    tasks.append(
        {
            "index": None,
            "group_label": "II",
            "group_title": tasks[3]["group_title"],
            "label": "3",
            "content": "Diễn tập ứng phó sự cố bức xạ",
            "lead": ["Ban CHQS Sở"],
            "support": [],
            "timeframe": "Quý III/2024",
        }
    )

    plan_import_update(
        plan_import=plan_import,
        by=personas.office,
        document={"reference": "12/KH-KHCN", "day": 15, "month": 3, "year": 2024},
        citations=citations[:2],
        tasks=tasks,
    )

    plan_import.refresh_from_db()
    extraction = plan_import.extraction
    assert extraction["document"]["number"] == "12"
    assert extraction["document"]["date"]["iso"] == "2024-03-15"
    assert len(extraction["citations"]) == 2
    assert extraction["tasks"][0]["timeframe"] == {"text": "Trước ngày 30/6/2024", "edited": True}
    assert extraction["tasks"][1]["timeframe"]["kind"] == "ongoing"  # untouched: kept as read
    assert [t["label"] for t in extraction["tasks"]] == ["1", "2", "3", "1", "3"]
    assert plan_import.updated_by == personas.office

    plan = plan_import_confirm(plan_import=plan_import, by=personas.office)
    first = plan.tasks.get(position=0)
    assert (first.kind, first.due.isoformat()) == ("deadline", "2024-06-30")
    assert plan.tasks.get(position=4).assignments.get().unit.code == "so-khcn-bchqs"
    assert plan.document.reference == "12/KH-KHCN"


def test_confirm_makes_the_plan_once(read, seed_bytes, personas):
    plan_import = read(seed_bytes)
    plan = plan_import_confirm(plan_import=plan_import, by=personas.office)
    assert plan.tasks.count() == 5
    assert plan.groups.count() == 2
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.plan) == (ImportStatus.DONE, plan)
    assert plan_import_confirm(plan_import=plan_import, by=personas.office) == plan
    assert Plan.objects.count() == 1


def test_an_unknown_unit_stops_confirmation_until_it_is_mapped(read, seed_bytes, personas, unit):
    plan_import = read(seed_bytes)
    _document, citations, tasks = _rows(plan_import.extraction)
    tasks[0]["lead"] = ["Tổ phản ứng nhanh"]
    plan_import_update(
        plan_import=plan_import, by=None, document={}, citations=citations, tasks=tasks
    )

    with pytest.raises(UnresolvedUnits) as caught:
        plan_import_confirm(plan_import=plan_import, by=personas.office)
    assert caught.value.names == ["Tổ phản ứng nhanh"]
    assert (Plan.objects.count(), Task.objects.count(), Document.objects.count()) == (0, 0, 0)
    plan_import.refresh_from_db()
    assert plan_import.status == ImportStatus.READY

    plan = plan_import_confirm(
        plan_import=plan_import,
        by=personas.office,
        mapping={"Tổ phản ứng nhanh": unit("so-khcn-tt")},
    )
    assert plan.tasks.get(position=0).assignments.get(role="lead").unit.code == "so-khcn-tt"
    assert OrgUnitAlias.objects.filter(alias="Tổ phản ứng nhanh").exists()


def test_a_document_without_tasks_cannot_be_confirmed(read, personas):
    plan_import = read("Thông báo\n\nNội dung không có bảng nhiệm vụ.\n".encode())
    assert plan_import.status == ImportStatus.READY
    with pytest.raises(PlanImportError) as caught:
        plan_import_confirm(plan_import=plan_import, by=personas.office)
    assert "Không tìm thấy nhiệm vụ" in str(caught.value)
    assert not Plan.objects.exists()


def test_an_import_still_reading_can_be_neither_edited_nor_confirmed(start, seed_bytes):
    plan_import = start(seed_bytes)
    with pytest.raises(PlanImportError):
        plan_import_update(plan_import=plan_import, by=None, document={}, citations=[], tasks=[])
    with pytest.raises(PlanImportError):
        plan_import_confirm(plan_import=plan_import, by=None)


def test_update_keeps_what_the_form_does_not_show(read, seed_bytes):
    plan_import = read(seed_bytes)
    original = copy.deepcopy(plan_import.extraction)
    _document, citations, tasks = _rows(original)
    plan_import_update(
        plan_import=plan_import, by=None, document={}, citations=citations, tasks=tasks
    )
    plan_import.refresh_from_db()
    assert plan_import.extraction["sections"] == original["sections"]
    assert plan_import.extraction["directives"] == original["directives"]
    assert plan_import.extraction["tasks"] == original["tasks"]
