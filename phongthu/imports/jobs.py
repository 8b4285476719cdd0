"""Background jobs of the imports app (django.tasks; `phongthu worker` runs them).

Jobs take primary keys and are idempotent; the services enqueue them after commit.
"""

from __future__ import annotations

from django.tasks import task

from phongthu.imports.services import plan_import_read


@task()
def plan_import_read_job(plan_import_id: int) -> str:
    """Read an uploaded plan (OCR included) and leave the outcome on its import row."""
    return plan_import_read(plan_import_id=plan_import_id)
