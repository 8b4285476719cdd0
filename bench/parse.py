"""Parsing benchmark: throughput and peak memory of `phongthu parse`, one core.

    python -m bench.parse                 the table (make bench-parse)
    python -m bench.parse --only text,ocr some rows
    python -m bench.parse --profile docx  where the time goes: per step, then per function
    python -m bench.parse --strict        exit 1 when a target is missed

Each row is measured in a fresh process pinned to CPU 0 (`os.sched_setaffinity`; the
tesseract it starts inherits the pin), so one row's memory and caches do not leak
into the next and the figures are those of one core. Peak memory is the process's
high-water RSS (`getrusage` ru_maxrss): interpreter and libraries included, because
that is what a worker needs. The inputs are synthetic plans from `bench.samples`,
made once and cached in bench/out/.

The targets (issue 3): 50 or more five-page text or DOCX plans a second; a 200-page
text-layer PDF in under 200 MB; OCR within 10% of tesseract's own time on the same
pages, tesseract run directly on each of the same 300 dpi page images with one
thread. The reader gives tesseract several pages a run (its model loaded once), so a
last row also times tesseract alone on all the pages in one run, for comparison.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import samples

ROOT = Path(__file__).resolve().parents[1]

TEXT_DOCX_DOCS_PER_S = 50.0
LONG_PDF_PEAK_MB = 200.0
OCR_OVERHEAD = 0.10
_MIN_SECONDS = 3.0  # fast rows repeat for at least this long
_MIN_DOCS = 5


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    label: str
    make: Callable[[], Path]
    needs: tuple[str, ...] = ()  # programs the row needs ("soffice", "tesseract")
    repeat: bool = True  # repeat for _MIN_SECONDS (fast inputs) or run once


CASES = {
    c.name: c
    for c in (
        Case("text", "text, 5-page plan", samples.five_page_text),
        Case("docx", "DOCX, 5-page plan", samples.five_page_docx),
        Case("pdf", "PDF text layer, 5 pages", samples.five_page_pdf, ("soffice",)),
        Case(
            "pdf200",
            "PDF text layer, 200 pages",
            samples.long_pdf,
            ("soffice",),
            repeat=False,
        ),
        Case(
            "ocr",
            "OCR, scanned PDF, 5 pages",
            samples.scan_pdf,
            ("soffice", "tesseract"),
            repeat=False,
        ),
        Case(
            "tesseract",
            "tesseract alone, same pages",
            samples.scan_pdf,
            ("soffice", "tesseract"),
            repeat=False,
        ),
        Case(
            "tesseract1",
            "tesseract alone, one run",
            samples.scan_pdf,
            ("soffice", "tesseract"),
            repeat=False,
        ),
    )
}
_TESSERACT_ROWS = ("tesseract", "tesseract1")


def _available(program: str) -> bool:
    if program == "soffice":
        return samples.soffice() is not None
    return shutil.which(program) is not None


def _pages(case: Case) -> int:
    if case.name in ("text", "docx"):
        # The same content as the five-page PDF; without LibreOffice, as designed.
        if samples.soffice():
            return samples.pdf_pages(samples.five_page_pdf().read_bytes())
        return 5
    return samples.pdf_pages(case.make().read_bytes())


def _expected_tasks(case: Case) -> int | None:
    plan = samples.five_page_plan().task_count
    if case.name == "pdf200":
        appendices = samples.LONG_PDF_PAGES - samples.pdf_pages(
            samples.five_page_pdf().read_bytes()
        )
        return plan + appendices * samples.APPENDIX_TASKS
    return None if case.name in _TESSERACT_ROWS else plan


# --- one measurement, in its own process -------------------------------------------------


def _pin() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})


def _rss_mb() -> float:
    with Path("/proc/self/statm").open() as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _tesseract_alone(pages: list[Path], *, one_run: bool = False) -> None:
    """What the OCR reader asks of tesseract for a page, run directly on each page
    (the target's measure), or on all the pages in one run, loading the model once
    (as the reader does: for comparison)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    inputs = [str(page) for page in pages]
    if one_run:
        listing = samples.OUT / "scan-pages.txt"
        listing.write_text("\n".join(inputs) + "\n", encoding="utf-8")
        inputs = [str(listing)]
    for source in inputs:
        subprocess.run(
            ["tesseract", source, "stdout", "-l", "vie", "--psm", "3",
             "--dpi", str(samples.SCAN_DPI), "tsv"],
            check=True, capture_output=True, env=env,
        )  # fmt: skip


def child(name: str) -> dict[str, object]:
    _pin()
    case = CASES[name]
    path = case.make()
    data = path.read_bytes()
    from phongthu.ingest.pipeline import extract

    # Imports and first-use caches are not the documents' cost: load them on a
    # small document first (the heavy rows are then run exactly once).
    extract(samples.plan_text(samples.make_plan(groups=1, tasks=2)).encode(), "warm.txt")
    if case.repeat:
        extract(data, path.name)
    base_mb = _rss_mb()
    tasks = None
    docs = 0
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    while True:
        if name in _TESSERACT_ROWS:
            _tesseract_alone(samples.scan_pages(), one_run=name == "tesseract1")
        else:
            tasks = len(extract(data, path.name).tasks)
        docs += 1
        cpu = _cpu_seconds() - cpu_start
        if not case.repeat or (cpu >= _MIN_SECONDS and docs >= _MIN_DOCS):
            break
    return {
        "docs": docs,
        "seconds": cpu,
        "wall_seconds": time.perf_counter() - start,
        "tasks": tasks,
        "base_mb": base_mb,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _cpu_seconds() -> float:
    """CPU time of this process and of the programs it ran and waited for (tesseract).

    On a core of its own this is the wall time; on a shared machine (other builds and
    tests running) the wall time also counts waiting for the core, and says nothing
    about the code measured.
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _run_child(name: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.parse", "--child", name],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{name}: the measurement failed\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- the table ---------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    case: Case
    pages: int
    docs: int
    seconds: float  # CPU seconds, the process and its children
    wall_seconds: float
    peak_mb: float
    base_mb: float
    children_peak_mb: float
    tasks: str
    target: str = "—"
    met: bool | None = None

    @property
    def per_doc(self) -> float:
        return self.seconds / self.docs

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds

    @property
    def pages_per_s(self) -> float:
        return self.docs * self.pages / self.seconds


def _judge(rows: dict[str, Row]) -> None:
    for name in ("text", "docx"):
        if name in rows:
            row = rows[name]
            row.target = f"≥ {TEXT_DOCX_DOCS_PER_S:.0f} docs/s"
            row.met = row.docs_per_s >= TEXT_DOCX_DOCS_PER_S
    if "pdf200" in rows:
        row = rows["pdf200"]
        row.target = f"peak < {LONG_PDF_PEAK_MB:.0f} MB"
        row.met = row.peak_mb < LONG_PDF_PEAK_MB
    if "ocr" in rows:
        row = rows["ocr"]
        if "tesseract" in rows:
            alone = rows["tesseract"].per_doc
            row.target = f"≤ {1 + OCR_OVERHEAD:.2f} × tesseract ({row.per_doc / alone:.2f} ×)"
            row.met = row.per_doc <= (1 + OCR_OVERHEAD) * alone
        else:
            row.target = "needs the tesseract row"
        if "tesseract1" in rows:
            ratio = row.per_doc / rows["tesseract1"].per_doc
            rows["tesseract1"].target = f"for comparison: OCR is {ratio:.2f} × this"


def _format(rows: list[Row], skipped: list[str]) -> str:
    head = (
        "input",
        "pages",
        "docs",
        "CPU s/doc",
        "wall s/doc",
        "docs/s",
        "pages/s",
        "peak MB",
        "tasks",
        "target / met",
    )
    lines = []
    for r in rows:
        verdict = "" if r.met is None else (" — met" if r.met else " — MISSED")
        lines.append(
            (
                r.case.label,
                str(r.pages),
                str(r.docs),
                f"{r.per_doc:.3f}",
                f"{r.wall_seconds / r.docs:.3f}",
                f"{r.docs_per_s:.2f}",
                f"{r.pages_per_s:.1f}",
                f"{r.peak_mb:.0f}"
                + (f" (+{r.children_peak_mb:.0f})" if r.children_peak_mb >= 1 else ""),
                r.tasks,
                r.target + verdict,
            )
        )
    widths = [max(len(x[i]) for x in [head, *lines]) for i in range(len(head))]

    def fmt(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.ljust(w) if i in (0, len(cells) - 1) else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [fmt(head), "  ".join("-" * w for w in widths)]
    out += [fmt(x) for x in lines]
    out.append("")
    out += [
        "One core (CPU 0). Rates are per CPU second of the process and the programs it",
        "ran (tesseract): the wall time on a core of its own. peak MB: the process's",
        "high-water RSS, interpreter included; (+N): the largest program it ran.",
    ]
    busy = [r.case.label for r in rows if r.wall_seconds > 1.3 * r.seconds]
    if busy:
        out.append("The machine was busy (wall time over 1.3 × CPU time) for: " + "; ".join(busy))
    if rows:
        base = min(r.base_mb for r in rows)
        out.append(f"A process that has only imported the pipeline holds about {base:.0f} MB.")
    out += [f"Skipped: {s}" for s in skipped]
    return "\n".join(out)


def table(names: list[str]) -> tuple[str, bool]:
    skipped: list[str] = []
    measured: dict[str, Row] = {}
    for name in names:
        case = CASES[name]
        missing = [p for p in case.needs if not _available(p)]
        if missing:
            skipped.append(f"{case.label}: {', '.join(missing)} not installed")
            continue
        case.make()  # generated (and cached) here, not in the timed process
        if name in ("ocr", *_TESSERACT_ROWS):
            samples.scan_pages()
        print(f"… {case.label}", file=sys.stderr, flush=True)
        result = _run_child(name)
        expected = _expected_tasks(case)
        tasks = result["tasks"]
        measured[name] = Row(
            case=case,
            pages=_pages(case),
            docs=int(result["docs"]),
            seconds=float(result["seconds"]),
            wall_seconds=float(result["wall_seconds"]),
            peak_mb=float(result["peak_mb"]),
            base_mb=float(result["base_mb"]),
            children_peak_mb=float(result["children_peak_mb"]),
            tasks="—" if tasks is None else f"{tasks}/{expected}",
        )
    _judge(measured)
    rows = list(measured.values())
    return _format(rows, skipped), all(r.met is not False for r in rows)


# --- where the time goes -----------------------------------------------------------------


def profile(name: str, *, top: int = 25) -> str:
    """Time per pipeline stage (reader, each parse step), then the costliest functions."""
    _pin()
    from phongthu.ingest import readers
    from phongthu.ingest.model import Extraction, Source
    from phongthu.ingest.parse import STEPS
    from phongthu.ingest.parse.state import ParseState
    from phongthu.ingest.pipeline import extract

    case = CASES[name]
    if name in _TESSERACT_ROWS:
        raise SystemExit(f"--profile {name}: that row runs no code of ours")
    path = case.make()
    data = path.read_bytes()
    extract(data, path.name)  # warm
    runs = 1 if not case.repeat else 10
    stages: dict[str, float] = {"read": 0.0, **{step.__name__: 0.0 for _, step in STEPS}}
    profiler = cProfile.Profile()

    def once() -> None:
        # CPU time per stage (tesseract's included): free of the profiler's overhead
        # on the first pass, which is the one the stage figures come from.
        start = _cpu_seconds()
        result = readers.read(data, path.name)
        stages["read"] += _cpu_seconds() - start
        source = Source(filename=path.name, format=result.format, sha256="")
        state = ParseState(read=result, extraction=Extraction(source=source), blocks=result.blocks)
        for _, step in STEPS:
            start = _cpu_seconds()
            step(state)
            stages[step.__name__] += _cpu_seconds() - start

    for _ in range(runs):
        once()
    measured = dict(stages)
    profiler.enable()
    for _ in range(runs):
        once()
    profiler.disable()
    stages = measured
    total = sum(stages.values())
    out = [f"{case.label}: {total / runs * 1000:.1f} ms CPU a document ({runs} runs)", ""]
    for stage, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        out.append(f"  {stage:<20} {seconds / runs * 1000:8.1f} ms  {seconds / total:6.1%}")
    for order in ("tottime", "cumulative"):
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.sort_stats(order).print_stats(top)
        listing = buffer.getvalue().replace(str(ROOT) + "/", "")
        out += ["", f"--- top {top} by {order} ---", listing.split("\n\n", 2)[-1].rstrip()]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.parse", description=__doc__)
    parser.add_argument("--only", help="rows to measure, comma-separated: " + ", ".join(CASES))
    parser.add_argument("--profile", choices=list(CASES), help="profile one input instead")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--child", choices=list(CASES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    if args.profile:
        print(profile(args.profile))
        return 0
    names = args.only.split(",") if args.only else list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        parser.error(f"unknown rows: {', '.join(unknown)}")
    text, met = table(names)
    print(text)
    return 1 if args.strict and not met else 0


if __name__ == "__main__":
    sys.exit(main())
