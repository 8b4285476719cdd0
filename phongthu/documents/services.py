"""Writes for documents: from an extraction, citations, and numbering in the register."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from phongthu.documents.models import Citation, CitationRole, Document, DocumentStatus, Register
from phongthu.org.models import OrgUnit


def _iso_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def document_fields(extraction: dict[str, Any]) -> dict[str, Any]:
    """The Document columns an extraction's `document` part fills."""
    doc = extraction.get("document") or {}
    date = doc.get("date") or {}
    signer = doc.get("signer") or {}
    return {
        "type": doc.get("type") or "",
        "type_code": doc.get("type_code") or "",
        "reference": doc.get("reference") or "",
        "number": doc.get("number") or "",
        "symbol": doc.get("symbol") or "",
        "issuer": doc.get("issuer") or "",
        "issuer_parent": doc.get("issuer_parent") or "",
        "place": doc.get("place") or "",
        "date_year": date.get("year"),
        "date_month": date.get("month"),
        "date_day": date.get("day"),
        "title": doc.get("title") or "",
        "signer_name": signer.get("name") or "",
        "signer_position": signer.get("position") or "",
        "signer_authority": signer.get("authority") or "",
        "signer_on_behalf_of": signer.get("on_behalf_of") or "",
        "recipients": list(doc.get("recipients") or []),
        "archive": list(doc.get("archive") or []),
    }


def citation_resolve(*, reference: str, date: datetime.date | None) -> Document | None:
    """The document in the system a citation names: same number and symbol, same date."""
    if not reference:
        return None
    candidates = Document.objects.filter(reference__iexact=reference)
    if date is not None:
        candidates = candidates.filter(
            date_year=date.year, date_month=date.month, date_day=date.day
        )
    found = list(candidates[:2])
    return found[0] if len(found) == 1 else None


@transaction.atomic
def document_create(
    *,
    extraction: dict[str, Any],
    issuer_unit: OrgUnit | None,
    by: User | None,
    data: bytes | None = None,
    status: DocumentStatus = DocumentStatus.RECEIVED,
) -> Document:
    """A document with its citations, from an extraction (as read, or as a person edited it)."""
    source = extraction.get("source") or {}
    document = Document(
        **document_fields(extraction),
        issuer_unit=issuer_unit,
        status=status,
        filename=source.get("filename") or "",
        format=source.get("format") or "",
        sha256=source.get("sha256") or "",
        extraction=extraction,
        created_by=by,
    )
    if data is not None and document.sha256:
        document.original.save(source.get("filename") or "document", ContentFile(data), save=False)
    document.save()
    citations_replace(document=document, citations=extraction.get("citations") or [])
    return document


def citations_replace(*, document: Document, citations: list[dict[str, Any]]) -> list[Citation]:
    document.citations.all().delete()
    rows = []
    for position, item in enumerate(citations):
        date = _iso_date(item.get("date"))
        reference = (item.get("reference") or "").strip()
        if not reference:
            continue
        resolved = citation_resolve(reference=reference, date=date)
        rows.append(
            Citation(
                document=document,
                position=position,
                type=item.get("type") or "",
                reference=reference,
                date=date,
                issuer=item.get("issuer") or "",
                role=item.get("role") or CitationRole.MENTIONED,
                resolved=resolved if resolved and resolved.pk != document.pk else None,
            )
        )
    return Citation.objects.bulk_create(rows)


def citations_relink(*, document: Document) -> int:
    """After a document arrives, link the citations elsewhere that were waiting for it."""
    date = document.date
    waiting = Citation.objects.filter(resolved__isnull=True, reference__iexact=document.reference)
    if date is not None:
        waiting = waiting.filter(date=date)
    return waiting.exclude(document=document).update(resolved=document)


def _register_for(body: OrgUnit, year: int) -> Register:
    try:
        with transaction.atomic():
            register, _created = Register.objects.get_or_create(body=body, year=year)
    except IntegrityError:
        # Another transaction created this year's register between our read and insert.
        register = Register.objects.get(body=body, year=year)
    return register


def format_number(number: int) -> str:
    """Numbers in the register are written from 01 (Nghị định 30/2020, Phụ lục I)."""
    return f"{number:02d}"


@transaction.atomic
def register_issue(*, document: Document, body: OrgUnit, on: datetime.date | None = None) -> str:
    """Give a document the next number of its body's register for the year, atomically.

    The register row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
    transactions serialise writers), so two documents issued at the same moment can never
    receive the same number.
    """
    if document.status == DocumentStatus.ISSUED and document.number:
        return document.reference
    today = on or timezone.localdate()
    register = _register_for(body, today.year)
    register = Register.objects.select_for_update().get(pk=register.pk)
    register.last_number += 1
    register.save(update_fields=["last_number", "updated_at"])
    number = format_number(register.last_number)
    # Without a symbol of its own, the number stands before the type code ("01/KH").
    symbol = document.symbol or document.type_code
    document.number = number
    document.reference = f"{number}/{symbol}" if symbol else number
    document.status = DocumentStatus.ISSUED
    document.date_year, document.date_month, document.date_day = (
        today.year,
        today.month,
        today.day,
    )
    document.registered_at = timezone.now()
    document.save(
        update_fields=[
            "number",
            "reference",
            "status",
            "date_year",
            "date_month",
            "date_day",
            "registered_at",
            "updated_at",
        ]
    )
    citations_relink(document=document)
    return document.reference
