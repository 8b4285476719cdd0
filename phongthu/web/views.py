"""Pages of the foundation: home per role and the organisation tree."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phongthu.org.models import Role
from phongthu.org.permissions import Action, can, memberships_of, roles_of, units_for
from phongthu.org.queries import org_tree
from phongthu.web.home import panel_views, panels_for


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    return render(
        request,
        "web/home.html",
        {
            "memberships": memberships_of(request.user),
            "panels": panel_views(panels_for(roles), request.user),
            "no_role": not roles,
            "is_admin": Role.ADMIN in roles,
        },
    )


@require_GET
@login_required
def org_tree_page(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.ORG_VIEW):
        raise PermissionDenied
    return render(
        request, "web/org_tree.html", {"tree": org_tree(units_for(request.user, Action.ORG_VIEW))}
    )


def healthz(request: HttpRequest) -> HttpResponse:
    """For a load balancer: answers without a session and without touching templates."""
    return HttpResponse("ok", content_type="text/plain")
