"""Forms of the plan pages: the list filter, a unit's detailed plan, one more sub-plan task.

Forms only check what a person typed and say what is wrong in Vietnamese; the writes are
the services'. A timeframe is accepted when the timeframe reader understands it, so the
schedule the page shows is the one the person meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phongthu.ingest.parse.timeframe import read_timeframe
from phongthu.org.models import OrgUnit
from phongthu.plans.display import task_number
from phongthu.plans.models import Plan, PlanStatus, Task
from phongthu.plans.services import CONTENT_MAX, TIMEFRAME_MAX, TITLE_MAX, SubplanTaskInput


class PlanFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("All statuses")), *PlanStatus.choices]  # type: ignore[attr-defined]


def _timeframe_checked(text: str, year: int) -> str:
    text = (text or "").strip()
    if text and not read_timeframe(text, year=year).understood:
        raise forms.ValidationError(
            _(
                "The timeframe “%(text)s” cannot be read. Write it as, for example: "
                "Thường xuyên, Quý II/%(year)s, Trước ngày 30/6/%(year)s, Tháng 10/%(year)s, "
                "Hằng năm."
            ),
            params={"text": text, "year": year},
        )
    return text


def _content_field() -> forms.CharField:
    return forms.CharField(
        label=_("What the unit will do"),
        required=False,
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _timeframe_field() -> forms.CharField:
    return forms.CharField(
        label=_("Timeframe"),
        required=False,
        max_length=TIMEFRAME_MAX,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Quý II, Trước ngày 30/6")}),
    )


@dataclass
class SubplanRow:
    """One parent task on the form, with the unit's answer to it."""

    task: Task
    content: forms.BoundField
    timeframe: forms.BoundField
    assigned: str  # "lead", "support" or "" — the unit's part in the parent task


class SubplanForm(forms.Form):
    """A unit's detailed plan: its title and, for each parent task, what the unit will do."""

    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)

    def __init__(
        self,
        *args: Any,
        parent: Plan,
        units: list[OrgUnit],
        parent_tasks: list[Task],
        assigned: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.parent = parent
        self.parent_tasks = parent_tasks
        self.assigned = assigned or {}
        unit_field = self.fields["unit"]
        unit_field.queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])  # type: ignore[attr-defined]
        for task in parent_tasks:
            self.fields[f"content_{task.pk}"] = _content_field()
            self.fields[f"timeframe_{task.pk}"] = _timeframe_field()

    def rows(self) -> list[SubplanRow]:
        return [
            SubplanRow(
                task,
                self[f"content_{task.pk}"],
                self[f"timeframe_{task.pk}"],
                self.assigned.get(task.pk, ""),
            )
            for task in self.parent_tasks
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        written = 0
        for task in self.parent_tasks:
            content = (data.get(f"content_{task.pk}") or "").strip()
            timeframe_key = f"timeframe_{task.pk}"
            try:
                data[timeframe_key] = _timeframe_checked(
                    data.get(timeframe_key) or "", self.parent.year
                )
            except forms.ValidationError as error:
                self.add_error(timeframe_key, error)
                continue
            if data[timeframe_key] and not content:
                self.add_error(
                    f"content_{task.pk}", _("Write what the unit will do for this task.")
                )
            written += bool(content)
        if not written and not self.errors:
            raise forms.ValidationError(_("Write at least one task of the unit."))
        return data

    def tasks(self) -> list[SubplanTaskInput]:
        data = self.cleaned_data
        return [
            SubplanTaskInput(
                parent_task=task,
                content=data[f"content_{task.pk}"],
                timeframe_text=data[f"timeframe_{task.pk}"],
            )
            for task in self.parent_tasks
            if (data.get(f"content_{task.pk}") or "").strip()
        ]


class SubplanTaskForm(forms.Form):
    """One more task of a unit's detailed plan."""

    parent_task = forms.ModelChoiceField(
        label=_("Carries out the task"),
        queryset=Task.objects.none(),
        empty_label=None,
    )
    content = forms.CharField(
        label=_("What the unit will do"),
        max_length=CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    timeframe = _timeframe_field()

    def __init__(self, *args: Any, plan: Plan, parent_tasks: QuerySet[Task], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        field = self.fields["parent_task"]
        field.queryset = parent_tasks  # type: ignore[attr-defined]
        field.label_from_instance = _task_choice_label  # type: ignore[attr-defined]

    def clean_timeframe(self) -> str:
        return _timeframe_checked(self.cleaned_data.get("timeframe") or "", self.plan.year)


def _task_choice_label(task: Task) -> str:
    number = task_number(task)
    content = task.content if len(task.content) <= 90 else task.content[:89] + "…"
    return f"{number}. {content}" if number else content
