"""Forms of the reporting pages. They only validate input; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from phongthu.reporting.deadlines import MAX_DAYS
from phongthu.reporting.periods import Period
from phongthu.reporting.services import MAX_FILES, TEXT_LIMIT
from phongthu.tracking.evidence import ACCEPT, CheckedFile, EvidenceRejected, evidence_check
from phongthu.tracking.metrics import METRIC_MAX, METRICS

_TEXT = {"rows": 6}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _text(label: Any, *, required: bool = False, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class DeadlineForm(forms.Form):
    deadline_days = forms.IntegerField(
        label=_("Reports are due this many days after the cut-off (the 14th)"),
        min_value=0,
        max_value=MAX_DAYS,
    )


class OpenPeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Reporting period"))
    deadline = forms.DateField(
        label=_("Deadline (dd/mm/yyyy)"),
        required=False,
        help_text=_("Leave empty to use the plan's deadline after the cut-off."),
    )
    # Offered once the Office has been told the deadline has passed (see
    # services.request_open_periodic): to record a past period's reports as late.
    past_deadline = forms.BooleanField(
        label=_("Open it with this deadline all the same: reports sent now count as late"),
        required=False,
    )

    def __init__(self, *args: Any, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periods = {p.key: p for p in periods}
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p.key, p.label) for p in periods]

    def chosen(self) -> Period:
        return self.periods[self.cleaned_data["period"]]


class AdHocForm(forms.Form):
    title = forms.CharField(label=_("Title of the request"), max_length=255)
    question = _text(_("What the units must report"), required=True)
    start = forms.DateField(label=_("Figures from (dd/mm/yyyy)"))
    cutoff = forms.DateField(label=_("Figures up to (dd/mm/yyyy)"))
    deadline = forms.DateField(label=_("Deadline (dd/mm/yyyy)"))


class UnitReportForm(forms.Form):
    results = _text(_("Results"), rows=10)
    difficulties = _text(_("Shortcomings, difficulties and their causes"))
    next_steps = _text(_("Key tasks for the next period"))
    proposals = _text(_("Proposals"), rows=4)
    attachments = MultipleFileField(
        label=_("Attached files"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG; several files may be chosen."),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for metric in METRICS:
            self.fields[f"figure_{metric.key}"] = forms.IntegerField(
                label=str(metric.label), min_value=0, max_value=METRIC_MAX, required=False
            )
        self.checked: list[CheckedFile] = []

    @property
    def figure_fields(self) -> list[forms.BoundField]:
        return [self[f"figure_{metric.key}"] for metric in METRICS]

    def figures(self) -> dict[str, int]:
        return {
            metric.key: self.cleaned_data[f"figure_{metric.key}"]
            for metric in METRICS
            if self.cleaned_data.get(f"figure_{metric.key}") is not None
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        uploads = data.get("attachments") or []
        if len(uploads) > MAX_FILES:
            self.add_error("attachments", _("At most %(n)s files per report.") % {"n": MAX_FILES})
            return data
        for upload in uploads:
            try:
                self.checked.append(evidence_check(name=upload.name or "", file=upload))
            except EvidenceRejected as exc:
                self.add_error("attachments", str(exc))
        return data


class ReturnForm(forms.Form):
    reason = _text(_("Why the report is returned"), required=True, rows=3)


class ExtendForm(forms.Form):
    due = forms.DateField(label=_("New deadline (dd/mm/yyyy)"))
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class CompiledForm(forms.Form):
    title = forms.CharField(label=_("Title of the report"), max_length=1000)
    opening = _text(_("Opening"), rows=4)
    results = _text(_("I. Results"), required=True, rows=16)
    difficulties = _text(_("II. Shortcomings, limitations and their causes"), rows=8)
    next_steps = _text(_("III. Key tasks for the next period"), rows=8)
    proposals = _text(_("IV. Proposals and recommendations"), rows=5)
    version = forms.IntegerField(widget=forms.HiddenInput)


class SendBackForm(forms.Form):
    reason = _text(_("What should be changed"), required=True, rows=3)
