"""The organisation: a tree of bodies and units, their aliases, and who works where.

The tree runs province → bodies (a Sở, the provincial command, …) → units (phòng, đơn vị).
`path` is a materialised path ("/1/4/9/") so "everything below X" is one indexed
prefix query, which the permission checks and every scoped list need.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province people's committee")
    COMMAND = "command", _("Command / steering board")
    DEPARTMENT = "department", _("Department")
    OFFICE = "office", _("Office")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    DIVISION = "division", _("Division")
    MILITARY_BOARD = "military_board", _("Military board")
    CENTER = "center", _("Affiliated centre")


# Kinds that are bodies in their own right: they issue documents and own a subtree of
# units. A collective such as "các phòng, đơn vị thuộc Sở" means the units of the body.
BODY_KINDS = frozenset({UnitKind.PROVINCE, UnitKind.COMMAND, UnitKind.DEPARTMENT})


class Role(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership")
    OFFICE = "office", _("Monitoring office")
    UNIT_HEAD = "unit_head", _("Unit head")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    CLERK = "clerk", _("Records clerk")
    HIGHER_BODY = "higher_body", _("Higher body")
    ADMIN = "admin", _("Administrator")


class OrgUnit(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Invented for the demo; not a real unit of the body."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def is_body(self) -> bool:
        return self.kind in BODY_KINDS


class OrgUnitAlias(models.Model):
    """Another way documents write a unit's name ("Phòng quản lý Công nghệ và TTCN").

    `key` is the search key of the alias (case, tone placement and diacritics folded),
    so matching is a plain indexed equality.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("alias"), max_length=255)
    key = models.CharField(max_length=255, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["alias"]
        constraints = [models.UniqueConstraint(fields=["unit", "key"], name="unique_alias_key")]
        verbose_name = _("unit alias")
        verbose_name_plural = _("unit aliases")

    def __str__(self) -> str:
        return self.alias


class Membership(models.Model):
    """A person's place: a unit and a role there. One person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.CharField(_("position"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.unit} ({self.get_role_display()})"
