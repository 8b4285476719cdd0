"""Reads for documents: what the download endpoints and `render-plan` load."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from phongthu.documents.models import Citation
from phongthu.plans.models import Assignment, Plan, Task


def plans_for_rendering() -> QuerySet[Plan]:
    """Plans with everything `plans.render.plan_document` reads, in a fixed few queries.

    Tasks come group by group (a task added to group I later still prints under I), in
    their order within it. Assignments come in the order they were written (by key),
    which is the order the units were printed in; the page order (role, unit name)
    would reorder a cell.
    """
    return Plan.objects.select_related("document", "owner", "monitoring_unit").prefetch_related(
        Prefetch("document__citations", queryset=Citation.objects.order_by("position")),
        Prefetch(
            "tasks",
            queryset=Task.objects.select_related("group")
            .order_by(F("group__position").asc(nulls_first=True), "position", "pk")
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.select_related("unit").order_by("pk"),
                )
            ),
        ),
    )


def plan_for_rendering(plan_id: int) -> Plan:
    """One plan, ready to render; `Plan.DoesNotExist` when there is none with that id."""
    return plans_for_rendering().get(pk=plan_id)
