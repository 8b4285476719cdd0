"""Writes to the organisation: the one door for creating units, aliases and memberships."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from phongthu.org.display import person_name
from phongthu.org.models import BODY_KINDS, Membership, OrgUnit, OrgUnitAlias, Role, UnitKind
from phongthu.org.permissions import Action, can, grantable_roles, is_superuser
from phongthu.org.queries import body_of
from phongthu.text import clean, search_key

# The audit trail proper lives in tracking, which org must not import (dependencies point
# from the apps to org, never back), so changes to people and units go to this log.
audit_log = logging.getLogger("phongthu.org.audit")


@transaction.atomic
def org_unit_create(
    *,
    code: str,
    name: str,
    kind: UnitKind | str,
    parent: OrgUnit | None = None,
    short_name: str = "",
    aliases: list[str] | tuple[str, ...] = (),
    is_sample: bool = False,
    email: str = "",
) -> OrgUnit:
    unit = OrgUnit.objects.create(
        code=code,
        name=clean(name),
        short_name=clean(short_name),
        kind=kind,
        parent=parent,
        is_sample=is_sample,
        email=email,
    )
    # The path needs the row's own id, so it is written right after the insert.
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    for alias in (unit.name, unit.short_name, *aliases):
        if alias:
            org_unit_alias_add(unit=unit, alias=alias)
    return unit


def org_unit_alias_add(*, unit: OrgUnit, alias: str) -> OrgUnitAlias:
    """Record another way of writing the unit's name; adding a known alias changes nothing."""
    alias = clean(alias)
    found, _created = OrgUnitAlias.objects.get_or_create(
        unit=unit, key=search_key(alias).strip(" .;,:"), defaults={"alias": alias}
    )
    return found


@transaction.atomic
def org_unit_move(*, unit: OrgUnit, new_parent: OrgUnit | None) -> OrgUnit:
    """Re-hang a unit and its whole subtree, keeping every materialised path true."""
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise ValueError("A unit cannot be moved below itself.")
    old_prefix = unit.path
    new_prefix = f"{new_parent.path if new_parent else '/'}{unit.pk}/"
    for descendant in OrgUnit.objects.filter(path__startswith=old_prefix).select_for_update():
        descendant.path = new_prefix + descendant.path[len(old_prefix) :]
        if descendant.pk == unit.pk:
            descendant.parent = new_parent
        descendant.save(update_fields=["path", "parent"])
    unit.refresh_from_db()
    return unit


def membership_grant(
    *, user: User, unit: OrgUnit, role: Role | str, position: str = ""
) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"position": position}
    )
    return membership


def membership_revoke(*, user: User, unit: OrgUnit, role: Role | str) -> int:
    deleted, _rows = Membership.objects.filter(user=user, unit=unit, role=role).delete()
    return deleted


@transaction.atomic
def person_create(
    *,
    username: str,
    password: str,
    full_name: str,
    unit: OrgUnit,
    role: Role | str,
    position: str = "",
    email: str = "",
) -> User:
    """Create a login for a person with their first membership."""
    user_model = get_user_model()
    words = clean(full_name).split(" ")
    user = user_model.objects.create_user(
        username=username,
        password=password,
        email=email,
        first_name=words[-1] if words else "",
        last_name=" ".join(words[:-1]),
    )
    membership_grant(user=user, unit=unit, role=role, position=position)
    return user


# --- Managing people and units (the administrator's pages) --------------------------------
# Each function below checks that `by` may manage what it touches, so a caller other than
# the pages (a command, the API) cannot skip the rule. Errors are ValidationErrors worded
# for the person at the keyboard, keyed by the form field they concern where there is one.


def _audit(by: User, action: str, **details: object) -> None:
    audit_log.info(
        "%s by=%s %s",
        action,
        by.username,
        " ".join(f"{key}={value!r}" for key, value in details.items()),
    )


def _require_manage(by: User, unit: OrgUnit) -> None:
    if not can(by, Action.ORG_MANAGE, unit):
        raise PermissionDenied


def _check_role(by: User, role: Role | str) -> Role:
    try:
        chosen = Role(role)
    except ValueError:
        raise ValidationError({"role": _("Choose a role from the list.")}) from None
    if chosen not in grantable_roles(by):
        raise ValidationError(
            {
                "role": _(
                    "You cannot give the role “%(role)s”: it reaches beyond your body. "
                    "Ask the system administrator of the province."
                )
                % {"role": chosen.label}
            }
        )
    return chosen


