"""Parse: the blocks a reader gave, understood as one administrative document.

`parse(read, source)` runs the steps below in order over a shared `ParseState`. Each
step reads one part of the document (Nghị định 30/2020 fixes where each part stands)
and fills its part of the `Extraction`:

1. regions    — header, title, body, closing (recipients | signature), appendix
2. header     — type, number and symbol, issuer, place and date, trích yếu
3. closing    — recipients with their purpose marks, archive, signer
4. outline    — sections (Phần, I, Điều, 1, a)
5. citations  — every document cited by number, basis or mentioned
6. directives — the standing orders of "Tổ chức thực hiện"
7. tasks      — the task table(s), by `parse.tasks.extract_tasks`; without any task
                table, the outline items of the tasks part that name a lead or a time
                (`parse.items`)
8. inference  — values implied but not printed (listed in `inferred`)
9. checks     — Vietnamese warnings for what is missing or looks wrong
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from typing import Any, cast

from phongthu.ingest.model import Block, Extraction, ReadResult, Source, Table, Task
from phongthu.ingest.parse import columns
from phongthu.ingest.parse.checks import check_values
from phongthu.ingest.parse.citations import read_citations
from phongthu.ingest.parse.closing import read_closing
from phongthu.ingest.parse.directives import read_directives
from phongthu.ingest.parse.header import read_header
from phongthu.ingest.parse.inference import infer_values
from phongthu.ingest.parse.items import outline_tasks
from phongthu.ingest.parse.outline import read_outline
from phongthu.ingest.parse.regions import locate
from phongthu.ingest.parse.state import ParseState

__all__ = ["STEPS", "parse"]

logger = logging.getLogger(__name__)

Step = Callable[[ParseState], None]
TaskExtractor = Callable[..., tuple[list[Task], list[str]]]


def _task_extractor() -> TaskExtractor | None:
    # The task-table parser is its own module, owned apart; the pipeline runs without it.
    try:
        module = importlib.import_module("phongthu.ingest.parse.tasks")
    except ImportError:
        return None
    return cast("TaskExtractor | None", getattr(module, "extract_tasks", None))


def _find_year(state: ParseState) -> None:
    doc = state.extraction.document
    state.year = doc.date.year
    if state.year is None and doc.title:
        m = re.search(r"năm\s+((?:19|20)\d{2})", doc.title)
        state.year = int(m.group(1)) if m else None


def read_tasks(state: ParseState) -> None:
    extract_tasks = _task_extractor()
    if extract_tasks is None:
        return
    _find_year(state)
    blocks: list[Block] = list(state.blocks)
    tasks, warnings = extract_tasks(blocks, year=state.year)
    if not tasks and not _has_task_table(blocks):
        # Tasks written as numbered paragraphs; never in addition to a table's.
        tasks, warnings = outline_tasks(state)
    state.extraction.tasks = list(tasks)
    state.extraction.warnings.extend(w for w in warnings if w not in state.extraction.warnings)


def _has_task_table(blocks: list[Block]) -> bool:
    return any(
        isinstance(block, Table)
        and not block.layout
        and columns.read_header(columns.build_grid(block)) is not None
        for block in blocks
    )


# (what the step reads, in Vietnamese for the warning if it fails; the step)
STEPS: tuple[tuple[str, Step], ...] = (
    ("bố cục văn bản", locate),
    ("phần đầu văn bản", read_header),
    ("nơi nhận và phần ký", read_closing),
    ("đề mục", read_outline),
    ("các văn bản được viện dẫn", read_citations),
    ("phần tổ chức thực hiện", read_directives),
    ("bảng nhiệm vụ", read_tasks),
    ("giá trị suy luận", infer_values),
    ("kiểm tra", check_values),
)


def parse(read: ReadResult, source: Source, *, strict: bool = False) -> Extraction:
    """The document the blocks make up. With `strict`, a failing step raises (tests);
    otherwise it is skipped with a warning, so one misread part loses no others."""
    extraction = Extraction(source=source)
    extraction.warnings.extend(read.warnings)
    state = ParseState(read=read, extraction=extraction, blocks=list(read.blocks))
    for label, step in STEPS:
        try:
            step(state)
        except Exception as exc:
            if strict:
                raise
            logger.exception("parse step %s failed on %s", step.__name__, source.filename)
            extraction.warnings.append(_failure(label, exc))
    return extraction


def _failure(label: str, exc: Any) -> str:
    return f"Không đọc được {label} (lỗi {type(exc).__name__}); các phần khác vẫn được đọc."
