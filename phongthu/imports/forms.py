"""Forms of the imports pages: the upload, and the review of what was read.

The review is four forms under one <form>: the header, the citations and the tasks as
formsets (one extra blank row each to add to them, a box to delete a row), and the
mapping of unknown unit names. Each row carries the `index` of the row it was read as,
so the fields the page does not show are kept (services.plan_import_update).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from phongthu.imports.services import upload_check
from phongthu.ingest.readers.base import human_size
from phongthu.org.models import OrgUnit

AUTHORITIES = [("", "—"), *((a, a) for a in ("TM.", "KT.", "TL.", "TUQ.", "Q."))]
ROLES = [("basis", _("Basis (Căn cứ)")), ("mentioned", _("Mentioned"))]
ACCEPT = ",".join(
    (".txt", ".md", ".docx", ".docm", ".doc", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Plan document"),
        allow_empty_file=True,  # an empty file gets our own message, from the service
        help_text=_("Word (.docx, .doc), PDF, a scan or photo (PNG, JPEG, TIFF), or plain text."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    owner = forms.TypedChoiceField(
        label=_("For the body"), coerce=int, empty_value=None, required=False
    )
    # A unit's detailed plan of this plan (the plan page links here with ?parent=).
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, owners: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {unit.pk: unit for unit in owners}
        owner = self.fields["owner"]
        assert isinstance(owner, forms.TypedChoiceField)
        owner.choices = [(unit.pk, unit.name) for unit in owners]
        owner.initial = owners[0].pk
        if len(owners) == 1:
            owner.widget = forms.HiddenInput()

    def clean_file(self) -> tuple[bytes, str]:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
            # Refused before the bytes are loaded into memory.
            message = _(
                "The file “%(name)s” is too large (%(size)s); files up to %(limit)s are accepted."
            )
            raise ValidationError(
                message
                % {
                    "name": upload.name,
                    "size": human_size(upload.size),
                    "limit": human_size(settings.MAX_UPLOAD_BYTES),
                }
            )
        data = upload.read()
        upload_check(data=data, filename=upload.name or "")
        return data, upload.name or ""

    def clean_owner(self) -> OrgUnit:
        chosen = self.cleaned_data.get("owner")
        if chosen is None and len(self.owners) == 1:
            # One body to import for: the field is hidden and need not be sent.
            return next(iter(self.owners.values()))
        if chosen not in self.owners:
            raise ValidationError(_("Choose the body the plan belongs to."))
        return self.owners[chosen]


def _text(label: Any, max_length: int, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def _area(label: Any, rows: int = 2, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class HeaderForm(forms.Form):
    type = _text(_("Document type"), 100)
    reference = _text(_("Number and symbol"), 100)
    issuer_parent = _text(_("Parent body"), 255)
    issuer = _text(_("Issuing body"), 255)
    place = _text(_("Place"), 100)
    day = forms.IntegerField(
        label=_("Day"),
        min_value=1,
        max_value=31,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": _("day"), "aria-label": _("Day")}),
    )
    month = forms.IntegerField(
        label=_("Month"),
        min_value=1,
        max_value=12,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": _("month"), "aria-label": _("Month")}),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1945,
        max_value=2100,
        required=False,
        widget=forms.NumberInput(attrs={"placeholder": _("year"), "aria-label": _("Year")}),
    )
    title = _area(_("Title"))
    signer_authority = forms.ChoiceField(
        label=_("Signing authority"), choices=AUTHORITIES, required=False
    )
    signer_on_behalf_of = _text(_("On behalf of"), 150)
    signer_position = _text(_("Signer's position"), 100)
    signer_name = _text(_("Signer"), 100)

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("type", "reference", "issuer_parent", "issuer", "place")]

    def signer_fields(self) -> list[forms.BoundField]:
        names = ("authority", "on_behalf_of", "position", "name")
        return [self[f"signer_{name}"] for name in names]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, month, year = data.get("day"), data.get("month"), data.get("year")
        if day and not month:
            self.add_error("month", _("A day needs its month."))
        elif month and not year:
            self.add_error("year", _("A month needs its year."))
        elif day and month and year:
            try:
                datetime.date(year, month, day)
            except ValueError:
                self.add_error("day", _("This date does not exist."))
        return data

    @staticmethod
    def initial_from(document: dict[str, Any]) -> dict[str, Any]:
        date = document.get("date") or {}
        signer = document.get("signer") or {}
        initial = {
            key: document.get(key) or ""
            for key in ("type", "reference", "issuer_parent", "issuer", "place", "title")
        }
        initial.update(day=date.get("day"), month=date.get("month"), year=date.get("year"))
        initial.update({f"signer_{key}": signer.get(key) or "" for key in signer})
        return initial


class CitationForm(forms.Form):
    index = forms.IntegerField(required=False, widget=forms.HiddenInput)
    type = _text(_("Type"), 100)
    reference = _text(_("Number and symbol"), 100)
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy")}),
    )
    issuer = _text(_("Issued by"), 255)
    role = forms.ChoiceField(label=_("Cited as"), choices=ROLES, initial="mentioned")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("reference") or "").strip():
            self.add_error("reference", _("Enter the number and symbol, or delete the row."))
        return data

    @staticmethod
    def initial_from(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rows = []
        for index, item in enumerate(citations):
            try:
                date = datetime.date.fromisoformat(item["date"]) if item.get("date") else None
            except ValueError:
                date = None
            rows.append(
                {
                    "index": index,
                    "type": item.get("type") or "",
                    "reference": item.get("reference") or "",
                    "date": date,
                    "issuer": item.get("issuer") or "",
                    "role": item.get("role") or "mentioned",
                }
            )
        return rows


class UnitsField(forms.CharField):
    """Unit names, one a line, as a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial: Any, data: Any) -> bool:
        # Compared as lists: a blank new row is unchanged, line endings do not count.
        return self.to_python(initial) != self.to_python(data)


