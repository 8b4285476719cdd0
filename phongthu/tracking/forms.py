"""Forms of the tracking pages. They only validate input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from phongthu.plans.models import AssignmentState
from phongthu.tracking.evidence import (
    ACCEPT,
    KINDS,
    CheckedFile,
    EvidenceRejected,
    evidence_check,
)
from phongthu.tracking.metrics import METRIC_MAX, METRICS
from phongthu.tracking.services import MAX_FILES, NARRATIVE_MAX, evidence_store

_KEPT_SALT = "phongthu.tracking.kept-file"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def keep_files(files: list[CheckedFile]) -> list[str]:
    """Store checked files and give signed tokens for them, so a form shown again (after
    a conflict or another error) keeps the files without asking for them again."""
    tokens = []
    for checked in files:
        evidence_store(checked)
        tokens.append(
            signing.dumps(
                {
                    "sha": checked.sha256,
                    "ext": checked.kind.extension,
                    "name": checked.name,
                    "size": checked.size,
                },
                salt=_KEPT_SALT,
            )
        )
    return tokens


def kept_file(token: str) -> CheckedFile | None:
    """The stored file a token names, if the token is ours and the file is still there."""
    try:
        data = signing.loads(token, salt=_KEPT_SALT, max_age=60 * 60 * 24)
    except signing.BadSignature:
        return None
    kind = next((k for k in KINDS if k.extension == data.get("ext")), None)
    if kind is None:
        return None
    checked = CheckedFile(
        name=str(data["name"]),
        kind=kind,
        size=int(data["size"]),
        sha256=str(data["sha"]),
        source=None,
    )
    return checked if default_storage.exists(checked.storage_name) else None


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AssignmentState.choices)
    percent = forms.IntegerField(
        label=_("Percent done"), min_value=0, max_value=100, required=False
    )
    narrative = forms.CharField(
        label=_("What the unit has done"),
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG; several files may be chosen."),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, metric_keys: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metric_keys = metric_keys
        for metric in METRICS:
            if metric.key in metric_keys:
                self.fields[f"metric_{metric.key}"] = forms.IntegerField(
                    label=str(metric.label), min_value=0, max_value=METRIC_MAX, required=False
                )
        self.checked: list[CheckedFile] = []
        self.kept_tokens: list[str] = (
            list(self.data.getlist("kept")) if hasattr(self.data, "getlist") else []
        )

    @property
    def metric_fields(self) -> list[forms.BoundField]:
        return [self[f"metric_{key}"] for key in self.metric_keys]

    @property
    def kept_files(self) -> list[CheckedFile]:
        return [f for f in (kept_file(t) for t in self.kept_tokens) if f is not None]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        uploads = data.get("attachments") or []
        if len(uploads) + len(self.kept_tokens) > MAX_FILES:
            raise forms.ValidationError(_("At most %(n)s files per report.") % {"n": MAX_FILES})
        checked = []
        for upload in uploads:
            try:
                checked.append(evidence_check(name=upload.name or "", file=upload))
            except EvidenceRejected as exc:
                self.add_error("attachments", str(exc))
        # Files that passed are kept even when another file or field fails, so the
        # person does not have to choose them again.
        self.kept_tokens += keep_files(checked)
        self.checked = self.kept_files
        return data

    def metrics(self) -> dict[str, int | None]:
        return {key: self.cleaned_data.get(f"metric_{key}") for key in self.metric_keys}


class AssignmentEditForm(forms.Form):
    """The Office corrects an assignment (status, completion day, due date)."""

    state = forms.ChoiceField(label=_("Status"), choices=AssignmentState.choices)
    percent = forms.IntegerField(
        label=_("Percent done"), min_value=0, max_value=100, required=False
    )
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        help_text=_("dd/mm/yyyy; today when left empty for a done task."),
    )
    due = forms.DateField(label=_("Due"), required=False, help_text=_("dd/mm/yyyy"))
    reason = forms.CharField(label=_("Reason for the change"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)
