"""Pages of "Nhập kế hoạch": upload, progress of the read, review, confirmation.

Who may: a holder of PLAN_IMPORT on the import's body (the Office of that Sở). Anyone
else gets 403, including the Office of another Sở on this Sở's import.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phongthu.imports.forms import (
    CitationForm,
    CitationFormSet,
    HeaderForm,
    MappingForm,
    TaskForm,
    TaskFormSet,
    UploadForm,
)
from phongthu.imports.models import ImportStatus, PlanImport, ReadStep
from phongthu.imports.queries import (
    extraction_summary,
    import_owners,
    mapping_choices,
    mapping_units,
    may_handle,
    names_to_map,
    plan_import_get,
    plan_imports_recent,
    subplan_owners,
)
from phongthu.imports.services import (
    plan_import_confirm,
    plan_import_start,
    plan_import_update,
)
from phongthu.org.display import person_name
from phongthu.org.permissions import Action, can
from phongthu.plans.models import Plan
from phongthu.plans.queries import plan_get
from phongthu.plans.services import PlanImportError, UnresolvedUnits

# How far along the read is, for the progress bar.
PROGRESS = {ReadStep.QUEUED: 10, ReadStep.READING: 40, ReadStep.PARSING: 80, ReadStep.FINISHED: 100}


def plan_url(plan: Plan) -> str | None:
    """The plan page; None while the plans app has no page for a plan yet."""
    try:
        return reverse("plans:detail", args=[plan.pk])
    except NoReverseMatch:
        return None


def _person(request: HttpRequest) -> User:
    # LoginRequiredMiddleware lets only signed-in people reach these views.
    assert isinstance(request.user, User)
    return request.user


def _import_or_403(request: HttpRequest, pk: int) -> PlanImport:
    try:
        plan_import = plan_import_get(pk)
    except PlanImport.DoesNotExist:
        raise Http404 from None
    if not may_handle(request.user, plan_import):
        raise PermissionDenied
    return plan_import


def _after_done(plan_import: PlanImport) -> HttpResponse | None:
    url = plan_url(plan_import.plan) if plan_import.plan else None
    return redirect(url) if url else None


def _parent_plan(request: HttpRequest) -> Plan | None:
    """The plan a unit imports its detailed plan of (?parent=), if any."""
    value = request.POST.get("parent") or request.GET.get("parent") or ""
    if not value:
        return None
    parent = plan_get(int(value)) if value.isdigit() else None
    if parent is None:
        raise Http404
    if not can(request.user, Action.PLAN_VIEW, parent.owner):
        raise PermissionDenied
    return parent


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    parent = _parent_plan(request)
    owners = subplan_owners(request.user, parent) if parent else import_owners(request.user)
    if not owners:
        raise PermissionDenied
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        owners=owners,
        initial={"parent": parent.pk if parent else None},
    )
    if request.method == "POST" and form.is_valid():
        data, filename = form.cleaned_data["file"]
        try:
            plan_import = plan_import_start(
                data=data,
                filename=filename,
                owner=form.cleaned_data["owner"],
                by=_person(request),
                parent_plan=parent,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            if plan_import.status == ImportStatus.DONE:
                messages.info(request, _("This file has already been imported."))
            return redirect("imports:detail", pk=plan_import.pk)
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "imports": [
                (item, person_name(item.created_by) if item.created_by else "—")
                for item in plan_imports_recent(owners)
            ],
            "owners": owners,
            "parent": parent,
        },
        status=400 if form.errors else 200,
    )


@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment the reading page polls (htmx, every second) until it is done."""
    plan_import = _import_or_403(request, pk)
    if plan_import.status == ImportStatus.READING:
        return render(request, "imports/_progress.html", _progress_context(plan_import))
    response = render(request, "imports/_progress.html", _progress_context(plan_import))
    # Reading is over: htmx loads the import's page (review, or the reason it failed).
    response["HX-Redirect"] = reverse("imports:detail", args=[plan_import.pk])
    return response


def _progress_context(plan_import: PlanImport) -> dict[str, Any]:
    return {
        "plan_import": plan_import,
        "elapsed": max(0, int((timezone.now() - plan_import.created_at).total_seconds())),
        "percent": PROGRESS.get(ReadStep(plan_import.step), 10),
        "step_label": ReadStep(plan_import.step).label,
    }


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan_import = _import_or_403(request, pk)
    if plan_import.status == ImportStatus.DONE:
        return _after_done(plan_import) or render(
            request,
            "imports/done.html",
            {"plan_import": plan_import, "summary": extraction_summary(plan_import.extraction)},
        )
    if plan_import.status != ImportStatus.READY:
        if request.method == "POST":
            return redirect("imports:detail", pk=plan_import.pk)
        return render(request, "imports/reading.html", _progress_context(plan_import))
    return review(request, plan_import)


def _forms(plan_import: PlanImport, data: Any = None) -> dict[str, Any]:
    extraction = plan_import.extraction or {}
    names = names_to_map(plan_import)
    return {
        "header": HeaderForm(
            data, prefix="doc", initial=HeaderForm.initial_from(extraction.get("document") or {})
        ),
        "citations": CitationFormSet(
            data,
            prefix="cit",
            initial=CitationForm.initial_from(extraction.get("citations") or []),
        ),
        "tasks": TaskFormSet(
            data, prefix="task", initial=TaskForm.initial_from(extraction.get("tasks") or [])
        ),
        "mapping": MappingForm(
            data,
            prefix="map",
            names=names,
            choices=mapping_choices(plan_import.owner),
            chosen=mapping_units(plan_import),
        ),
    }


def _rows(formset: Any) -> list[dict[str, Any]]:
    """The rows kept: every filled row not marked for deletion (blank extra rows drop out)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def review(request: HttpRequest, plan_import: PlanImport) -> HttpResponse:
    error = ""
    status = 200
    if request.method == "POST":
        forms = _forms(plan_import, request.POST)
        if all(form.is_valid() for form in forms.values()):
            header = forms["header"].cleaned_data
            try:
                plan_import_update(
                    plan_import=plan_import,
                    by=_person(request),
                    document=header,
                    citations=_rows(forms["citations"]),
                    tasks=_rows(forms["tasks"]),
                    mapping={**plan_import.mapping, **forms["mapping"].mapping()},
                )
            except PlanImportError as exc:
                messages.error(request, str(exc))
                return redirect("imports:detail", pk=plan_import.pk)
            if request.POST.get("action") != "confirm":
                messages.success(request, _("Your corrections are saved."))
                return redirect("imports:detail", pk=plan_import.pk)
            try:
                plan = plan_import_confirm(
                    plan_import=plan_import, by=_person(request), mapping=mapping_units(plan_import)
                )
            except UnresolvedUnits as exc:
                error = _("Choose, for each of these names, the unit it means: %(names)s") % {
                    "names": "; ".join(exc.names)
                }
            except PlanImportError as exc:
                error = str(exc)
            else:
                messages.success(request, _("The plan is imported."))
                return redirect(plan_url(plan) or reverse("imports:detail", args=[plan_import.pk]))
            # The corrections are saved; show them again, fresh, with what stopped the import.
            forms = _forms(plan_import)
        else:
            error = _("Some fields need correcting; see the notes beside them. Nothing was saved.")
            status = 400
    else:
        forms = _forms(plan_import)
    extraction = plan_import.extraction or {}
    return render(
        request,
        "imports/review.html",
        {
            "plan_import": plan_import,
            "extraction": extraction,
            "summary": extraction_summary(extraction),
            "warnings": extraction.get("warnings") or [],
            "error": error,
            **forms,
        },
        status=status,
    )
