"""Everything `phongthu init --sample` loads, in dependency order.

Each loader is idempotent and returns lines to tell the person what it did. Later
features (the sample plan, its progress and reports) add their loader to SAMPLES.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction


def _organisation() -> list[str]:
    from phongthu.org.sample import sample_organisation_load

    province = sample_organisation_load()
    return [f"Đã nạp tổ chức mẫu: {province.name} và các cơ quan, đơn vị trực thuộc."]


def _plans() -> list[str]:
    from phongthu.plans.sample import sample_plan_load

    plan = sample_plan_load()
    return [
        f"Đã nạp kế hoạch mẫu số {plan.document.reference}: {plan.document.title} "
        f"({plan.tasks.count()} nhiệm vụ); trang kế hoạch: /ke-hoach/{plan.pk}/"
    ]


def _progress() -> list[str]:
    from phongthu.tracking.sample import sample_progress_load

    return sample_progress_load()


def _reporting() -> list[str]:
    from phongthu.reporting.sample import sample_reporting_load

    return sample_reporting_load()


def _dashboard_counts() -> list[str]:
    # Counted now so the first dashboard reads them; the worker's clock counts them again
    # each day (tracking.counts).
    from phongthu.tracking.counts import dashboard_counts_rebuild

    dashboard_counts_rebuild()
    return []


SAMPLES: list[Callable[[], list[str]]] = [
    _organisation,
    _plans,
    _progress,
    _reporting,
    _dashboard_counts,
]


@transaction.atomic
def sample_load() -> list[str]:
    lines: list[str] = []
    for loader in SAMPLES:
        lines += loader()
    return lines
