"""Plan pages: the list, the plan laid out like its document, a unit's detailed plan, rollover.

Views are thin: they check permissions through `org.permissions`, read through
`plans.queries` and write through `plans.services`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongthu.org.models import BODY_KINDS, OrgUnit
from phongthu.org.permissions import Action, can, units_for
from phongthu.plans import queries
from phongthu.plans.forms import PlanFilterForm, SubplanForm, SubplanTaskForm
from phongthu.plans.models import AssignmentRole, Plan, Task
from phongthu.plans.services import (
    PlanError,
    plan_rollover,
    rollover_of,
    subplan_create,
    subplan_task_add,
    subplan_task_link,
)
from phongthu.text import sort_key


def _url(name: str, *args: object) -> str | None:
    """A URL another feature provides, or None while that feature has not landed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _plan_for(request: HttpRequest, pk: int, action: Action = Action.PLAN_VIEW) -> Plan:
    plan = queries.plan_get(pk)
    if plan is None:
        raise Http404
    if not can(request.user, Action.PLAN_VIEW, plan.owner) or not can(
        request.user, action, plan.owner
    ):
        raise PermissionDenied
    return plan


def _subplan_units(request: HttpRequest, plan: Plan) -> list[OrgUnit]:
    """Units for which this person may write a detailed plan of `plan`: below its owner."""
    units = (
        units_for(request.user, Action.SUBPLAN_WRITE)
        .filter(path__startswith=plan.owner.path)
        .exclude(pk=plan.owner_id)
        .exclude(kind__in=BODY_KINDS)
    )
    return sorted(units, key=lambda u: sort_key(u.name))


@require_GET
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.PLAN_VIEW):
        raise PermissionDenied
    form = PlanFilterForm(request.GET or None, years=queries.plan_years(request.user))
    year = status = None
    if form.is_bound and form.is_valid():
        year, status = form.cleaned_data["year"], form.cleaned_data["status"] or None
    return render(
        request,
        "plans/plan_list.html",
        {"form": form, "plans": list(queries.plan_list(request.user, year=year, status=status))},
    )


