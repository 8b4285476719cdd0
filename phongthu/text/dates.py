"""Dates as Vietnamese documents and pages write them."""

from __future__ import annotations

import datetime


def format_date(d: datetime.date) -> str:
    """dd/mm/yyyy, the only date form our pages and documents show: 05/03/2024."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
