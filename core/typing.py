"""Request types for views. The project's User model lives in accounts, which the apps below it
(core, blocs) do not import: their views see the user as Any and hand it to access.py, which
reads the role attributes every user has (is_board_staff, province_id, agency_id…)."""

from typing import Any

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind @login_required."""

    user: Any
    htmx: HtmxDetails
