"""Writes for plan imports: upload, the background read, the review's edits, confirmation.

    plan_import_start    checks the bytes, stores them by sha256, queues the read
    plan_import_read     the background job: read and understand the stored file
    plan_import_update   keeps what the person corrected on the review page
    plan_import_confirm  hands the reviewed extraction to plans.services.plan_import

Reading a scan takes minutes, so it always runs as a job (even for text: one path), and
the import row tells the pages how it went. Only confirmation creates anything outside
this app, and it does so in one transaction through the plans' one door.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import logging
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongthu.imports.models import ImportStatus, PlanImport, ReadStep
from phongthu.ingest import readers
from phongthu.ingest.model import Block, IngestError, Source, Table
from phongthu.ingest.parse import parse
from phongthu.ingest.readers.base import human_size
from phongthu.ingest.readers.docx_package import is_zip, open_zip
from phongthu.org.models import OrgUnit
from phongthu.plans import services as plans
from phongthu.plans.models import Plan
from phongthu.plans.services import PlanImportError, plan_for_file
from phongthu.text import clean

logger = logging.getLogger(__name__)

_FILENAME_LIMIT = 255


# --- Upload ------------------------------------------------------------------------------


def upload_check(*, data: bytes, filename: str) -> None:
    """Refuse, with a Vietnamese message, what can be refused without reading the file.

    Size and emptiness; the format, as the reader registry recognises it from the bytes;
    and for Word files the zip directory (broken or a zip bomb), which costs no inflating.
    The rest (a scan without text, say) only the read can tell; the job records it.
    """
    if not data or not data.strip():
        raise ValidationError(
            _("The file “%(name)s” is empty: there is nothing to read.") % {"name": filename},
            code="empty",
        )
    limit = settings.MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ValidationError(
            _("The file “%(name)s” is too large (%(size)s); files up to %(limit)s are accepted.")
            % {"name": filename, "size": human_size(len(data)), "limit": human_size(limit)},
            code="too_large",
        )
    if readers.choose(data, filename) is None:
        raise ValidationError(
            _(
                "The format of “%(name)s” is not recognised. Upload a Word document (.docx, "
                ".doc), a PDF, a scan (PNG, JPEG, TIFF) or plain text (.txt, .md)."
            )
            % {"name": filename},
            code="format",
        )
    if is_zip(data):
        try:
            open_zip(data, filename).close()
        except IngestError as exc:
            raise ValidationError(str(exc), code="broken") from exc


def _safe_name(filename: str) -> str:
    name = clean(PurePath(filename.replace("\\", "/")).name) or "van-ban"
    return name[-_FILENAME_LIMIT:]


@transaction.atomic
def plan_import_start(
    *,
    data: bytes,
    filename: str,
    owner: OrgUnit,
    by: User | None,
    parent_plan: Plan | None = None,
) -> PlanImport:
    """Accept an upload for `owner` and queue its reading; or point at what already exists.

    The same file again returns the plan made from it (an import marked done), or the
    import still under way for it. Raises ValidationError (Vietnamese) and changes
    nothing when the file is refused.
    """
    filename = _safe_name(filename)
    upload_check(data=data, filename=filename)
    if parent_plan is not None:
        _subplan_check(parent_plan, owner)
    sha = hashlib.sha256(data).hexdigest()

    existing_plan = plan_for_file(sha)
    if existing_plan is not None:
        if existing_plan.owner_id != owner.pk:
            raise ValidationError(
                _("This file has already been imported as a plan of another body."),
                code="other_owner",
            )
        done = PlanImport.objects.filter(plan=existing_plan).order_by("-created_at").first()
        if done is not None:
            return done
        return PlanImport.objects.create(
            owner=owner,
            filename=filename,
            sha256=sha,
            size=len(data),
            status=ImportStatus.DONE,
            step=ReadStep.FINISHED,
            plan=existing_plan,
            created_by=by,
        )

    under_way = (
        PlanImport.objects.filter(
            owner=owner, sha256=sha, status__in=[ImportStatus.READING, ImportStatus.READY]
        )
        .order_by("-created_at")
        .first()
    )
    if under_way is not None:
        return under_way

    plan_import = PlanImport(
        owner=owner,
        filename=filename,
        sha256=sha,
        size=len(data),
        parent_plan=parent_plan,
        created_by=by,
    )
    _store(plan_import, data)
    plan_import.save()
    plan_import_enqueue(plan_import=plan_import)
    return plan_import


def _subplan_check(parent: Plan, unit: OrgUnit) -> None:
    if not plans.subplan_units_allowed(parent=parent, unit=unit):
        raise ValidationError(
            _("A detailed plan is imported by a unit of the body that issued the plan."),
            code="subplan_unit",
        )
    if plans.subplan_of(parent=parent, unit=unit) is not None:
        raise ValidationError(
            _("This unit already has its detailed plan of this plan."), code="subplan_exists"
        )


def _store(plan_import: PlanImport, data: bytes) -> None:
    """Store the bytes under their sha256; bytes already stored are not written again."""
    field = plan_import.file
    name = field.field.generate_filename(plan_import, plan_import.filename)
    if field.storage.exists(name):
        field.name = name
    else:
        field.save(plan_import.filename, ContentFile(data), save=False)


def plan_import_enqueue(*, plan_import: PlanImport) -> None:
    """Queue the read once the row is committed, so the worker always finds it."""
    from phongthu.imports.jobs import plan_import_read_job

    pk = plan_import.pk
    transaction.on_commit(lambda: plan_import_read_job.enqueue(plan_import_id=pk))


# --- The background read -----------------------------------------------------------------


def _step(pk: int, step: ReadStep, **fields: Any) -> int:
    return PlanImport.objects.filter(pk=pk, status=ImportStatus.READING).update(
        step=step, updated_at=timezone.now(), **fields
    )


def _finish(pk: int, **fields: Any) -> None:
    now = timezone.now()
    PlanImport.objects.filter(pk=pk, status=ImportStatus.READING).update(
        step=ReadStep.FINISHED, finished_at=now, updated_at=now, **fields
    )


def plan_import_read(*, plan_import_id: int) -> str:
    """Read and understand the stored file; leave the extraction or the reason it failed.

    Idempotent: the run that moves the import out of "queued" does the work; any other
    run (a job delivered twice) finds nothing to do. Returns what happened, for the log.
    """
    if not PlanImport.objects.filter(
        pk=plan_import_id, status=ImportStatus.READING, step=ReadStep.QUEUED
    ).update(step=ReadStep.READING, started_at=timezone.now(), updated_at=timezone.now()):
        return "nothing to do"
    plan_import = PlanImport.objects.get(pk=plan_import_id)
    try:
        with plan_import.file.open("rb") as handle:
            data = handle.read()
        extraction, blocks = _extract(data, plan_import, ocr=True)
    except IngestError as exc:
        _finish(plan_import_id, status=ImportStatus.FAILED, message=str(exc))
        return "failed"
    except Exception:
        logger.exception("Reading plan import %s failed", plan_import_id)
        _finish(
            plan_import_id,
            status=ImportStatus.FAILED,
            message=_(
                "The document could not be read because of an error in the system. The "
                "error has been logged; try again later or send the file to the administrator."
            ),
        )
        return "failed"
    except BaseException:
        # The worker was stopped in the middle (a second Ctrl+C): say so, rather than
        # leave the page waiting for ever.
        _finish(
            plan_import_id,
            status=ImportStatus.FAILED,
            message=_("Reading was interrupted because the worker stopped. Upload the file again."),
        )
        raise
    _finish(plan_import_id, status=ImportStatus.READY, extraction=extraction, blocks=blocks)
    return "ready"


def _extract(data: bytes, plan_import: PlanImport, *, ocr: bool) -> tuple[dict[str, Any], list]:
    """`phongthu.ingest.pipeline.extract`, step by step, keeping the blocks it reads.

    The pipeline's two steps are called here directly (read, then parse) so that the
    blocks, which the review page shows beside the extraction, come from the same read
    (an OCR is not run twice), and so the page can show which step is running.
    """
    result = readers.read(data, plan_import.filename, ocr=ocr)
    _step(plan_import.pk, ReadStep.PARSING)
    source = Source(
        filename=plan_import.filename,
        format=result.format,
        sha256=hashlib.sha256(data).hexdigest(),
        ocr=result.ocr,
        encoding=result.encoding,
        pages=result.pages,
    )
    return parse(result, source).to_json(), plain_blocks(result.blocks)


def plain_blocks(blocks: list[Block]) -> list[dict[str, Any]]:
    """The document's text as the review page shows it: paragraphs, and tables as rows."""
    plain: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = [[cell.text for cell in row] for row in block.rows]
            if any(any(text.strip() for text in row) for row in rows):
                plain.append({"rows": rows, "layout": block.layout})
        elif block.text.strip():
            text = f"{block.numbering} {block.text}" if block.numbering else block.text
            plain.append({"text": text, "bold": block.bold, "center": block.align == "center"})
    return plain


