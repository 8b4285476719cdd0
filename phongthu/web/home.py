"""What each role finds on its home page.

Panels are listed per role; a panel without data yet shows its empty state, which says
what will appear there once the work it tracks exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from phongthu.org.models import Role


@dataclass(frozen=True)
class Panel:
    key: str
    title: str | Promise
    empty: str | Promise


PANELS: dict[Role, tuple[Panel, ...]] = {
    Role.LEADERSHIP: (
        Panel(
            "overview",
            _("Implementation at a glance"),
            _(
                "When a plan is imported, the number of tasks done on time, done late "
                "and overdue will appear here for each unit."
            ),
        ),
        Panel(
            "approvals",
            _("Reports awaiting approval"),
            _("Reports compiled by the Office and waiting for your approval will appear here."),
        ),
    ),
    Role.OFFICE: (
        Panel(
            "plans",
            _("Plans being followed"),
            _(
                "No plan has been imported yet. Once the Office imports a plan, its tasks "
                "and their units will appear here."
            ),
        ),
        Panel(
            "attention",
            _("Tasks that need attention"),
            _("Overdue tasks and units that have not reported will appear here, ready to remind."),
        ),
    ),
    Role.UNIT_HEAD: (
        Panel(
            "tasks",
            _("Tasks of your unit"),
            _(
                "Tasks that a plan assigns to your unit, as lead or in support, will appear "
                "here with their deadlines."
            ),
        ),
        Panel(
            "reminders",
            _("Reminders to answer"),
            _("Reminders from the Office to your unit will appear here."),
        ),
    ),
    Role.UNIT_STAFF: (
        Panel(
            "tasks",
            _("Tasks of your unit"),
            _(
                "Tasks that a plan assigns to your unit, as lead or in support, will appear "
                "here with their deadlines."
            ),
        ),
    ),
    Role.CLERK: (
        Panel(
            "register",
            _("Documents awaiting a number"),
            _(
                "Approved documents waiting to be numbered in the outgoing register "
                "will appear here."
            ),
        ),
    ),
    Role.HIGHER_BODY: (
        Panel(
            "received",
            _("Reports received"),
            _("Reports that bodies below send up to you will appear here."),
        ),
    ),
    Role.ADMIN: (
        Panel(
            "organisation",
            _("Organisation"),
            _("Units and people of your body are managed here."),
        ),
    ),
}


def panels_for(roles: set[Role]) -> list[Panel]:
    """The panels of every role the person holds, each once, in the order of Role."""
    seen: set[str] = set()
    result = []
    for role in Role:
        if role not in roles:
            continue
        for panel in PANELS.get(role, ()):
            if panel.key not in seen:
                seen.add(panel.key)
                result.append(panel)
    return result


# Panels that show real rows once a feature provides them: key -> (dotted path of a
# function of the user returning the rows, the template that lists them). A panel whose
# function returns nothing shows its empty state.
PANEL_DATA: dict[str, tuple[str, str]] = {
    "plans": ("phongthu.plans.queries.home_plans", "plans/_home_plans.html"),
    "tasks": ("phongthu.plans.queries.home_unit_tasks", "plans/_home_tasks.html"),
    "overview": ("phongthu.tracking.queries.home_overview", "tracking/_home_overview.html"),
    "attention": ("phongthu.tracking.queries.home_attention", "tracking/_home_attention.html"),
    "reminders": ("phongthu.followup.queries.home_reminders", "followup/_home_reminders.html"),
    "approvals": ("phongthu.reporting.queries.home_approvals", "reporting/_home_approvals.html"),
    "register": ("phongthu.reporting.queries.home_register", "reporting/_home_register.html"),
    "received": ("phongthu.reporting.queries.home_received", "reporting/_home_received.html"),
}


@dataclass(frozen=True)
class PanelView:
    panel: Panel
    rows: list[Any]
    template: str = ""

    @property
    def key(self) -> str:
        return self.panel.key

    @property
    def title(self) -> str | Promise:
        return self.panel.title

    @property
    def empty(self) -> str | Promise:
        return self.panel.empty


def panel_views(panels: list[Panel], user: Any) -> list[PanelView]:
    views = []
    for panel in panels:
        source = PANEL_DATA.get(panel.key)
        if source is None:
            views.append(PanelView(panel, []))
            continue
        rows = list(import_string(source[0])(user))
        views.append(PanelView(panel, rows, source[1]))
    return views