@require_GET
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    user = request.user
    cascade = queries.plan_cascade(plan)
    writable = _subplan_units(request, plan)
    own_subplans = [p for p in cascade.subplans if p.owner in writable]
    units_free = [u for u in writable if all(p.owner_id != u.pk for p in cascade.subplans)]
    citations = list(queries.plan_citations(plan))
    for citation in citations:
        above = getattr(citation.resolved, "plan", None) if citation.resolved_id else None
        citation.plan_url = (  # type: ignore[attr-defined]
            reverse("plans:detail", args=[above.pk])
            if above is not None and can(user, Action.PLAN_VIEW, above.owner)
            else None
        )
    extraction = plan.document.extraction or {}
    can_add_task = plan.parent is not None and can(user, Action.SUBPLAN_WRITE, plan.owner)
    context: dict[str, Any] = {
        "plan": plan,
        "document": plan.document,
        "groups": queries.plan_task_rows(plan),
        "citations": citations,
        "directives": [d for d in extraction.get("directives") or [] if d.get("text")],
        "cascade": cascade,
        "visible": {
            p.pk
            for p in [
                *cascade.above,
                *cascade.subplans,
                *cascade.implemented_by,
                *cascade.next_plans,
                *([plan.previous] if plan.previous else []),
            ]
            if can(user, Action.PLAN_VIEW, p.owner)
        },
        "coverage": list(queries.plan_coverage(plan)) if plan.parent_id is None else [],
        "units_without_subplan": (
            queries.plan_units_without_subplan(plan) if plan.parent_id is None else []
        ),
        "can_rollover": can(user, Action.PLAN_EDIT, plan.owner),
        "subplan_units": units_free,
        "own_subplans": own_subplans,
        "can_add_task": can_add_task,
        "parent_tasks": (
            list(queries.parent_task_choices(plan.parent)) if plan.parent and can_add_task else []
        ),
        "docx_url": _url("documents:plan-docx", plan.pk),
        "pdf_url": _url("documents:plan-pdf", plan.pk),
        "import_url": _url("imports:upload"),
    }
    return render(request, "plans/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def subplan_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit writes its detailed plan of plan `pk`, one parent task per row."""
    parent = _plan_for(request, pk)
    taken = set(parent.subplans.values_list("owner_id", flat=True))
    units = [u for u in _subplan_units(request, parent) if u.pk not in taken]
    if not units:
        if _subplan_units(request, parent):
            messages.info(request, _("Your unit has already written its detailed plan."))
            return redirect("plans:detail", pk=parent.pk)
        raise PermissionDenied
    parent_tasks = list(queries.parent_task_choices(parent))
    assigned: dict[int, str] = {}
    for task_id, role in parent.tasks.filter(assignments__unit__in=units).values_list(
        "pk", "assignments__role"
    ):
        if assigned.get(task_id) != AssignmentRole.LEAD:
            assigned[task_id] = role
    initial = {
        "unit": units[0].pk,
        "title": _("Detailed plan of %(unit)s carrying out plan %(reference)s")
        % {"unit": units[0].name, "reference": parent.document.reference or parent.document},
    }
    form = SubplanForm(
        request.POST or None,
        initial=initial,
        parent=parent,
        units=units,
        parent_tasks=parent_tasks,
        assigned=assigned,
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = subplan_create(
                parent=parent,
                unit=form.cleaned_data["unit"],
                title=form.cleaned_data["title"],
                by=request.user,  # type: ignore[arg-type]
                tasks=form.tasks(),
            )
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The detailed plan of your unit has been saved."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/subplan_form.html", {"parent": parent, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def subplan_task_new(request: HttpRequest, pk: int) -> HttpResponse:
    """One more task of a unit's detailed plan."""
    plan = _plan_for(request, pk, Action.SUBPLAN_WRITE)
    if plan.parent is None:
        raise Http404
    form = SubplanTaskForm(
        request.POST or None, plan=plan, parent_tasks=queries.parent_task_choices(plan.parent)
    )
    if request.method == "POST" and form.is_valid():
        try:
            task = subplan_task_add(
                plan=plan,
                parent_task=form.cleaned_data["parent_task"],
                content=form.cleaned_data["content"],
                timeframe_text=form.cleaned_data["timeframe"],
            )
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The task has been added."))
            return redirect(f"{reverse('plans:detail', args=[plan.pk])}#task-{task.pk}")
    return render(request, "plans/subplan_task_form.html", {"plan": plan, "form": form})


@require_POST
@login_required
def subplan_task_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Say which parent task a task of a unit's detailed plan carries out (an imported one
    comes without)."""
    task = Task.objects.select_related("plan__owner").filter(pk=pk).first()
    if task is None or task.plan.parent_id is None:
        raise Http404
    plan = _plan_for(request, task.plan_id, Action.SUBPLAN_WRITE)
    value = request.POST.get("parent_task") or ""
    parent_task = (
        Task.objects.filter(pk=int(value), plan__subplans=plan).first() if value.isdigit() else None
    )
    if value and parent_task is None:
        messages.error(request, _("The chosen task is not a task of the plan this one details."))
    else:
        subplan_task_link(task=task, parent_task=parent_task)
        messages.success(request, _("The task now says which task of the plan it carries out."))
    return redirect(f"{reverse('plans:detail', args=[plan.pk])}#task-{task.pk}")


@require_POST
@login_required
def plan_rollover_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The "Tạo kế hoạch năm sau" button: next year's draft, made once."""
    plan = _plan_for(request, pk, Action.PLAN_EDIT)
    existed = rollover_of(plan=plan, year=plan.year + 1) is not None
    draft = plan_rollover(plan=plan, by=request.user)  # type: ignore[arg-type]
    if existed:
        messages.info(request, _("Next year's draft already exists; here it is."))
    else:
        messages.success(
            request,
            _("The draft plan for %(year)s has been made. Edit it before it is issued.")
            % {"year": draft.year},
        )
    return redirect("plans:detail", pk=draft.pk)
