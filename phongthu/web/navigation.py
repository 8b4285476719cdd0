"""The menu. An entry appears only when its page exists and the user may open it."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phongthu.org.permissions import Action, can


@dataclass(frozen=True)
class MenuEntry:
    label: str | Promise
    url_name: str
    action: Action | None = None  # None: every signed-in person


# Later features add their entries here, next to the page they link to.
MENU: tuple[MenuEntry, ...] = (
    MenuEntry(_("Home"), "home"),
    MenuEntry(_("Organisation"), "org-tree", Action.ORG_VIEW),
    MenuEntry(_("Users and units"), "org:people", Action.ORG_MANAGE),
    MenuEntry(_("Plans"), "plans:list", Action.PLAN_VIEW),
    MenuEntry(_("Import a plan"), "imports:upload", Action.PLAN_IMPORT),
    MenuEntry(_("Tasks"), "tracking:tasks", Action.PROGRESS_VIEW),
    MenuEntry(_("Dashboard"), "tracking:dashboard", Action.DASHBOARD_VIEW),
    MenuEntry(_("Reminders"), "followup:reminders", Action.REMINDER_ANSWER),
    MenuEntry(_("Inspections"), "followup:inspections", Action.PROGRESS_VIEW),
    MenuEntry(_("Reports of the body"), "reporting:index", Action.REPORT_VIEW),
    MenuEntry(_("Unit reports"), "reporting:mine", Action.REPORT_DRAFT),
    MenuEntry(_("Notifications"), "followup:notifications"),
)


def menu_for(request: HttpRequest) -> list[dict[str, object]]:
    user = request.user
    if not user.is_authenticated:
        return []
    entries: list[dict[str, object]] = []
    for entry in MENU:
        if entry.action is not None and not can(user, entry.action):
            continue
        url = reverse(entry.url_name)
        entries.append({"label": entry.label, "url": url, "active": request.path == url})
    return entries