def _check_unit(by: User, unit: OrgUnit) -> None:
    if not can(by, Action.ORG_MANAGE, unit):
        raise ValidationError(
            {"unit": _("The unit “%(unit)s” is not within your body.") % {"unit": unit.name}}
        )


def person_in_reach(by: User, person: User) -> bool:
    """Whether `by` manages `person` at all: the person holds a role in a unit `by` manages."""
    return any(can(by, Action.ORG_MANAGE, m.unit) for m in person.memberships.all())


def person_account_blocker(by: User, person: User) -> str:
    """Why `by` may not lock, unlock or set the password of `person`; empty when they may.

    The account is the person's everywhere, so an administrator of one body changes it
    only when every role the person holds is inside that body; a superuser's account is
    beyond every body.
    """
    if person.pk == by.pk:
        return _(
            "This is your own account. Change your password from the link at the top of the "
            "page; another administrator locks or unlocks it."
        )
    if is_superuser(by):
        return ""
    if person.is_superuser or person.is_staff:
        return _("This account administers the whole system; only a superuser changes it.")
    if not all(can(by, Action.ORG_MANAGE, m.unit) for m in person.memberships.all()):
        return _(
            "This person also holds a role in another body, whose administrator shares "
            "the account; ask the system administrator of the province."
        )
    return ""


def _require_account(by: User, person: User) -> None:
    if not person_in_reach(by, person):
        raise PermissionDenied
    blocker = person_account_blocker(by, person)
    if blocker:
        raise ValidationError(blocker)


@transaction.atomic
def person_add(
    *,
    by: User,
    username: str,
    full_name: str,
    unit: OrgUnit,
    role: Role | str,
    password: str,
    position: str = "",
    email: str = "",
) -> User:
    """Create a person's login with their first role in a unit of `by`'s body, at once:
    a login without a role, or a role without its login, is never left behind."""
    _check_unit(by, unit)
    chosen = _check_role(by, role)
    username = username.strip()
    full_name = clean(full_name)
    email = email.strip()
    errors: dict[str, list[str]] = {}
    if not full_name:
        errors["full_name"] = [_("Enter the person's full name.")]
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        errors["username"] = [
            _("A username may hold only letters, digits and the characters @ . + - _.")
        ]
    if not username:
        errors["username"] = [_("Enter a username.")]
    elif get_user_model().objects.filter(username__iexact=username).exists():
        errors["username"] = [
            _("The username “%(username)s” is already taken; choose another.")
            % {"username": username}
        ]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("“%(email)s” is not an e-mail address.") % {"email": email}]
    words = full_name.split(" ")
    candidate = get_user_model()(
        username=username, email=email, first_name=words[-1], last_name=" ".join(words[:-1])
    )
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    try:
        # A savepoint, so a lost race for the username leaves the transaction usable.
        with transaction.atomic():
            person = person_create(
                username=username,
                password=password,
                full_name=full_name,
                unit=unit,
                role=chosen,
                position=clean(position),
                email=email,
            )
    except IntegrityError:
        raise ValidationError(
            {
                "username": _("The username “%(username)s” is already taken; choose another.")
                % {"username": username}
            }
        ) from None
    _audit(by, "person.add", person=username, unit=unit.code, role=chosen.value)
    return person


@transaction.atomic
def membership_add(
    *, by: User, person: User, unit: OrgUnit, role: Role | str, position: str = ""
) -> Membership:
    """Give a person managed by `by` another role in a unit of `by`'s body."""
    if not person_in_reach(by, person):
        raise PermissionDenied
    _check_unit(by, unit)
    chosen = _check_role(by, role)
    if Membership.objects.filter(user=person, unit=unit, role=chosen).exists():
        raise ValidationError(
            _("%(person)s already holds the role “%(role)s” in %(unit)s.")
            % {"person": person_name(person), "role": chosen.label, "unit": unit.name}
        )
    membership = membership_grant(user=person, unit=unit, role=chosen, position=clean(position))
    _audit(by, "membership.add", person=person.username, unit=unit.code, role=chosen.value)
    return membership