# --- The review ----------------------------------------------------------------------------


def _reference_parts(reference: str) -> tuple[str, str]:
    number, _slash, symbol = reference.partition("/")
    return number.strip(), symbol.strip()


def _type_code(symbol: str) -> str:
    return symbol.split("-", 1)[0] if symbol else ""


def _document_edit(document: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    document = dict(document)
    for key in ("type", "issuer_parent", "issuer", "place", "title"):
        if key in edits:
            document[key] = clean(edits[key] or "") or None
    if "reference" in edits:
        reference = "".join((edits["reference"] or "").split())
        if reference != (document.get("reference") or ""):
            number, symbol = _reference_parts(reference)
            document["reference"] = reference or None
            document["number"] = number or None
            document["symbol"] = symbol or None
            document["type_code"] = _type_code(symbol) or document.get("type_code")
    if {"day", "month", "year"} & edits.keys():
        day, month, year = edits.get("day"), edits.get("month"), edits.get("year")
        iso = None
        if day and month and year:
            iso = datetime.date(year, month, day).isoformat()
        document["date"] = {"year": year, "month": month, "day": day, "iso": iso}
    if any(key.startswith("signer_") for key in edits):
        signer = {
            key: clean(edits.get(f"signer_{key}") or "") or None
            for key in ("name", "position", "on_behalf_of")
        }
        signer["authority"] = edits.get("signer_authority") or ""
        document["signer"] = signer if any(signer.values()) else None
    return document


def _rows_edit(
    original: list[dict[str, Any]], rows: list[dict[str, Any]], build: Any
) -> list[dict[str, Any]]:
    """Rows as edited; each keeps the keys the form does not show from the row it came from."""
    edited = []
    for row in rows:
        index = row.get("index")
        base = original[index] if isinstance(index, int) and 0 <= index < len(original) else {}
        edited.append(build(copy.deepcopy(base), row))
    return edited


def _citation(base: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    date = row.get("date")
    base.update(
        type=clean(row.get("type") or "") or None,
        reference="".join((row.get("reference") or "").split()),
        date=date.isoformat() if isinstance(date, datetime.date) else None,
        issuer=clean(row.get("issuer") or "") or None,
        role=row.get("role") or base.get("role") or "mentioned",
    )
    return base


def _names(values: list[str]) -> list[str]:
    names: list[str] = []
    for value in values:
        name = clean(value).strip(" ;,.")
        if name and name not in names:
            names.append(name)
    return names


def _task(base: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    group_label = clean(row.get("group_label") or "")
    group_title = clean(row.get("group_title") or "")
    timeframe_text = clean(row.get("timeframe") or "")
    timeframe = base.get("timeframe") or {}
    if timeframe_text != clean(timeframe.get("text") or "") or not timeframe:
        # plans.services reads the schedule again from an edited text.
        timeframe = {"text": timeframe_text, "edited": True}
    base.update(
        group={"label": group_label, "title": group_title} if group_label or group_title else None,
        label=clean(row.get("label") or ""),
        content=clean(row.get("content") or ""),
        lead=_names(row.get("lead") or []),
        support=_names(row.get("support") or []),
        timeframe=timeframe,
    )
    return base


@transaction.atomic
def plan_import_update(
    *,
    plan_import: PlanImport,
    by: User | None,
    document: dict[str, Any],
    citations: list[dict[str, Any]],
    tasks: list[dict[str, Any]],
    mapping: dict[str, int] | None = None,
) -> PlanImport:
    """Keep the person's corrections of the review page in the import's extraction.

    `document` holds header fields (type, reference, issuer_parent, issuer, place, day,
    month, year, title, signer_*); `citations` and `tasks` are the rows as the page
    shows them, each with the `index` of the row it was read as (None for a new row).
    A task whose timeframe text changed is marked "edited", so plans reads it again.
    """
    locked = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if locked.status != ImportStatus.READY or locked.extraction is None:
        raise PlanImportError(_("This import can no longer be edited."))
    extraction = copy.deepcopy(locked.extraction)
    extraction["document"] = _document_edit(extraction.get("document") or {}, document)
    extraction["citations"] = [
        c
        for c in _rows_edit(extraction.get("citations") or [], citations, _citation)
        if c["reference"]
    ]
    extraction["tasks"] = _rows_edit(extraction.get("tasks") or [], tasks, _task)
    locked.extraction = extraction
    if mapping is not None:
        locked.mapping = {clean(name): int(pk) for name, pk in mapping.items() if pk}
    locked.updated_by = by
    locked.save(update_fields=["extraction", "mapping", "updated_by", "updated_at"])
    plan_import.extraction, plan_import.mapping = locked.extraction, locked.mapping
    return locked


@transaction.atomic
def plan_import_confirm(
    *, plan_import: PlanImport, by: User | None, mapping: dict[str, OrgUnit] | None = None
) -> Plan:
    """Make the plan from the reviewed extraction, all or nothing.

    Raises `UnresolvedUnits` while a unit name matches no unit and `mapping` does not
    say which unit it means, and `PlanImportError` for anything else that stops it;
    in both cases nothing is written. Confirming twice returns the same plan.
    """
    locked = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if locked.status == ImportStatus.DONE and locked.plan_id is not None:
        return Plan.objects.get(pk=locked.plan_id)
    if locked.status != ImportStatus.READY or locked.extraction is None:
        raise PlanImportError(_("This import is not ready to be confirmed."))
    if not locked.extraction.get("tasks"):
        raise PlanImportError(
            _(
                "No task was found in this document: add the tasks on this page, or upload "
                "another file."
            )
        )
    with locked.file.open("rb") as handle:
        data = handle.read()
    plan = plans.plan_import(
        extraction=locked.extraction,
        owner=locked.owner,
        by=by,
        data=data,
        mapping=mapping,
        parent=locked.parent_plan,
    )
    locked.status = ImportStatus.DONE
    locked.plan = plan
    locked.updated_by = by
    locked.save(update_fields=["status", "plan", "updated_by", "updated_at"])
    return plan
