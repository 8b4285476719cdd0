"""The administrator's pages: people of the body and their roles, units and their names.

Thin: every page asks `can(user, Action.ORG_MANAGE, …)`, lists come from `org.queries`
scoped by `units_for`, and every change goes through `org.services`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongthu.org import queries, services
from phongthu.org.display import person_name
from phongthu.org.forms import (
    AliasAddForm,
    MembershipAddForm,
    PasswordSetForm,
    PersonAddForm,
    UnitAddForm,
)
from phongthu.org.models import OrgUnit
from phongthu.org.permissions import Action, can, grantable_roles, units_for

# The menu entry's label (phongthu.web.navigation); written here too so this app's
# catalogue carries its translation.
SECTION = gettext_lazy("Users and units")


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware guarantees a signed-in person on every page here.
    assert isinstance(request.user, User)
    return request.user


def _manager(request: HttpRequest) -> tuple[User, QuerySet[OrgUnit]]:
    user = _user(request)
    if not can(user, Action.ORG_MANAGE):
        raise PermissionDenied
    return user, units_for(user, Action.ORG_MANAGE)


def _show_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in ValidationError(errors).messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- People --------------------------------------------------------------------------------


@require_GET
def people_list(request: HttpRequest) -> HttpResponse:
    _by, scope = _manager(request)
    return render(
        request, "org/people_list.html", {"section": SECTION, "people": queries.people_in(scope)}
    )


@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest) -> HttpResponse:
    by, scope = _manager(request)
    form = PersonAddForm(request.POST or None, units=scope, roles=grantable_roles(by))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_add(
                by=by,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                unit=data["unit"],
                role=data["role"],
                position=data["position"],
                password=data["password"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request, _("%(person)s can now sign in.") % {"person": person_name(person)}
            )
            return redirect("org:person", pk=person.pk)
    return render(request, "org/person_add.html", {"section": SECTION, "form": form})


def _person(scope: QuerySet[OrgUnit], pk: int) -> User:
    person = queries.person_in(scope, pk)
    if person is None:
        raise Http404
    return person


def _person_page(
    request: HttpRequest,
    by: User,
    scope: QuerySet[OrgUnit],
    person: User,
    *,
    role_form: MembershipAddForm | None = None,
    password_form: PasswordSetForm | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    roles = [
        {"membership": m, "managed": can(by, Action.ORG_MANAGE, m.unit)}
        for m in person.memberships.all()
    ]
    return render(
        request,
        "org/person_detail.html",
        {
            "section": SECTION,
            "person": person,
            "name": person_name(person),
            "roles": roles,
            "role_form": role_form or MembershipAddForm(units=scope, roles=grantable_roles(by)),
            "password_form": password_form or PasswordSetForm(),
            "account_blocker": services.person_account_blocker(by, person),
            "errors": errors or [],
        },
        status=400 if (errors or role_form or password_form) else 200,
    )


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    by, scope = _manager(request)
    return _person_page(request, by, scope, _person(scope, pk))


@require_POST
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    by, scope = _manager(request)
    person = _person(scope, pk)
    form = MembershipAddForm(request.POST, units=scope, roles=grantable_roles(by))
    if form.is_valid():
        try:
            services.membership_add(
                by=by,
                person=person,
                unit=form.cleaned_data["unit"],
                role=form.cleaned_data["role"],
                position=form.cleaned_data["position"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The role has been given."))
            return redirect("org:person", pk=person.pk)
    return _person_page(request, by, scope, person, role_form=form)


@require_POST
def membership_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    by, scope = _manager(request)
    person = _person(scope, pk)
    membership = next((m for m in person.memberships.all() if m.pk == membership_pk), None)
    if membership is None:
        raise Http404
    if not can(by, Action.ORG_MANAGE, membership.unit):
        raise PermissionDenied
    try:
        services.membership_remove(by=by, membership=membership)
    except ValidationError as error:
        return _person_page(request, by, scope, person, errors=error.messages)
    messages.success(request, _("The role has been removed."))
    return redirect("org:person", pk=person.pk)


def _account_change(request: HttpRequest, pk: int, *, active: bool) -> HttpResponse:
    by, scope = _manager(request)
    person = _person(scope, pk)
    try:
        if active:
            services.person_reactivate(by=by, person=person)
        else:
            services.person_deactivate(by=by, person=person)
    except ValidationError as error:
        return _person_page(request, by, scope, person, errors=error.messages)
    if active:
        messages.success(request, _("The account is unlocked."))
    else:
        messages.success(request, _("The account is locked: the person can no longer sign in."))
    return redirect("org:person", pk=person.pk)


@require_POST
def person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_change(request, pk, active=False)


@require_POST
def person_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _account_change(request, pk, active=True)


@require_POST
def person_password(request: HttpRequest, pk: int) -> HttpResponse:
    by, scope = _manager(request)
    person = _person(scope, pk)
    form = PasswordSetForm(request.POST)
    if form.is_valid():
        try:
            services.person_password_set(
                by=by, person=person, password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _("The new password is set. Tell it to %(person)s in person.")
                % {"person": person_name(person)},
            )
            return redirect("org:person", pk=person.pk)
    return _person_page(request, by, scope, person, password_form=form)


# --- Units ---------------------------------------------------------------------------------


@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    _by, scope = _manager(request)
    return render(
        request,
        "org/unit_list.html",
        {"section": SECTION, "tree": queries.org_tree(queries.units_with_aliases(scope))},
    )


def _unit(scope: QuerySet[OrgUnit], pk: int) -> OrgUnit:
    unit = scope.filter(pk=pk).prefetch_related("aliases").first()
    if unit is None:
        raise Http404
    return unit


def _unit_page(
    request: HttpRequest,
    by: User,
    unit: OrgUnit,
    *,
    unit_form: UnitAddForm | None = None,
    alias_form: AliasAddForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "org/unit_detail.html",
        {
            "section": SECTION,
            "unit": unit,
            "children": queries.sorted_units(list(unit.children.all())),
            "unit_form": unit_form or UnitAddForm(by=by),
            "alias_form": alias_form or AliasAddForm(),
        },
        status=400 if (unit_form or alias_form) else 200,
    )


@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    by, scope = _manager(request)
    return _unit_page(request, by, _unit(scope, pk))


@require_POST
def unit_add(request: HttpRequest, pk: int) -> HttpResponse:
    by, scope = _manager(request)
    parent = _unit(scope, pk)
    form = UnitAddForm(request.POST, by=by)
    if form.is_valid():
        try:
            unit = services.org_unit_add(
                by=by,
                parent=parent,
                name=form.cleaned_data["name"],
                short_name=form.cleaned_data["short_name"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("%(unit)s has been added.") % {"unit": unit.name})
            return redirect("org:unit", pk=unit.pk)
    return _unit_page(request, by, parent, unit_form=form)


@require_POST
def alias_add(request: HttpRequest, pk: int) -> HttpResponse:
    by, scope = _manager(request)
    unit = _unit(scope, pk)
    form = AliasAddForm(request.POST)
    if form.is_valid():
        try:
            services.org_unit_alias_record(by=by, unit=unit, alias=form.cleaned_data["alias"])
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The name has been recorded."))
            return redirect("org:unit", pk=unit.pk)
    return _unit_page(request, by, unit, alias_form=form)
