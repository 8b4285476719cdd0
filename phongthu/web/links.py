"""Absolute links, for messages read outside the site (e-mail)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *args: object) -> str:
    """The page's full address under PHONGTHU_SITE_URL, which an e-mail reader can click
    (a path alone, "/don-doc/1/", cannot be)."""
    return f"{settings.SITE_URL}{reverse(viewname, args=args)}"
