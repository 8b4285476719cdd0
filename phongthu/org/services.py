"""Writes to the organisation: the one door for creating units, aliases and memberships."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from phongthu.org.models import Membership, OrgUnit, OrgUnitAlias, Role, UnitKind
from phongthu.text import clean, search_key


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
