"""Filters of the follow-up pages."""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractBaseUser

from phongthu.org.display import person_name

register = template.Library()


@register.filter
def person(user: AbstractBaseUser | None) -> str:
    """A person as Vietnamese write names: family name first."""
    return person_name(user) if user is not None else ""
