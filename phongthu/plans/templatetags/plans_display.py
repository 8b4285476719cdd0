"""Template filters for plan pages: schedules, document dates and references."""

from __future__ import annotations

from django import template

from phongthu.documents.models import Document
from phongthu.plans import display
from phongthu.plans.models import Task

register = template.Library()


@register.filter
def schedule(task: Task) -> str:
    return display.schedule_label(task)


@register.filter
def docdate(document: Document) -> str:
    return display.document_date(document)


@register.filter
def docref(document: Document) -> str:
    return display.document_reference(document)


@register.filter
def cadence(values: list[str]) -> str:
    return display.cadence_label(values or [])


@register.filter
def tasknum(task: Task) -> str:
    return display.task_number(task)


@register.filter
def planname(document: Document) -> str:
    return display.plan_name(document)
