"""The figures a progress report gives, and which tasks call for them.

Propaganda, training and drills are reported in numbers (sessions held, people taking
part); reviewing legal documents in documents reviewed. Which figures a task calls for is
read from its content, on the folded text so tone placement and capitals do not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phongthu.text import search_key

SESSIONS = "sessions"
PARTICIPANTS = "participants"
DOCUMENTS_REVIEWED = "documents_reviewed"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise


METRICS: tuple[Metric, ...] = (
    Metric(SESSIONS, _("Sessions held")),
    Metric(PARTICIPANTS, _("Participants")),
    Metric(DOCUMENTS_REVIEWED, _("Documents reviewed")),
)
METRIC_KEYS = frozenset(m.key for m in METRICS)
# A count a person types; anything larger is a typing slip, not a figure.
METRIC_MAX = 10_000_000

# tuyên truyền, phổ biến (giáo dục pháp luật), tập huấn, bồi dưỡng, huấn luyện, diễn tập
_EVENTS = re.compile(
    r"\b(tuyen truyen|pho bien|tap huan|boi duong|huan luyen|dien tap)\b",
)
# "rà soát văn bản", "rà soát các văn bản QPPL", "rà soát, hệ thống hóa văn bản"
_REVIEW = re.compile(r"\bra soat\b(?:\W+\w+){0,4}?\W+van ban\b")


def metrics_for(content: str) -> tuple[str, ...]:
    """The metric keys a task's content calls for, in display order (may be empty)."""
    folded = search_key(content)
    keys: list[str] = []
    if _EVENTS.search(folded):
        keys += [SESSIONS, PARTICIPANTS]
    if _REVIEW.search(folded):
        keys.append(DOCUMENTS_REVIEWED)
    return tuple(keys)


def metric_label(key: str) -> str | Promise:
    for metric in METRICS:
        if metric.key == key:
            return metric.label
    return key


def metrics_clean(values: dict[str, Any]) -> dict[str, int]:
    """Keep known keys with whole, non-negative counts; empty values are dropped.

    Raises ValueError (with a Vietnamese message) for anything else, so bad input
    changes nothing.
    """
    cleaned: dict[str, int] = {}
    for key, value in values.items():
        if key not in METRIC_KEYS:
            raise ValueError(_("Unknown figure: %(key)s") % {"key": key})
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            raise ValueError(_("%(label)s must be a whole number.") % {"label": metric_label(key)})
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(
                _("%(label)s must be a whole number.") % {"label": metric_label(key)}
            ) from None
        if isinstance(value, float) and value != number:
            raise ValueError(_("%(label)s must be a whole number.") % {"label": metric_label(key)})
        if not 0 <= number <= METRIC_MAX:
            raise ValueError(
                _("%(label)s must be between 0 and %(max)s.")
                % {"label": metric_label(key), "max": f"{METRIC_MAX:,}".replace(",", ".")}
            )
        cleaned[key] = number
    return cleaned
