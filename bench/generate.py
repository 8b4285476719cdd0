"""Synthetic data at province and national scale, for the benchmarks.

    python -m bench.generate --scale national --tasks 1000000 [--updates 10000000]
    python -m bench.generate --scale province --tasks 30000 --database-url sqlite:////tmp/b.db

The shape follows the organisation the system serves: provinces (each its own tree, as a
province-wide installation is) → 30 bodies (a provincial command and 29 departments) →
10 units each (the first is the body's Office). National scale is 34 provinces, 10,200
units. Each body has a plan for last year and one for this year; its share of the tasks
is split between them, each task led by one unit with 0–2 supporting units (about two
assignments a task), and every assignment carries the current state the services keep
on it, consistent with its progress updates (about ten per task).

Rows go in with COPY on PostgreSQL and executemany on SQLite, built from the models'
own column lists. The database is created afresh (it is the benchmark's own: never point
this at real data); the parameters are kept in a `bench_info` table so a second run with
the same ones reuses the data.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/phongthu_bench"
SEED = 20240315


@dataclass(frozen=True)
class Shape:
    scale: str
    provinces: int
    bodies: int  # per province
    units: int  # per body
    tasks: int
    updates: int

    @property
    def key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


SCALES = {"national": 34, "province": 1}


def shape_for(scale: str, tasks: int, updates: int | None = None) -> Shape:
    return Shape(
        scale=scale,
        provinces=SCALES[scale],
        bodies=30,
        units=10,
        tasks=tasks,
        updates=10 * tasks if updates is None else updates,
    )


# --- the database ---------------------------------------------------------------------------


def django_setup(url: str) -> None:
    """Point Django at the benchmark database (before anything imports the settings)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("PHONGTHU_DATA_DIR", tempfile.mkdtemp(prefix="phongthu-bench-"))
    os.environ.setdefault("PHONGTHU_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    os.environ.setdefault("PHONGTHU_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "phongthu.settings"
    import django

    django.setup()


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database (PostgreSQL) or delete its file (SQLite)."""
    import dj_database_url

    config = dj_database_url.parse(url)
    if is_postgres(url):
        import psycopg

        name = config["NAME"]
        admin = psycopg.connect(
            host=config.get("HOST") or "127.0.0.1",
            port=config.get("PORT") or 5432,
            user=config.get("USER") or "postgres",
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
        )
        with admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
    else:
        path = Path(config["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def stored_shape() -> str | None:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT value FROM bench_info WHERE key = 'shape'")
            row = cursor.fetchone()
    except Exception:
        return None
    return row[0] if row else None


# --- writing rows -----------------------------------------------------------------------------


class Table:
    """Rows for one model: the columns we fill, then constants for every other column."""

    def __init__(self, model: Any, columns: Sequence[str]) -> None:
        self.name = model._meta.db_table
        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise ValueError(f"{self.name} has no column {unknown}")
        self.columns = list(columns)
        now = datetime.datetime.now(datetime.UTC)
        rest = []
        for column, field in fields.items():
            if column in columns:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value: Any = now
            elif field.has_default():
                value = field.get_default()
                if field.get_internal_type() == "JSONField":
                    value = json.dumps(value)
            elif field.null:
                value = None
            elif field.get_internal_type() in {"CharField", "TextField", "SlugField"}:
                value = ""
            else:
                value = field.get_default()
            rest.append((column, value))
        self.all_columns = self.columns + [c for c, _ in rest]
        self.constants = tuple(v for _, v in rest)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def write(table: Table, rows: Iterable[tuple[Any, ...]]) -> int:
    """COPY (PostgreSQL) or executemany (SQLite) the rows; returns how many."""
    from django.db import connection

    constants = table.constants
    count = 0
    columns = ", ".join(f'"{c}"' for c in table.all_columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row + constants)
                    count += 1
        return count
    marks = ", ".join("?" for _ in table.all_columns)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(_sqlite_value(v) for v in row + constants))
            if len(batch) >= 50_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


# --- the data -----------------------------------------------------------------------------------

NARRATIVES = (
    "Đã triển khai theo kế hoạch; tổ chức họp giao ban phân công thực hiện.",
    "Đã rà soát văn bản, tổng hợp đề xuất sửa đổi, bổ sung gửi Văn phòng.",
    "Tổ chức tuyên truyền trên Trang thông tin điện tử; lồng ghép tại hội nghị.",
    "Cử cán bộ tham gia lớp bồi dưỡng kiến thức phòng thủ dân sự do tỉnh tổ chức.",
    "Đang phối hợp các đơn vị liên quan hoàn thiện dự thảo, dự kiến trình trong tháng.",
    "Đã hoàn thành, có biên bản và báo cáo kết quả kèm theo.",
)
CONTENTS = (
    "Rà soát các văn bản quy phạm pháp luật liên quan đến phòng thủ dân sự",
    "Xây dựng kế hoạch ứng phó sự cố, thảm họa thuộc lĩnh vực quản lý",
    "Tổ chức tuyên truyền, phổ biến Luật Phòng thủ dân sự",
    "Tham gia diễn tập ứng phó sự cố, thảm họa do tỉnh tổ chức",
    "Kiện toàn Ban Chỉ huy phòng thủ dân sự của cơ quan",
    "Tổng hợp, báo cáo kết quả thực hiện công tác phòng thủ dân sự",
)


@dataclass
class Org:
    provinces: list[int]
    bodies: list[tuple[int, int]]  # (body id, province id)
    units_of: dict[int, list[int]]  # body id -> unit ids (the first is the Office)


def _org_rows(shape: Shape) -> tuple[list[tuple[Any, ...]], Org]:
    rows: list[tuple[Any, ...]] = []
    org = Org([], [], {})
    next_id = 1
    for p in range(shape.provinces):
        province = next_id
        next_id += 1
        org.provinces.append(province)
        rows.append(
            (
                province,
                f"tinh-{p + 1}",
                f"Ủy ban nhân dân tỉnh mẫu số {p + 1}",
                "province",
                None,
                f"/{province}/",
            )
        )
        for b in range(shape.bodies):
            body = next_id
            next_id += 1
            kind = "command" if b == 0 else "department"
            name = "Bộ Chỉ huy quân sự tỉnh" if b == 0 else f"Sở mẫu số {b}"
            path = f"/{province}/{body}/"
            rows.append(
                (
                    body,
                    f"tinh-{p + 1}-co-quan-{b + 1}",
                    f"{name} (tỉnh {p + 1})",
                    kind,
                    province,
                    path,
                )
            )
            org.bodies.append((body, province))
            units = []
            for u in range(shape.units):
                unit = next_id
                next_id += 1
                units.append(unit)
                rows.append(
                    (
                        unit,
                        f"tinh-{p + 1}-co-quan-{b + 1}-don-vi-{u + 1}",
                        "Văn phòng" if u == 0 else f"Phòng nghiệp vụ {u}",
                        "office" if u == 0 else "division",
                        body,
                        f"{path}{unit}/",
                    )
                )
            org.units_of[body] = units
    return rows, org


@dataclass
class Plans:
    order: list[tuple[int, int, int]]  # (plan id, body id, year), in creation order


def _tasks_and_assignments(
    shape: Shape, org: Org, plans: Plans, today: datetime.date, rng: random.Random
) -> tuple[Callable[[], Iterator[tuple[Any, ...]]], Callable[[], Iterator[tuple[Any, ...]]]]:
    """Generators of task rows and assignment rows (plans in order; a plan's rows together,
    as plan_import writes them in one transaction)."""
    per_plan = [shape.tasks // len(plans.order)] * len(plans.order)
    for i in range(shape.tasks - sum(per_plan)):
        per_plan[i] += 1
    tz = datetime.UTC
    # About two assignments a task; aim a little high so the count reaches exactly
    # `shape.updates` (the last assignments then have fewer updates than reports).
    updates_per_assignment = 1.02 * shape.updates / max(1, int(shape.tasks * 2.0))

    def tasks() -> Iterator[tuple[Any, ...]]:
        task_id = 0
        for (plan_id, _body, year), count in zip(plans.order, per_plan, strict=True):
            for position in range(count):
                task_id += 1
                due = _due(task_id, year)
                yield (
                    task_id,
                    plan_id,
                    str(position + 1),
                    CONTENTS[task_id % len(CONTENTS)],
                    "Thường xuyên" if due is None else f"Trước ngày {due:%d/%m/%Y}",
                    "ongoing" if due is None else "deadline",
                    due,
                    position,
                )

    def assignments() -> Iterator[tuple[Any, ...]]:
        r = random.Random(SEED + 2)
        assignment_id = 0
        task_id = 0
        for (_plan_id, body, year), count in zip(plans.order, per_plan, strict=True):
            units = org.units_of[body]
            for _ in range(count):
                task_id += 1
                due = _due(task_id, year)
                chosen = r.sample(units, 1 + r.randrange(3))
                for index, unit in enumerate(chosen):
                    assignment_id += 1
                    state, percent, completed, reported, version = _state(
                        r, due, today, updates_per_assignment, tz
                    )
                    yield (
                        assignment_id,
                        task_id,
                        unit,
                        "lead" if index == 0 else "support",
                        state,
                        percent,
                        completed,
                        reported,
                        due,
                        version,
                    )

    _ = rng
    return tasks, assignments


def _due(task_id: int, year: int) -> datetime.date | None:
    """A task's due date, a pure function of its id so tasks and assignments agree without
    keeping a million dates in memory: about 30 % ongoing (no date), the rest spread over
    the plan's year."""
    spread = (task_id * 2654435761) % 1000
    if spread < 300:
        return None
    return datetime.date(year, 1, 1) + datetime.timedelta(days=(task_id * 40503) % 365)


def _state(
    r: random.Random,
    due: datetime.date | None,
    today: datetime.date,
    mean_updates: float,
    tz: datetime.tzinfo,
) -> tuple[str, int | None, datetime.date | None, datetime.datetime | None, int]:
    """A plausible current state: most past work done (some late), some still open."""
    reports = max(0, round(r.expovariate(1 / mean_updates))) if mean_updates else 0
    if reports == 0:
        return "not_started", None, None, None, 1
    horizon = due if due is not None else today
    share_done = 0.75 if due is not None and due < today else 0.3
    done = r.random() < share_done
    if done:
        if due is None:
            completed = today - datetime.timedelta(days=r.randrange(1, 300))
        elif r.random() < 0.8:
            completed = due - datetime.timedelta(days=r.randrange(0, 60))
        else:
            completed = due + datetime.timedelta(days=r.randrange(1, 45))
        completed = min(completed, today)
        reported_day = completed
        state, percent = "done", 100
    else:
        # open work: reported within the last ~half year, so some in this period
        reported_day = min(today, horizon) - datetime.timedelta(days=r.randrange(0, 180))
        state, percent, completed = "in_progress", r.randrange(10, 95, 5), None
    reported = datetime.datetime.combine(
        reported_day, datetime.time(8 + r.randrange(9), r.randrange(60)), tzinfo=tz
    )
    return state, percent, completed, reported, 1 + reports


def _updates(
    assignments: Callable[[], Iterator[tuple[Any, ...]]], limit: int
) -> Iterator[tuple[Any, ...]]:
    """Each assignment's reports, ending in the state it holds now (version - 1 reports)."""
    r = random.Random(SEED + 3)
    update_id = 0
    for row in assignments():
        assignment_id, _task, _unit, _role, state, percent, _completed, reported, _due, version = (
            row
        )
        count = version - 1
        if not count or reported is None:
            continue
        for n in range(count):
            update_id += 1
            if update_id > limit:
                return
            last = n == count - 1
            at = reported - datetime.timedelta(
                days=7 * (count - 1 - n), minutes=0 if last else r.randrange(600)
            )
            yield (
                update_id,
                assignment_id,
                state if last else "in_progress",
                NARRATIVES[update_id % len(NARRATIVES)],
                percent if last else None,
                at,
                at,
            )


def generate(url: str, shape: Shape, *, force: bool = False, out: Callable[[str], None]) -> None:
    """Make the benchmark database hold `shape` (reusing it when it already does)."""
    django_setup(url)
    from django.db import connection

    if not force and stored_shape() == shape.key:
        from django.core.management import call_command

        # Tables of features added since the data was made (they start empty).
        call_command("migrate", interactive=False, verbosity=0)
        out(f"Dữ liệu thử đã có sẵn ({shape.tasks:,} nhiệm vụ), dùng lại.")
        return
    connection.close()
    recreate_database(url)
    connection.close()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    out(f"Đã tạo cơ sở dữ liệu thử ({time.monotonic() - started:.0f} s).")
    _load(shape, out)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_info (key varchar(20) PRIMARY KEY, value text)")
        cursor.execute("INSERT INTO bench_info VALUES ('shape', %s)", [shape.key])
    out(f"Xong sau {time.monotonic() - started:.0f} s.")


def _load(shape: Shape, out: Callable[[str], None]) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from phongthu.documents.models import Document
    from phongthu.org.models import OrgUnit
    from phongthu.plans.models import Assignment, Plan, Task
    from phongthu.tracking.models import ProgressUpdate

    today = timezone.localdate()
    rng = random.Random(SEED)
    step = time.monotonic()

    def done(what: str, count: int) -> None:
        nonlocal step
        out(f"  {what}: {count:,} ({time.monotonic() - step:.1f} s)")
        step = time.monotonic()

    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Foreign keys are right by construction; checking 10M rows one by one is what
            # would make loading slow. (Needs a superuser; without it the checks just run.)
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = replica")
            except Exception:
                pass
        deferred = _drop_indexes(["plans_task", "plans_assignment", "tracking_progressupdate"])
        org_rows, org = _org_rows(shape)
        units = Table(OrgUnit, ["id", "code", "name", "kind", "parent_id", "path"])
        done("cơ quan, đơn vị", write(units, org_rows))

        documents = Table(Document, ["id", "type", "title", "date_year", "issuer_unit_id"])
        plans = Table(Plan, ["id", "document_id", "owner_id", "year", "reporting_cadence"])
        order: list[tuple[int, int, int]] = []
        for body, _province in org.bodies:
            for year in (today.year - 1, today.year):
                order.append((0, body, year))
        rng.shuffle(order)  # plans of different bodies arrive in any order
        order = [(i + 1, body, year) for i, (_, body, year) in enumerate(order)]
        write(
            documents,
            (
                (
                    pid,
                    "Kế hoạch",
                    f"Kế hoạch thực hiện công tác phòng thủ dân sự năm {year}",
                    year,
                    body,
                )
                for pid, body, year in order
            ),
        )
        done("kế hoạch", write(plans, ((pid, pid, body, year, "[]") for pid, body, year in order)))

        tasks, assignments = _tasks_and_assignments(shape, org, Plans(order), today, rng)
        task_table = Table(
            Task,
            ["id", "plan_id", "label", "content", "timeframe_text", "kind", "due", "position"],
        )
        done("nhiệm vụ", write(task_table, tasks()))
        assignment_table = Table(
            Assignment,
            [
                "id",
                "task_id",
                "unit_id",
                "role",
                "state",
                "percent",
                "completed_on",
                "last_reported_at",
                "due",
                "version",
            ],
        )
        done("lượt giao nhiệm vụ", write(assignment_table, assignments()))
        update_table = Table(
            ProgressUpdate,
            ["id", "assignment_id", "status", "narrative", "percent", "created_at", "updated_at"],
        )
        done("báo cáo tiến độ", write(update_table, _updates(assignments, shape.updates)))
        _recreate_indexes(deferred)
        done("chỉ mục", len(deferred))
        _sequences()
    _analyze()
    done("ANALYZE", 0)


def _drop_indexes(tables: list[str]) -> list[str]:
    """PostgreSQL: drop the secondary indexes of the big tables (those not backing a
    constraint) and return how to build them again: one build after the load is much
    faster than keeping them up to date row by row."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.tablename = ANY(%s) AND i.schemaname = current_schema()
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """,
            [tables],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def _recreate_indexes(definitions: list[str]) -> None:
    from django.db import connection

    if not definitions:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for definition in definitions:
            cursor.execute(definition)


def _sequences() -> None:
    """Move each id sequence past the ids written by hand."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"org", "documents", "plans", "tracking"}
    ]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        # VACUUM sets the visibility map, so counts can use index-only scans; it cannot
        # run inside a transaction (as in the tests), where ANALYZE alone does.
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="national")
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--updates", type=int, default=None, help="default: 10 per task")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--force", action="store_true", help="generate again even if present")
    args = parser.parse_args(argv)
    shape = shape_for(args.scale, args.tasks, args.updates)
    generate(args.database_url, shape, force=args.force, out=lambda s: print(s, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
