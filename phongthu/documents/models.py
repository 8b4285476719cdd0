"""Documents as the agency writes and files them (Nghị định 30/2020).

A `Document` holds every field of the extraction as columns (so pages and queries can use
them) and the extraction itself as it was read (so nothing the reader saw is lost). Its
original file is stored under its sha256, never overwritten.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongthu.org.models import OrgUnit


def original_path(instance: Document, filename: str) -> str:
    # Content-addressed: the same bytes always land at the same path, and a new file
    # can never replace an old one under the same name.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"originals/{instance.sha256[:2]}/{instance.sha256}.{suffix[:8]}"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    RECEIVED = "received", _("Received")


class Document(models.Model):
    # What kind of document, and its number
    type = models.CharField(_("document type"), max_length=100, blank=True)
    type_code = models.CharField(_("type code"), max_length=20, blank=True)
    reference = models.CharField(_("number and symbol"), max_length=100, blank=True)
    number = models.CharField(_("number"), max_length=20, blank=True)
    symbol = models.CharField(_("symbol"), max_length=80, blank=True)
    # Who issued it, where and when
    issuer = models.CharField(_("issuing body"), max_length=255, blank=True)
    issuer_parent = models.CharField(_("parent body"), max_length=255, blank=True)
    issuer_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("issuing unit"),
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    date_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date_month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    date_day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    title = models.TextField(_("title"), blank=True)
    # Closing part
    signer_name = models.CharField(_("signer"), max_length=100, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True)
    signer_authority = models.CharField(_("signing authority"), max_length=10, blank=True)
    signer_on_behalf_of = models.CharField(_("on behalf of"), max_length=150, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    archive = models.JSONField(_("archive"), default=list, blank=True)
    # The source
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=10, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    original = models.FileField(_("original file"), upload_to=original_path, blank=True)
    extraction = models.JSONField(_("extraction as read"), null=True, blank=True)
    registered_at = models.DateTimeField(_("numbered at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                condition=~models.Q(sha256=""),
                name="unique_document_file",
            )
        ]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        head = f"{self.type} {self.reference}".strip()
        return f"{head}: {self.title}" if head else self.title

    @property
    def date(self) -> datetime.date | None:
        if self.date_year and self.date_month and self.date_day:
            try:
                return datetime.date(self.date_year, self.date_month, self.date_day)
            except ValueError:
                return None
        return None


class CitationRole(models.TextChoices):
    BASIS = "basis", _("Basis")
    MENTIONED = "mentioned", _("Mentioned")


class Citation(models.Model):
    """A document cited by another, resolved to one in the system when number and date match."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="citations")
    position = models.PositiveIntegerField(default=0)
    type = models.CharField(_("document type"), max_length=100, blank=True)
    reference = models.CharField(_("number and symbol"), max_length=100)
    date = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=255, blank=True)
    role = models.CharField(
        _("role"), max_length=10, choices=CitationRole.choices, default=CitationRole.MENTIONED
    )
    resolved = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cited_by",
        verbose_name=_("document in the system"),
    )

    class Meta:
        ordering = ["document", "position"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self) -> str:
        return f"{self.type} {self.reference}".strip()


class Register(models.Model):
    """The outgoing register (sổ đăng ký văn bản đi): one per issuing body per year."""

    body = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="registers")
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["body", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="unique_register_per_year")
        ]
        verbose_name = _("outgoing register")
        verbose_name_plural = _("outgoing registers")

    def __str__(self) -> str:
        return f"{self.body} — {self.year}"
