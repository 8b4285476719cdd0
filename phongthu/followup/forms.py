"""Forms of the follow-up pages. They check the shape of the input; the services check
the rules (permissions, dates) and raise ValidationError, which the views show here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phongthu.followup.services import MESSAGE_LIMIT
from phongthu.org.display import person_name
from phongthu.org.models import OrgUnit
from phongthu.plans.models import Assignment, Plan

DEFAULT_MESSAGE = _(
    "Please carry out the tasks assigned to your unit under the plan and report their "
    "progress to the Office."
)


def plan_name(plan: Plan) -> str:
    document = plan.document
    head = f"{document.type} {document.reference}".strip()
    title = document.title or ""
    return f"{head}: {title}" if head and title else head or title or str(plan.pk)


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return plan_name(obj)


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)


# A plain dd/mm/yyyy box: the browser's own date picker shows mm/dd/yyyy in an
# English-language browser, which a Vietnamese office would misread.
_DATE = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "ngày/tháng/năm", "inputmode": "numeric"}
)


class ReminderSendForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        queryset=OrgUnit.objects.none(), required=False, label=_("Units")
    )
    assignments = forms.ModelMultipleChoiceField(
        queryset=Assignment.objects.none(), required=False, label=_("Tasks")
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial=DEFAULT_MESSAGE,
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[OrgUnit],
        assignments: QuerySet[Assignment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["assignments"].queryset = assignments  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("units") and not data.get("assignments") and not self.errors:
            raise forms.ValidationError(_("Choose at least one unit or task to remind."))
        return data


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InspectionForm(forms.Form):
    plan = PlanChoiceField(queryset=Plan.objects.none(), label=_("Plan"))
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("Inspected unit"))
    date = forms.DateField(label=_("Date of the inspection"), widget=_DATE)
    inspectors = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Inspectors"),
        widget=forms.CheckboxSelectMultiple,
    )
    inspector_names = forms.CharField(
        label=_("Other inspectors (one per line)"),
        required=False,
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    findings = forms.CharField(
        label=_("Findings (one per line)"),
        required=False,
        max_length=MESSAGE_LIMIT * 4,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    conclusion = forms.CharField(
        label=_("Conclusion"), max_length=MESSAGE_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        required=False,
        max_length=MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        plans: QuerySet[Plan],
        units: list[OrgUnit],
        people: list[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
        # The choices keep the Vietnamese name order; the queryset only validates.
        unit_field = self.fields["unit"]
        unit_field.queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])  # type: ignore[attr-defined]
        unit_field.choices = [("", "---------"), *((u.pk, u.name) for u in units)]  # type: ignore[attr-defined]
        people_field = self.fields["inspectors"]
        people_field.queryset = User.objects.filter(pk__in=[p.pk for p in people])  # type: ignore[attr-defined]
        people_field.choices = [(p.pk, person_name(p)) for p in people]  # type: ignore[attr-defined]

    @property
    def finding_texts(self) -> list[str]:
        text = self.cleaned_data.get("findings") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class FollowUpForm(forms.Form):
    content = forms.CharField(
        label=_("Task"), max_length=MESSAGE_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    due = forms.DateField(label=_("Deadline"), widget=_DATE)
