"""Template context for every page: how many notifications the person has not read."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import ngettext

from phongthu.followup.queries import unread_count


def notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = unread_count(user)
    return {
        "notifications_url": reverse("followup:notifications"),
        "notifications_unread": count,
        "notifications_unread_label": ngettext(
            "%(count)d unread notification", "%(count)d unread notifications", count
        )
        % {"count": count},
    }
