"""Derived facts of reporting, one pure function each (no database).

The rules
---------
A unit's state for a report request (`timeliness`):

- submitted on or before its deadline                 → on time (đúng hạn)
- submitted after its deadline                        → late (muộn)
- not submitted, and today is after its deadline      → missing (không báo cáo)
- not submitted, and the deadline has not passed yet  → pending (chưa đến hạn)

The deadline day itself is still in time, as for tasks (`tracking.status`). The day of
a submission is read in the installation's time zone. The *first* submission decides:
a report the Office sends back for corrections and the unit sends again keeps the
timeliness of the day it first came in. A draft is not a submission.

Completeness and timeliness rates (`rates`) count only the requests whose outcome is
known: pending ones are left out of both the numerator and the denominator, so a
period still open does not drag a unit's figures down.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")
    PENDING = "pending", _("Not yet due")


def timeliness(
    *,
    first_submitted_at: datetime.datetime | None,
    due: datetime.date,
    today: datetime.date,
) -> Timeliness:
    """A unit's state for one request (see the module's rules)."""
    if first_submitted_at is not None:
        day = timezone.localdate(first_submitted_at)
        return Timeliness.ON_TIME if day <= due else Timeliness.LATE
    return Timeliness.MISSING if today > due else Timeliness.PENDING


def deadline_for(*, cutoff: datetime.date, deadline_days: int) -> datetime.date:
    """A periodic report's deadline: so many days after the period's cut-off."""
    return cutoff + datetime.timedelta(days=deadline_days)


@dataclass(frozen=True)
class Rates:
    """How a unit (or everyone) reported over some requests."""

    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0

    @property
    def expected(self) -> int:
        """Requests whose outcome is known (pending ones are not counted yet)."""
        return self.on_time + self.late + self.missing

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def completeness(self) -> float | None:
        """Share of the expected reports that came in, in per cent (None: none expected)."""
        return _percent(self.submitted, self.expected)

    @property
    def punctuality(self) -> float | None:
        """Share of the expected reports that came in on time, in per cent."""
        return _percent(self.on_time, self.expected)

    def __add__(self, other: Rates) -> Rates:
        return Rates(
            self.on_time + other.on_time,
            self.late + other.late,
            self.missing + other.missing,
            self.pending + other.pending,
        )


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def rates(states: Iterable[Timeliness | str]) -> Rates:
    """Count states into rates (per unit, or over every cell of a grid)."""
    counts = dict.fromkeys(Timeliness.values, 0)
    for state in states:
        counts[Timeliness(state).value] += 1
    return Rates(
        on_time=counts[Timeliness.ON_TIME],
        late=counts[Timeliness.LATE],
        missing=counts[Timeliness.MISSING],
        pending=counts[Timeliness.PENDING],
    )