@transaction.atomic
def membership_remove(*, by: User, membership: Membership) -> None:
    """Take a role away. Two roles stay: an administrator's own last administrator role
    (they would shut themselves out with nobody to let them back in) and a person's only
    role (the person would drop out of every body's list, still able to sign in)."""
    _require_manage(by, membership.unit)
    person = membership.user
    held = list(Membership.objects.select_for_update().filter(user=person))
    if (
        person.pk == by.pk
        and membership.role == Role.ADMIN
        and sum(1 for m in held if m.role == Role.ADMIN) == 1
        and not is_superuser(by)
    ):
        raise ValidationError(
            _(
                "This is your own last administrator role: removing it would leave you "
                "unable to manage the people of your body. Ask another administrator to "
                "remove it."
            )
        )
    if len(held) == 1:
        raise ValidationError(
            _(
                "This is the person's only role. Give them another role first, or lock the "
                "account if they have left."
            )
        )
    membership_revoke(user=person, unit=membership.unit, role=membership.role)
    _audit(
        by,
        "membership.remove",
        person=person.username,
        unit=membership.unit.code,
        role=membership.role,
    )


@transaction.atomic
def person_deactivate(*, by: User, person: User) -> None:
    """Lock an account: the person can no longer sign in; their history stays."""
    _require_account(by, person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    _audit(by, "person.deactivate", person=person.username)


@transaction.atomic
def person_reactivate(*, by: User, person: User) -> None:
    _require_account(by, person)
    person.is_active = True
    person.save(update_fields=["is_active"])
    _audit(by, "person.reactivate", person=person.username)


@transaction.atomic
def person_password_set(*, by: User, person: User, password: str) -> None:
    """Set a password the administrator typed (for a person who forgot theirs); the
    person's open sessions end, as they do after any password change."""
    _require_account(by, person)
    try:
        validate_password(password, user=person)
    except ValidationError as error:
        raise ValidationError({"password": list(error.messages)}) from None
    person.set_password(password)
    person.save(update_fields=["password"])
    # The password itself is never logged.
    _audit(by, "person.password_set", person=person.username)


def _check_name_free(unit_path: str, name: str, *, except_unit: OrgUnit | None = None) -> None:
    """Plan import finds units by name and alias inside the body; a name two units share
    there would match neither, so it is refused here."""
    key = search_key(name).strip(" .;,:")
    clash = OrgUnitAlias.objects.filter(key=key, unit__path__startswith=unit_path).select_related(
        "unit"
    )
    if except_unit is not None:
        clash = clash.exclude(unit=except_unit)
    found = clash.first()
    if found is not None:
        raise ValidationError(
            _("“%(name)s” already names %(unit)s in your body.")
            % {"name": clean(name), "unit": found.unit.name}
        )


def _unit_code(parent: OrgUnit, name: str) -> str:
    base = slugify(search_key(f"{parent.code} {name}"))[:56].strip("-") or "unit"
    code, n = base, 1
    while OrgUnit.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def org_unit_add(
    *, by: User, parent: OrgUnit, name: str, kind: UnitKind | str, short_name: str = ""
) -> OrgUnit:
    """Add a unit (phòng, đơn vị) under a unit of `by`'s body."""
    _require_manage(by, parent)
    name, short_name = clean(name), clean(short_name)
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Enter the unit's name.")]
    try:
        chosen = UnitKind(kind)
    except ValueError:
        errors["kind"] = [_("Choose a kind from the list.")]
    else:
        if chosen in BODY_KINDS and not is_superuser(by):
            errors["kind"] = [
                _("A new body (a department, a command) is added by the system administrator.")
            ]
    if errors:
        raise ValidationError(errors)
    # Unique within the body, where plan import looks a name up first (queries.unit_lookup).
    scope = body_of(parent).path
    for given in (name, short_name):
        if given:
            _check_name_free(scope, given)
    unit = org_unit_create(
        code=_unit_code(parent, short_name or name),
        name=name,
        short_name=short_name,
        kind=chosen,
        parent=parent,
    )
    _audit(by, "org_unit.add", unit=unit.code, parent=parent.code, name=name)
    return unit


@transaction.atomic
def org_unit_alias_record(*, by: User, unit: OrgUnit, alias: str) -> OrgUnitAlias:
    """Record another name documents use for a unit, so plan import maps it there."""
    _require_manage(by, unit)
    alias = clean(alias)
    if not search_key(alias).strip(" .;,:"):
        raise ValidationError({"alias": _("Enter the other name.")})
    if OrgUnitAlias.objects.filter(unit=unit, key=search_key(alias).strip(" .;,:")).exists():
        raise ValidationError(
            {"alias": _("%(unit)s is already known by that name.") % {"unit": unit.name}}
        )
    _check_name_free(body_of(unit).path, alias, except_unit=unit)
    found = org_unit_alias_add(unit=unit, alias=alias)
    _audit(by, "org_unit.alias_add", unit=unit.code, alias=alias)
    return found
