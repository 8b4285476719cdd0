"""Forms of the administrator's pages. They check the shape of the input; the services
check the rules (reach, roles, names) and raise ValidationError, which the views show here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from phongthu.org.models import BODY_KINDS, OrgUnit, Role, UnitKind
from phongthu.org.permissions import is_superuser
from phongthu.org.queries import sorted_units

OUT_OF_REACH = _("That unit is not within your body.")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.short_name})" if obj.short_name else obj.name


def _unit_field() -> UnitChoiceField:
    return UnitChoiceField(
        queryset=OrgUnit.objects.none(),
        label=_("Unit"),
        error_messages={"invalid_choice": OUT_OF_REACH, "required": _("Choose a unit.")},
    )


def _role_field(roles: list[Role]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Role"),
        choices=[("", "—"), *[(role.value, role.label) for role in roles]],
        error_messages={
            "invalid_choice": _("You cannot give that role."),
            "required": _("Choose a role."),
        },
    )


class _ScopedForm(forms.Form):
    """A form whose unit and role lists hold only what the administrator may give."""

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], roles: list[Role], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, UnitChoiceField)
        field.queryset = units
        # Vietnamese name order in the list; the queryset above still validates the choice.
        field.choices = [
            ("", "—"),
            *[(u.pk, field.label_from_instance(u)) for u in sorted_units(units)],
        ]
        self.fields["role"] = _role_field(roles)


class PersonAddForm(_ScopedForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What the person types to sign in: letters, digits and @ . + - _."),
    )
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    unit = _unit_field()
    role = forms.ChoiceField()
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Tell it to the person in person; they should change it after signing in."),
    )

    field_order = ["full_name", "username", "email", "unit", "role", "position", "password"]


class MembershipAddForm(_ScopedForm):
    unit = _unit_field()
    role = forms.ChoiceField()
    position = forms.CharField(label=_("Position"), max_length=100, required=False)


class PasswordSetForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class UnitAddForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"))

    def __init__(self, *args: Any, by: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        kinds = [k for k in UnitKind if is_superuser(by) or k not in BODY_KINDS]
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]  # type: ignore[attr-defined]


class AliasAddForm(forms.Form):
    alias = forms.CharField(
        label=_("Another name"),
        max_length=255,
        help_text=_(
            "A name documents use for this unit, such as an abbreviation; plan import then "
            "recognises it."
        ),
    )
