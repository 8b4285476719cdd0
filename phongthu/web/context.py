"""Template context every page gets: the menu and who is signed in."""

from __future__ import annotations

from django.http import HttpRequest

from phongthu.org.display import person_name
from phongthu.web.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    return {
        "menu": menu_for(request),
        "person_name": person_name(user) if user.is_authenticated else "",
    }
