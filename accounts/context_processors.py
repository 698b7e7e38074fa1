"""What the navigation offers, asked of the same access functions the views use."""

from typing import Any

from django.http import HttpRequest

from blocs.access import is_operator


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"nav_provinces": user is not None and is_operator(user)}
