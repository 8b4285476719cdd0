"""The reporting panel other pages include: the units' reports on the tracking dashboard.

`{% load reporting_panels %}{% completeness_panel %}` shows the grid of the plan the
dashboard is filtered on (else the newest plan the person follows), its last periods
only, with the rates; three or four queries, nothing for people who do not read it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from phongthu.reporting import queries
from phongthu.reporting.views import STATE_CLASS

register = template.Library()
PANEL_PERIODS = 4


@register.inclusion_tag("reporting/_dashboard_panel.html", takes_context=True)
def completeness_panel(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"grid": None}
    filters = context.get("filters")
    plan = getattr(filters, "plan", None)
    ids = queries.body_ids(user)
    if plan is not None and not (ids is None or plan.owner_id in ids):
        plan = None
    if plan is None:
        # The dashboard has loaded the plans in view already: no query to choose one.
        readable = [
            p
            for p in context.get("plans") or []
            if p.parent_id is None and (ids is None or p.owner_id in ids)
        ]
        plan = readable[0] if readable else None
    if plan is None:
        return {"grid": None}
    requests = queries.plan_requests(plan)[-PANEL_PERIODS:]
    if not requests:
        return {"grid": None}
    grid = queries.completeness_grid(plan, timezone.localdate(), requests=requests)
    return {
        "plan": plan,
        "grid": grid,
        "headings": list(zip(grid.requests, grid.headings, strict=True)),
        "grid_rows": [
            {
                "row": row,
                "rates": row.rates,
                "cells": [(cell, STATE_CLASS[cell.state]) for cell in row.cells],
            }
            for row in grid.rows
        ],
        "totals": grid.rates,
    }
