"""How people and units are written on pages (Vietnamese order: family name first)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def person_name(user: AbstractBaseUser | AnonymousUser) -> str:
    family = getattr(user, "last_name", "") or ""
    given = getattr(user, "first_name", "") or ""
    full = f"{family} {given}".strip()
    return full or str(getattr(user, "username", ""))
