"""Downloads of official documents: a plan as DOCX or PDF, in the format of Nghị định 30/2020.

Anyone who may read the plan (PLAN_VIEW on the plan's owner) may download it; others get
403. The PDF is made by LibreOffice; where it is not installed, or fails, the person sees
a page saying so with the DOCX link instead, and the log tells the administrator why.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from phongthu.documents.queries import plan_for_rendering
from phongthu.documents.render import Format, RenderedFile
from phongthu.documents.render.pdf import PdfUnavailable, RenderError
from phongthu.org.permissions import Action, can
from phongthu.plans.models import Plan
from phongthu.plans.render import plan_render

logger = logging.getLogger(__name__)

NO_PDF_PROGRAM = _(
    "This server cannot make PDF files yet. Download the DOCX file, which has the same "
    "official format, or ask the system administrator to enable PDF files."
)
PDF_FAILED = _(
    "The PDF file could not be made this time. Try again later, or download the DOCX "
    "file, which has the same official format."
)


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    try:
        plan = plan_for_rendering(plan_id)
    except Plan.DoesNotExist:
        raise Http404 from None
    if not can(request.user, Action.PLAN_VIEW, plan.owner):
        raise PermissionDenied
    return plan


def _download(rendered: RenderedFile) -> HttpResponse:
    response = HttpResponse(rendered.data, content_type=rendered.media_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=rendered.filename
    )
    # A plan changes; a saved copy of yesterday's must not be served as today's.
    response["Cache-Control"] = "private, no-cache"
    return response


def _plan_file(request: HttpRequest, plan_id: int, fmt: Format) -> HttpResponse:
    plan = _plan(request, plan_id)
    try:
        rendered = plan_render(plan, fmt)
    except PdfUnavailable as exc:
        # The person gets the way round it; the administrator the program to install.
        logger.warning("PDF of plan %s asked for: %s", plan.pk, exc)
        return _render_failed(request, plan, 503, NO_PDF_PROGRAM)
    except RenderError as exc:
        logger.error("PDF of plan %s failed: %s", plan.pk, exc)
        return _render_failed(request, plan, 500, PDF_FAILED)
    return _download(rendered)


def _render_failed(
    request: HttpRequest, plan: Plan, status: int, message: str | Promise
) -> HttpResponse:
    return render(
        request,
        "documents/render_failed.html",
        {"plan": plan, "message": message},
        status=status,
    )


@require_GET
def plan_docx(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_file(request, plan_id, "docx")


@require_GET
def plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_file(request, plan_id, "pdf")