class TaskForm(forms.Form):
    index = forms.IntegerField(required=False, widget=forms.HiddenInput)
    group_label = _text(_("Group"), 20, widget=forms.TextInput(attrs={"size": 3}))
    group_title = _area(_("Group title"), rows=1)
    label = _text(_("No."), 20, widget=forms.TextInput(attrs={"size": 3}))
    content = _area(_("Task"), rows=3)
    lead = UnitsField(label=_("Lead units"), help_text=_("One unit a line."))
    support = UnitsField(label=_("Supporting units"), help_text=_("One unit a line."))
    # A box of two lines: "Trước ngày 30/9/2026" does not fit a one-line field in the
    # narrow column beside the document's text.
    timeframe = _text(_("Timeframe"), 255, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("content") or "").strip():
            self.add_error("content", _("Enter what the task is, or delete the row."))
        return data

    @staticmethod
    def initial_from(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rows = []
        for index, item in enumerate(tasks):
            group = item.get("group") or {}
            rows.append(
                {
                    "index": index,
                    "group_label": group.get("label") or "",
                    "group_title": group.get("title") or "",
                    "label": item.get("label") or "",
                    "content": item.get("content") or "",
                    "lead": "\n".join(item.get("lead") or []),
                    "support": "\n".join(item.get("support") or []),
                    "timeframe": (item.get("timeframe") or {}).get("text") or "",
                }
            )
        return rows


CitationFormSet = forms.formset_factory(CitationForm, extra=1, can_delete=True, max_num=500)
TaskFormSet = forms.formset_factory(TaskForm, extra=1, can_delete=True, max_num=2000)


class MappingForm(forms.Form):
    """For each unit name nobody knows yet, the unit of the body it means."""

    def __init__(
        self,
        *args: Any,
        names: list[str],
        choices: list[OrgUnit],
        chosen: dict[str, OrgUnit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = {unit.pk: unit for unit in choices}
        options = [("", _("— choose the unit —")), *((u.pk, u.name) for u in choices)]
        for i, name in enumerate(names):
            self.fields[f"name_{i}"] = forms.CharField(initial=name, widget=forms.HiddenInput)
            self.fields[f"unit_{i}"] = forms.TypedChoiceField(
                label=name,
                choices=options,
                coerce=int,
                empty_value=None,
                required=False,
                initial=chosen[name].pk if name in chosen else "",
            )
        self.count = len(names)

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"name_{i}"], self[f"unit_{i}"]) for i in range(self.count)]

    def mapping(self) -> dict[str, int]:
        """Name as printed -> unit pk, for the names the person mapped."""
        chosen: dict[str, int] = {}
        for i in range(self.count):
            name = self.cleaned_data.get(f"name_{i}")
            pk = self.cleaned_data.get(f"unit_{i}")
            if name and pk in self.allowed:
                chosen[name] = pk
        return chosen
